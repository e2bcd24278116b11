/**
 * Per-event cost: a widget event, from `window.userlikeTrackingEvent(name, globalCtx, sessionCtx)` up to the
 * `analytics.track` call, which a counting stub replaces on both sides (analytics-next's pipeline is not ours). The
 * floor's callback only calls `analytics.track(name)`. Median per-event time of batches of conversations (start,
 * two messages, end; distinct ids), after warm-up batches; then of message events alone, which need no stored state.
 */
/* global window -- in the page */
import { runSide } from '../sides.mjs'

/** In the page: stubs `analytics.track`; on the floor, installs the least a callback can do. */
function prepare(isFloor) {
  window.trackCalls = 0
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
 * In the page: median µs per event over `batches` batches of `perBatch` conversations, 4 events each (`names`:
 * which of them are sent, to time one kind alone).
 */
function timeEvents({ batches, perBatch, names }) {
  const handler = window.userlikeTrackingEvent
  const global = { widget_id: 'bench' }
  const perEvent = []
  let chat = 0
  for (let b = 0; b < batches; b++) {
    const calls = []
    for (let c = 0; c < perBatch; c++) {
      const session = { chat_id: ++chat, operator_id: 7, operator_name: 'Ada' }
      for (const name of names) calls.push([name, session])
    }
    const start = performance.now()
    for (const [name, session] of calls) handler(name, global, session)
    perEvent.push(((performance.now() - start) * 1000) / calls.length)
  }
  perEvent.sort((x, y) => x - y)
  return { median: perEvent[perEvent.length >> 1], trackCalls: window.trackCalls }
}

const MESSAGES = ['message_operator_terminating', 'message_client_terminating']
/** A conversation: the verdict's mix. Started and Ended write the conversation store (localStorage); messages do not. */
const CONVERSATION = ['chat_started', ...MESSAGES, 'chat_quit']

/** Each side's median µs per event of a conversation, and ours per message event alone. */
export async function measureEvents(harness, { batches, perBatch }) {
  const result = {}
  for (const side of ['ours', 'floor']) {
    result[side] = await harness.sample(`events, ${side}`, async (page) => {
      await runSide(harness, page, side, `events-${side}`)
      await page.evaluate(prepare, side === 'floor')
      const time = async (names) => {
        await page.evaluate(timeEvents, { batches: 5, perBatch, names }) // warm-up: the JIT settles
        const { median, trackCalls } = await page.evaluate(timeEvents, { batches, perBatch, names })
        if (trackCalls === 0) throw new Error(`${side}: no widget event reached analytics.track`)
        return median
      }
      return { conversation: await time(CONVERSATION), message: await time(MESSAGES) }
    })
  }
  return {
    oursUs: result.ours.conversation,
    floorUs: result.floor.conversation,
    oursMessageUs: result.ours.message,
    floorMessageUs: result.floor.message
  }
}
