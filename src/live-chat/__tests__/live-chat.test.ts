import { PACKAGE_VERSION } from '../../version'
import { forgetConversations } from '../conversations'
import {
  VALID_KEY,
  advanceTimersAsync,
  globals,
  startDestination,
  startWithWidget,
  liveChatEvents,
  finishWidgetLoad,
  widgetEvent,
  settle,
  resetPage
} from '../../test-utils'
import type { StartedDestination } from '../../test-utils'

/** The destination with the example key and a loaded widget, recording Live Chat events unless told not to. */
function startRecording(recordLiveChatEvents = true, additionalWidgetEvents?: string[]): Promise<StartedDestination> {
  return startWithWidget({
    secretKey: VALID_KEY,
    recordLiveChatEvents,
    additionalWidgetEvents: additionalWidgetEvents as never
  })
}

const session = { operator_id: 17, operator_name: 'Grace', chat_id: 'c-42', session_id: 's-1' }
const global = { widget_id: 9, client_uuid: 'u-1', widget_lang: 'en' }

beforeEach(() => {
  resetPage()
  forgetConversations()
})
afterEach(() => jest.useRealTimers())

describe('Live Chat events', () => {
  it.each([
    ['chat_started', 'Live Chat Conversation Started'],
    ['chat_started_proactive', 'Live Chat Conversation Started'],
    ['message_operator_terminating', 'Live Chat Message Sent'],
    ['message_client_terminating', 'Live Chat Message Received'],
    ['chat_quit', 'Live Chat Conversation Ended'],
    ['feedback_rating_show', 'Live Chat Conversation Ended'],
    ['post_survey_show', 'Live Chat Conversation Ended']
  ])('records %s as "%s" with the agent and conversation, through analytics', async (widgetEventName, event) => {
    const started = await startRecording()
    widgetEvent(widgetEventName, global, session)
    await settle()

    const [recorded, ...more] = liveChatEvents(started)
    expect(more).toHaveLength(0)
    expect(recorded).toMatchObject({
      type: 'track',
      event,
      properties: { agent_id: '17', agent_name: 'Grace', conversation_id: 'c-42' },
      context: { integration: { name: 'userlike', version: PACKAGE_VERSION } }
    })
  })

  it('adds conversation_duration in seconds on Ended when this page saw the conversation start', async () => {
    jest.useFakeTimers()
    jest.setSystemTime(new Date('2026-01-01T10:00:00Z'))
    const started = await startDestination({ secretKey: VALID_KEY, recordLiveChatEvents: true })
    for (let i = 0; i < 20 && document.querySelectorAll('script[src]').length === 0; i++) {
      await advanceTimersAsync(0)
    }
    finishWidgetLoad(document.querySelector('script[src]') as HTMLScriptElement)
    await started.initialized

    widgetEvent('chat_started', global, { chat_id: 1 })
    widgetEvent('chat_started', global, { chat_id: 2 })
    await advanceTimersAsync(95_000)
    widgetEvent('chat_quit', global, { chat_id: 1 })
    widgetEvent('chat_quit', global, { chat_id: 3 })
    await advanceTimersAsync(100)

    const ended = liveChatEvents(started).filter((event) => event.event === 'Live Chat Conversation Ended')
    expect(ended.map((event) => event.properties)).toEqual([
      { conversation_id: '1', conversation_duration: 95 },
      { conversation_id: '3' }
    ])
  })

  it('sends one Started and one Ended per conversation, however often the widget repeats them', async () => {
    const started = await startRecording()
    for (const name of ['chat_started', 'chat_started', 'message_operator_terminating', 'chat_started']) {
      widgetEvent(name, global, session)
    }
    for (const name of ['feedback_rating_show', 'post_survey_show', 'chat_quit', 'chat_started']) {
      widgetEvent(name, global, session)
    }
    await settle()
    expect(liveChatEvents(started).map((event) => [event.event, event.properties?.proactive])).toEqual([
      ['Live Chat Conversation Started', false],
      ['Live Chat Message Sent', undefined],
      ['Live Chat Conversation Ended', undefined]
    ])
  })

  it('sends the additional widget events a workspace chose, and warns once about unknown ones', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      const started = await startRecording(true, ['chat_window_maximized', 'chat_window_opened'])
      widgetEvent('chat_window_maximized', global, session)
      widgetEvent('chat_window_minimized', global, session)
      await settle()
      expect(liveChatEvents(started)).toEqual([
        expect.objectContaining({
          event: 'Live Chat Window Opened',
          properties: { agent_id: '17', agent_name: 'Grace', conversation_id: 'c-42' },
          context: expect.objectContaining({ integration: { name: 'userlike', version: PACKAGE_VERSION } })
        })
      ])
      expect(warn.mock.calls.filter(([message]) => String(message).startsWith('Userlike:'))).toEqual([
        ['Userlike: unknown Additional Widget Events ignored: chat_window_opened.']
      ])
    } finally {
      warn.mockRestore()
    }
  })

  it('leaves out properties the widget does not send, and sends nothing else of the contexts', async () => {
    const started = await startRecording()
    widgetEvent('message_client_terminating', { widget_id: 1 }, { operator_name: '', chat_id: null, message: 'hi' })
    await settle()
    expect(liveChatEvents(started).map((event) => event.properties)).toEqual([{}])
  })

  it('records nothing for widget events outside the table', async () => {
    const started = await startRecording()
    for (const name of ['button_displayed', 'chat_window_maximized', 'feedback_submit', '__proto__', 'toString', '']) {
      widgetEvent(name, global, session)
    }
    await settle()
    expect(liveChatEvents(started)).toHaveLength(0)
  })

  it('records nothing and installs no callback when Record Live Chat Events is off', async () => {
    const started = await startRecording(false)
    expect(globals.userlikeTrackingEvent).toBeUndefined()
    expect(liveChatEvents(started)).toHaveLength(0)
  })

  it('never puts the secret key into an event', async () => {
    const started = await startRecording()
    widgetEvent('chat_started', global, session)
    await settle()
    expect(JSON.stringify(started.other.events)).not.toContain(VALID_KEY)
  })
})

