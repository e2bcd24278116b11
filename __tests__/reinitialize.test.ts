import { Analytics } from '@segment/analytics-next'
import {
  VALID_KEY,
  finishWidgetLoad,
  resetPage,
  settle,
  startDestination,
  widgetEvent,
  widgetScriptAdded,
  widgetScripts,
  type StartedDestination
} from './helpers'

const globals = window as unknown as Record<string, unknown>
const settings = { secretKey: VALID_KEY, recordLiveChatEvents: true }

const liveChatEvents = (...started: StartedDestination[]) =>
  started.flatMap(({ other }) => other.events.filter((event) => event.event?.startsWith('Live Chat')))

beforeEach(resetPage)

describe('initialize again on a new Analytics instance (a single-page app re-creating analytics)', () => {
  it('adds no second widget script and records each widget event once, on the new instance', async () => {
    const first = await startDestination(settings, new Analytics({ writeKey: 'test-write-key' }))
    finishWidgetLoad(await widgetScriptAdded())
    await first.initialized

    const second = await startDestination(settings, new Analytics({ writeKey: 'test-write-key' }))
    await expect(second.initialized).resolves.toBeUndefined()
    expect(widgetScripts()).toHaveLength(1)

    widgetEvent('chat_started', {}, { chat_id: 'c-1' })
    widgetEvent('message_operator_terminating', {}, { chat_id: 'c-1' })
    await settle()

    expect(liveChatEvents(first)).toHaveLength(0)
    expect(liveChatEvents(second).map((event) => event.event)).toEqual([
      'Live Chat Conversation Started',
      'Live Chat Message Sent'
    ])
  })

  it('does the same when the second registration comes while the widget script is still loading', async () => {
    const first = await startDestination(settings, new Analytics({ writeKey: 'test-write-key' }))
    const script = await widgetScriptAdded()
    const second = await startDestination(settings, new Analytics({ writeKey: 'test-write-key' }))
    await settle()
    expect(widgetScripts()).toHaveLength(1)

    finishWidgetLoad(script)
    await expect(first.initialized).resolves.toBeUndefined()
    await expect(second.initialized).resolves.toBeUndefined()

    widgetEvent('message_client_terminating', {}, { operator_id: 3 })
    await settle()
    expect(liveChatEvents(first, second).map((event) => event.event)).toEqual(['Live Chat Message Received'])
  })

  it("keeps the page's own handler called exactly once per widget event after both registrations", async () => {
    const pageCalls: unknown[][] = []
    globals.userlikeTrackingEvent = (...args: unknown[]) => pageCalls.push(args)
    const first = await startDestination(settings, new Analytics({ writeKey: 'test-write-key' }))
    finishWidgetLoad(await widgetScriptAdded())
    await first.initialized
    const second = await startDestination(settings, new Analytics({ writeKey: 'test-write-key' }))
    await second.initialized

    widgetEvent('chat_started', {}, {})
    await settle()
    expect(pageCalls).toEqual([['chat_started', {}, {}]])
    expect(liveChatEvents(first, second)).toHaveLength(1)
  })

  it('hands identify on the new instance to the widget', async () => {
    const first = await startDestination(settings, new Analytics({ writeKey: 'test-write-key' }))
    const api = finishWidgetLoad(await widgetScriptAdded())
    await first.initialized
    const second = await startDestination(settings, new Analytics({ writeKey: 'test-write-key' }))
    await second.initialized

    await second.analytics.identify('user-2', { name: 'Grace', email: 'grace@example.com' })
    expect(api.setData).toHaveBeenLastCalledWith(
      expect.objectContaining({ user: { name: 'Grace', email: 'grace@example.com' } })
    )
  })
})
