/**
 * Per-event cost: a widget event, from `window.userlikeTrackingEvent(name, globalCtx, sessionCtx)` up to the
 * `analytics.track` call, which a counting stub replaces on both sides (analytics-next's pipeline is not ours); the
 * floor's callback only calls `analytics.track(name)`. Each event runs in its own task, as the widget fires them on
 * a page. `performance.now()` steps by 100 µs at random thresholds: coarse per event, unbiased over a batch of 1,000
 * (docs/benchmark.md). Then message events alone (no stored state), and a batch in one burst, for comparison.
 */
/* global window -- in the page */
import { runSide, untilWidgetRan } from '../sides.mjs'

/** In the page: stubs `analytics.track`; on the floor, installs the least a callback can do. */
function prepare(isFloor) {
  window.trackCalls = 0
  window.benchChats = 0
  window.analytics.track = () => {
    window.trackCalls++
    return Promise.resolve()
  }
  if (isFloor) {
    window.userlikeTrackingEvent = (name) => {
      void window.analytics.track(name)
    }
  }
}

/**
 * In the page: median µs per event over `batches` batches of `perBatch` conversations (distinct ids), each sending
 * `names` (the kinds timed); every event in its own task, or, with `burst`, each batch in one task.
 */
async function timeEvents({ batches, perBatch, names, burst }) {
  const handler = window.userlikeTrackingEvent
  const global = { widget_id: 'bench' }
  const channel = new MessageChannel()
  const nextTask = () =>
    new Promise((resolve) => {
      channel.port1.onmessage = resolve
      channel.port2.postMessage(null)
    })
  const perEvent = []
  for (let b = 0; b < batches; b++) {
    const calls = []
    for (let c = 0; c < perBatch; c++) {
      const session = { chat_id: ++window.benchChats, operator_id: 7, operator_name: 'Ada' }
      for (const name of names) calls.push([name, session])
    }
    let elapsed = 0
    for (const group of burst ? [calls] : calls.map((call) => [call])) {
      await nextTask()
      const start = performance.now()
      for (const [name, session] of group) handler(name, global, session)
      elapsed += performance.now() - start
    }
    perEvent.push((elapsed * 1000) / calls.length)
  }
  channel.port1.close()
  perEvent.sort((x, y) => x - y)
  return { median: perEvent[perEvent.length >> 1], trackCalls: window.trackCalls }
}

const MESSAGES = ['message_operator_terminating', 'message_client_terminating']
/** A conversation: the verdict's mix. Started and Ended write the conversation store (localStorage); messages do not. */
const CONVERSATION = ['chat_started', ...MESSAGES, 'chat_quit']

/** Each side's median µs per event: of a conversation, of message events alone, of a conversation in a burst. */
export async function measureEvents(harness, { batches, perBatch }) {
  const result = {}
  for (const side of ['ours', 'floor']) {
    result[side] = await harness.sample(`events, ${side}`, async (page) => {
      await runSide(harness, page, side, `events-${side}`)
      await untilWidgetRan(page) // its 88 ms task and garbage land before the timing, not in it
      await page.evaluate(prepare, side === 'floor')
      const time = async (names, burst = false) => {
        await page.evaluate(timeEvents, { batches: 5, perBatch, names, burst }) // warm-up: the JIT settles
        const { median, trackCalls } = await page.evaluate(timeEvents, { batches, perBatch, names, burst })
        if (trackCalls === 0) throw new Error(`${side}: no widget event reached analytics.track`)
        return median
      }
      return {
        conversation: await time(CONVERSATION),
        message: await time(MESSAGES),
        burst: await time(CONVERSATION, true)
      }
    })
  }
  return {
    oursUs: result.ours.conversation,
    floorUs: result.floor.conversation,
    oursMessageUs: result.ours.message,
    floorMessageUs: result.floor.message,
    oursBurstUs: result.ours.burst,
    floorBurstUs: result.floor.burst
  }
}