describe("the site's own userlikeTrackingEvent handler", () => {
  it('keeps being called with the same arguments and this, and records as well', async () => {
    const calls: unknown[][] = []
    const receivers: unknown[] = []
    globals.userlikeTrackingEvent = function (this: unknown, ...args: unknown[]) {
      receivers.push(this)
      calls.push(args)
    }
    const started = await startRecording()

    const widget = { name: 'widget' }
    ;(globals.userlikeTrackingEvent as (...args: unknown[]) => void).call(widget, 'chat_started', global, session)
    await settle()

    expect(calls).toEqual([['chat_started', global, session]])
    expect(receivers).toEqual([widget])
    expect(liveChatEvents(started).map((event) => event.event)).toEqual(['Live Chat Conversation Started'])
  })

  it('does not stop recording when it throws, and nothing is thrown back into the widget', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    globals.userlikeTrackingEvent = () => {
      throw new Error('site bug')
    }
    const started = await startRecording()

    expect(() => widgetEvent('chat_started', global, session)).not.toThrow()
    await settle()
    expect(liveChatEvents(started).map((event) => event.event)).toEqual(['Live Chat Conversation Started'])
    expect(consoleError).toHaveBeenCalledWith(
      "Userlike: the page's own userlikeTrackingEvent handler threw",
      expect.objectContaining({ message: 'site bug' })
    )
  })
})

describe('malformed widget callback arguments', () => {
  const hostileContext = Object.defineProperty({ chat_id: 'c-1' }, 'operator_name', {
    enumerable: true,
    get() {
      throw new Error('hostile getter')
    }
  })
  const cases: Array<[string, unknown[]]> = [
    ['no arguments', []],
    ['a number as the event name', [42, {}, {}]],
    ['non-object contexts', ['chat_started', 'global', 12]],
    ['null contexts', ['chat_started', null, null]],
    ['an array as the session context', ['chat_started', [], ['x']]],
    ['a throwing getter', ['chat_started', {}, hostileContext]],
    ['a __proto__ key', ['chat_started', {}, JSON.parse('{"__proto__": {"polluted": "yes"}, "chat_id": 5}')]],
    ['a huge string', ['chat_started', {}, { operator_name: 'x'.repeat(1_000_000), chat_id: 'c' }]],
    ['NaN and Infinity ids', ['chat_started', {}, { operator_id: NaN, chat_id: Infinity }]]
  ]

  it.each(cases)('with %s, never throws and never pollutes prototypes', async (_, args) => {
    const started = await startRecording()
    expect(() => widgetEvent(...args)).not.toThrow()
    await settle()

    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    for (const event of liveChatEvents(started)) {
      expect(event.event).toBe('Live Chat Conversation Started')
      const { proactive, ...fromTheWidget } = event.properties ?? {}
      expect(proactive).toBe(false)
      for (const value of Object.values(fromTheWidget)) expect(typeof value).toBe('string')
      expect(JSON.stringify(event.properties).length).toBeLessThan(300)
    }
  })

  it('keeps the own data properties it can read from a context with a throwing getter', async () => {
    const started = await startRecording()
    widgetEvent('chat_started', {}, hostileContext)
    await settle()
    expect(liveChatEvents(started).map((event) => event.properties)).toEqual([
      { conversation_id: 'c-1', proactive: false }
    ])
  })
})
