import { Analytics } from '@segment/analytics-next'
import { VALID_KEY, globals, startDestination, liveChatNames, widgetEvent, settle, resetPage } from '../../test-utils'
import type { StartedDestination } from '../../test-utils'

type Handler = (...args: unknown[]) => void

beforeEach(resetPage)

async function start(): Promise<StartedDestination> {
  return startDestination({ secretKey: VALID_KEY, recordLiveChatEvents: true })
}

describe("the page's own userlikeTrackingEvent, defined at any time", () => {
  it('calls a handler a tag manager defines after the destination started, and keeps recording', async () => {
    const started = await start()
    const tag = jest.fn()
    globals.userlikeTrackingEvent = tag

    widgetEvent('chat_started', { widget_id: 1 }, { chat_id: 'c-1' })
    await settle()
    expect(tag.mock.calls).toEqual([['chat_started', { widget_id: 1 }, { chat_id: 'c-1' }]])
    expect(liveChatNames(started)).toEqual(['Live Chat Conversation Started'])
  })

  it("calls only the page's latest handler when it replaces its own, once per event, and keeps recording", async () => {
    const before = jest.fn()
    globals.userlikeTrackingEvent = before
    const started = await start()
    const later = jest.fn()
    globals.userlikeTrackingEvent = later
    widgetEvent('chat_started', {}, { chat_id: 'c-1' })
    const latest = jest.fn()
    globals.userlikeTrackingEvent = latest
    widgetEvent('message_operator_terminating', {}, { chat_id: 'c-1' })
    await settle()

    expect(before).not.toHaveBeenCalled()
    expect(later.mock.calls.map(([name]) => name)).toEqual(['chat_started'])
    expect(latest.mock.calls.map(([name]) => name)).toEqual(['message_operator_terminating'])
    expect(liveChatNames(started)).toEqual(['Live Chat Conversation Started', 'Live Chat Message Sent'])
  })

  it('calls each handler of a chain once per event when tags wrap the handler they found', async () => {
    const calls: string[] = []
    globals.userlikeTrackingEvent = () => calls.push('page')
    const started = await start()
    // Two tags, each keeping what was there and calling it first: the usual way to add a listener.
    for (const tag of ['tag 1', 'tag 2']) {
      const previous = globals.userlikeTrackingEvent as Handler
      globals.userlikeTrackingEvent = function (this: unknown, ...args: unknown[]) {
        previous.apply(this, args)
        calls.push(tag)
      }
    }

    widgetEvent('chat_started', {}, { chat_id: 'c-1' })
    widgetEvent('chat_quit', {}, { chat_id: 'c-1' })
    await settle()
    expect(calls).toEqual(['page', 'tag 1', 'tag 2', 'page', 'tag 1', 'tag 2'])
    expect(liveChatNames(started)).toEqual(['Live Chat Conversation Started', 'Live Chat Conversation Ended'])
  })

  it('ignores the page assigning back the handler it read, and a handler that throws costs nothing', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const started = await start()
    const installed = globals.userlikeTrackingEvent
    globals.userlikeTrackingEvent = installed
    globals.userlikeTrackingEvent = () => {
      throw new Error('tag bug')
    }

    expect(() => widgetEvent('chat_started', {}, { chat_id: 'c-1' })).not.toThrow()
    await settle()
    expect(liveChatNames(started)).toEqual(['Live Chat Conversation Started'])
    expect(consoleError).toHaveBeenCalledTimes(1)
    expect(consoleError).toHaveBeenCalledWith(
      "Userlike: the page's own userlikeTrackingEvent handler threw",
      expect.objectContaining({ message: 'tag bug' })
    )
  })

  it('never doubles an event when analytics registers the destination again, with a late page handler', async () => {
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    const first = await startDestination({ secretKey: VALID_KEY, recordLiveChatEvents: true }, analytics)
    const tag = jest.fn()
    globals.userlikeTrackingEvent = tag
    const second = await startDestination({ secretKey: VALID_KEY, recordLiveChatEvents: true }, analytics)

    widgetEvent('chat_started', {}, { chat_id: 'c-1' })
    await settle()
    expect(tag).toHaveBeenCalledTimes(1)
    // Both registrations deliver to the same other destination: one event in all.
    expect(second.other.events.filter((event) => event.event === 'Live Chat Conversation Started')).toHaveLength(1)
    expect(first.other.events.filter((event) => event.event === 'Live Chat Conversation Started')).toHaveLength(1)
  })

  it("works through the page's own accessor on the global, and says so once when that accessor keeps its own value", async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const own = jest.fn()
    let held: unknown = own
    Object.defineProperty(window, 'userlikeTrackingEvent', {
      get: () => held,
      set: (value: unknown) => (held = value),
      configurable: true,
      enumerable: true
    })
    const started = await start()
    widgetEvent('chat_started', {}, { chat_id: 'c-1' })
    await settle()
    expect(own).toHaveBeenCalledTimes(1)
    expect(liveChatNames(started)).toEqual(['Live Chat Conversation Started'])
    expect(consoleError).not.toHaveBeenCalled()

    resetPage()
    Object.defineProperty(window, 'userlikeTrackingEvent', { get: () => own, set: () => {}, configurable: true })
    await start()
    expect(consoleError).toHaveBeenCalledTimes(1)
    expect(consoleError).toHaveBeenCalledWith(
      'Userlike: could not install window.userlikeTrackingEvent; Live Chat events are not recorded',
      expect.objectContaining({ message: 'the page keeps another value there' })
    )
  })

  // Last: a global the page declared with `var` cannot be deleted, so it stays for the rest of this file.
  it('still records on a page that declared the global itself (not configurable)', async () => {
    const declared = jest.fn()
    Object.defineProperty(window, 'userlikeTrackingEvent', {
      value: declared,
      writable: true,
      enumerable: true,
      configurable: false
    })
    const started = await start()
    widgetEvent('chat_started', {}, { chat_id: 'c-1' })
    await settle()
    expect(declared).toHaveBeenCalledTimes(1)
    expect(liveChatNames(started)).toEqual(['Live Chat Conversation Started'])
  })
})
