/**
 * Memory: heap in use (after garbage collections, until it stops shrinking) after 100 and after 10,000 conversations with distinct ids,
 * `analytics.track` stubbed as in the events measure; then 9,900 conversations that never end (no `chat_quit`),
 * where the recorder's bound on open conversations is what keeps the heap flat. The floor's growth is the page's
 * and V8's own.
 */
/* global window -- in the page */
import { runSide, untilWidgetRan } from '../sides.mjs'

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

/**
 * Per side, in a new renderer process each (a long-lived one has already grown its string table and code space):
 * `ended` (100 to 10,000 conversations that end) and then, in the same page, `abandoned` (9,900 more that never
 * end), each `{ before, after, growth }` in bytes.
 */
export async function measureHeap(harness) {
  const result = {}
  for (const side of ['ours', 'floor']) {
    await harness.fresh()
    result[side] = await harness.sample(`heap, ${side}`, async (page) => {
      await runSide(harness, page, side, `heap-${side}`)
      // The widget stand-in holds its script text (60 KB): readings taken before it ran and after it differed by
      // 60 to 220 KB from run to run, on either side.
      await untilWidgetRan(page)
      const cdp = await harness.cdp()
      const heapAfter = async (from, count, abandon) => {
        await page.evaluate(converse, { from, count, abandon, isFloor: side === 'floor' })
        // Collect until the heap stops shrinking: V8 frees some memory only on a later collection (old code,
        // compilation caches), and a reading that still holds it made a run's growth hundreds of KB negative.
        let used = Infinity
        for (let round = 0; round < 6; round++) {
          await cdp.send('HeapProfiler.collectGarbage')
          const { usedSize } = await cdp.send('Runtime.getHeapUsage')
          if (used - usedSize < 1024) return Math.min(used, usedSize)
          used = usedSize
        }
        return used
      }
      const after100 = await heapAfter(0, 100, false)
      const after10000 = await heapAfter(100, 9900, false)
      const afterAbandoned = await heapAfter(10000, 9900, true)
      return {
        ended: { before: after100, after: after10000, growth: after10000 - after100 },
        abandoned: { before: after10000, after: afterAbandoned, growth: afterAbandoned - after10000 }
      }
    })
  }
  return result
}
