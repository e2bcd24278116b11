/**
 * Memory: heap in use (after two garbage collections) after 100 and after 10,000 conversations with distinct ids,
 * `analytics.track` stubbed as in the events measure; `abandoned`: conversations that never end (no `chat_quit`),
 * where the recorder's bound on open conversations is what keeps the heap flat. The floor's growth is the page's
 * and V8's own.
 */
/* global window -- in the page */
import { runSide } from './initialize.mjs'

/** In the page: `count` conversations from number `from`: start, two messages, and an end unless `abandon`. */
function converse({ from, count, abandon, isFloor }) {
  window.analytics.track = () => Promise.resolve()
  if (isFloor) window.userlikeTrackingEvent = (name) => void window.analytics.track(name)
  const handler = window.userlikeTrackingEvent
  for (let chat = from; chat < from + count; chat++) {
    const session = { chat_id: `chat-${chat}`, operator_id: 7, operator_name: 'Ada' }
    handler('chat_started', {}, session)
    handler('message_operator_terminating', {}, session)
    handler('message_client_terminating', {}, session)
    if (!abandon) handler('chat_quit', {}, session)
  }
}

/** Per side, `{ ended, abandoned }`, each `{ after100, after10000, growth }` in bytes. */
export async function measureHeap(harness) {
  const result = { ours: {}, floor: {} }
  for (const side of ['ours', 'floor']) {
    for (const abandon of [false, true]) {
      result[side][abandon ? 'abandoned' : 'ended'] = await harness.sample(`heap, ${side}`, async (page) => {
        await runSide(harness, page, side, `heap-${side}-${abandon}`)
        const cdp = await harness.cdp()
        const heapAfter = async (from, count) => {
          await page.evaluate(converse, { from, count, abandon, isFloor: side === 'floor' })
          await cdp.send('HeapProfiler.collectGarbage')
          await cdp.send('HeapProfiler.collectGarbage')
          return (await cdp.send('Runtime.getHeapUsage')).usedSize
        }
        const after100 = await heapAfter(0, 100)
        const after10000 = await heapAfter(100, 9900)
        return { after100, after10000, growth: after10000 - after100 }
      })
    }
  }
  return result
}
