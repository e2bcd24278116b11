import { Analytics } from '@segment/analytics-next'
import {
  VALID_KEY,
  globals,
  startDestination,
  widgetScripts,
  widgetScriptAdded,
  startWithWidget,
  liveChatEvents,
  finishWidgetLoad,
  widgetEvent,
  settle,
  resetPage
} from '../test-utils'

const settings = { secretKey: VALID_KEY, recordLiveChatEvents: true }

beforeEach(resetPage)

describe('initialize again on a new Analytics instance (a single-page app re-creating analytics)', () => {
  it('adds no second widget script and records each widget event once, on the new instance', async () => {
    const first = await startWithWidget(settings, new Analytics({ writeKey: 'test-write-key' }))

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
    const first = await startWithWidget(settings, new Analytics({ writeKey: 'test-write-key' }))
    const second = await startDestination(settings, new Analytics({ writeKey: 'test-write-key' }))
    await second.initialized

    widgetEvent('chat_started', {}, {})
    await settle()
    expect(pageCalls).toEqual([['chat_started', {}, {}]])
    expect(liveChatEvents(first, second)).toHaveLength(1)
  })

  it('hands identify on the new instance to the widget', async () => {
    const { api } = await startWithWidget(settings, new Analytics({ writeKey: 'test-write-key' }))
    const second = await startDestination(settings, new Analytics({ writeKey: 'test-write-key' }))
    await second.initialized

    await second.analytics.identify('user-2', { name: 'Grace', email: 'grace@example.com' })
    expect(api.setData).toHaveBeenLastCalledWith(
      expect.objectContaining({ user: { name: 'Grace', email: 'grace@example.com' } })
    )
  })
})

describe('initialize again with Record Live Chat Events turned off', () => {
  it("stops recording, and the widget's events reach only the page's own handler", async () => {
    const siteHandler = jest.fn()
    globals.userlikeTrackingEvent = siteHandler
    const first = await startWithWidget(settings, new Analytics({ writeKey: 'test-write-key' }))

    const second = await startDestination({ ...settings, recordLiveChatEvents: false })
    await second.initialized

    widgetEvent('chat_started', {}, { chat_id: 'c-1' })
    await settle()
    expect(liveChatEvents(first, second)).toHaveLength(0)
    expect(siteHandler).toHaveBeenCalledTimes(1)
  })
})

describe('a page that guards userlikeTrackingEvent', () => {
  it('still loads the widget when the global cannot be written, and says why nothing is recorded', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const frozen = jest.fn()
    Object.defineProperty(window, 'userlikeTrackingEvent', { value: frozen, writable: false, configurable: true })

    const started = await startDestination(settings)
    finishWidgetLoad(await widgetScriptAdded())
    await expect(started.initialized).resolves.toBeUndefined()
    expect(globals.userlikeTrackingEvent).toBe(frozen)
    expect(consoleError).toHaveBeenCalledWith(
      'Userlike: could not install window.userlikeTrackingEvent; Live Chat events are not recorded',
      expect.any(TypeError)
    )
  })

  it("treats a site handler whose proxy traps throw as the site's, and keeps calling it", async () => {
    const calls: unknown[][] = []
    globals.userlikeTrackingEvent = new Proxy((...args: unknown[]) => void calls.push(args), {
      has() {
        throw new Error('hostile trap')
      }
    })
    const started = await startDestination(settings)
    finishWidgetLoad(await widgetScriptAdded())
    await expect(started.initialized).resolves.toBeUndefined()

    widgetEvent('chat_started', {}, { chat_id: 'c-9' })
    await settle()
    expect(calls).toEqual([['chat_started', {}, { chat_id: 'c-9' }]])
    expect(liveChatEvents(started).map((event) => event.properties)).toEqual([
      { conversation_id: 'c-9', proactive: false }
    ])
  })
})

describe('registering again on the same analytics instance (setup code run on every route)', () => {
  it('hands each identify to the widget once, and each sign-out once, however often it registered', async () => {
    const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    const first = await startDestination({ secretKey: VALID_KEY }, analytics)
    const api = finishWidgetLoad(await widgetScriptAdded())
    const logout = jest.fn()
    Object.assign(api, { logout })
    await first.initialized
    for (let route = 0; route < 3; route++)
      await (
        await startDestination({ secretKey: VALID_KEY }, analytics)
      ).initialized

    await analytics.identify('user-1', { name: 'Ada', email: 'ada@example.com', bio: 'b'.repeat(20_000) })
    expect(api.setData).toHaveBeenCalledTimes(1)
    expect(api.userlikeUpdateAPI).toHaveBeenCalledTimes(1)
    expect(consoleWarn).toHaveBeenCalledTimes(1)

    analytics.reset()
    expect(api.setData).toHaveBeenCalledTimes(2)
    expect(api.setData).toHaveBeenLastCalledWith({ user: {}, custom: {} })
    expect(logout).toHaveBeenCalledTimes(1)
  })
})
