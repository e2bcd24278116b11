import { MAX_CONVERSATIONS, STORAGE_KEY, forgetConversations } from '../conversations'
import type { LiveChatEvent } from '../events'
import { createLiveChatRecorder } from '../recorder'
import { ENDED, STARTED } from '../../test-facts'

/** A recorder on a page: `events` it sent, `record` plays the widget, `advance` moves the page's clock. */
function recorder(additionalWidgetEvents?: unknown, clock = { now: 1_000_000 }) {
  const events: LiveChatEvent[] = []
  const record = createLiveChatRecorder(
    (event) => events.push(event),
    additionalWidgetEvents,
    () => clock.now
  )
  return { events, record, clock, advance: (ms: number) => (clock.now += ms) }
}

const named = (events: LiveChatEvent[], name: string) => events.filter((event) => event.name === name)

beforeEach(() => {
  forgetConversations()
  localStorage.clear()
})

describe('the counting rules', () => {
  it('sends one Started per conversation however often the widget repeats chat_started, with proactive: false', () => {
    const { events, record } = recorder()
    for (let i = 0; i < 3; i++) record('chat_started', {}, { chat_id: 'a' })
    record('chat_started', {}, { chat_id: 'b' })
    expect(named(events, STARTED).map((event) => event.properties)).toEqual([
      { conversation_id: 'a', proactive: false },
      { conversation_id: 'b', proactive: false }
    ])
  })

  it('sends Started for a proactive conversation, with proactive: true, once', () => {
    const { events, record } = recorder()
    record('chat_started_proactive', {}, { chat_id: 'p', operator_id: 3 })
    record('chat_started', {}, { chat_id: 'p', operator_id: 3 })
    expect(named(events, STARTED).map((event) => event.properties)).toEqual([
      { conversation_id: 'p', agent_id: '3', proactive: true }
    ])
  })

  it.each([['chat_quit'], ['feedback_rating_show'], ['post_survey_show']])(
    'sends one Ended from the first end signal (%s), timed from the first start, and none from later ones',
    (first) => {
      const { events, record, advance } = recorder()
      record('chat_started', {}, { chat_id: 'a' })
      advance(30_000)
      record('chat_started', {}, { chat_id: 'a' })
      advance(31_400)
      record(first, {}, { chat_id: 'a' })
      advance(5_000)
      for (const later of ['chat_quit', 'feedback_rating_show', 'post_survey_show']) record(later, {}, { chat_id: 'a' })
      expect(named(events, ENDED).map((event) => event.properties)).toEqual([
        { conversation_id: 'a', conversation_duration: 61 }
      ])
    }
  )

  it('sends no second Started when an ended conversation is continued', () => {
    const { events, record } = recorder()
    record('chat_started', {}, { chat_id: 'a' })
    record('feedback_rating_show', {}, { chat_id: 'a' })
    record('chat_started', {}, { chat_id: 'a' })
    expect(events.map((event) => event.name)).toEqual([STARTED, ENDED])
  })

  it('sends every message event, as often as the widget sends it', () => {
    const { events, record } = recorder()
    record('chat_started', {}, { chat_id: 'a' })
    for (let i = 0; i < 2; i++) {
      record('message_operator_terminating', {}, { chat_id: 'a' })
      record('message_client_terminating', {}, { chat_id: 'a' })
    }
    expect(events.map((event) => event.name)).toEqual([
      STARTED,
      'Live Chat Message Sent',
      'Live Chat Message Received',
      'Live Chat Message Sent',
      'Live Chat Message Received'
    ])
  })

  it('counts a conversation once across pages: the next page (a new recorder) knows its start', () => {
    const first = recorder()
    first.record('chat_started', {}, { chat_id: 'a' })
    const next = recorder(undefined, { now: first.clock.now + 42_000 })
    next.record('chat_started', {}, { chat_id: 'a' })
    next.record('chat_quit', {}, { chat_id: 'a' })
    expect(first.events.map((event) => event.name)).toEqual([STARTED])
    expect(next.events).toEqual([{ name: ENDED, properties: { conversation_id: 'a', conversation_duration: 42 } }])
  })

  it("counts a conversation once across tabs: another tab's start, found in localStorage, is not sent again", () => {
    // Written as the other tab's copy of this code wrote it.
    localStorage.setItem(STORAGE_KEY, JSON.stringify([['a', { startedAt: 1_000_000 - 90_000, ended: false }]]))
    const { events, record } = recorder()
    record('chat_started', {}, { chat_id: 'a' })
    record('post_survey_show', {}, { chat_id: 'a' })
    expect(events).toEqual([{ name: ENDED, properties: { conversation_id: 'a', conversation_duration: 90 } }])
  })

  it('sends Ended without a duration for a conversation whose start it never saw, once', () => {
    const { events, record } = recorder()
    record('feedback_rating_show', {}, { chat_id: 'x' })
    record('chat_quit', {}, { chat_id: 'x' })
    expect(events).toEqual([{ name: ENDED, properties: { conversation_id: 'x' } }])
  })

  it('counts conversations without an id per page: one Started until it ends, then the next one', () => {
    const { events, record, advance } = recorder()
    record('chat_started', {}, {})
    record('chat_started', {}, undefined)
    advance(61_400)
    record('feedback_rating_show', {}, {})
    record('chat_quit', {}, {})
    record('chat_started', {}, {})
    expect(events).toEqual([
      { name: STARTED, properties: { proactive: false } },
      { name: ENDED, properties: { conversation_duration: 61 } },
      { name: STARTED, properties: { proactive: false } }
    ])
    // A page's conversation without an id is not another page's.
    const next = recorder()
    next.record('chat_started', {}, {})
    expect(next.events).toHaveLength(1)
  })

  it('remembers a bounded number of conversations, forgetting the least recently started or ended first', () => {
    const { events, record } = recorder()
    const opened = MAX_CONVERSATIONS + 10
    for (let id = 0; id < opened; id++) record('chat_started', {}, { chat_id: id })
    for (let id = 0; id < opened; id++) record('chat_started', {}, { chat_id: id })
    // The first ten were forgotten and start again; that pushes out the next ten, and so on: every one is new.
    expect(named(events, STARTED)).toHaveLength(2 * opened)

    events.length = 0
    forgetConversations()
    for (let id = 0; id < MAX_CONVERSATIONS; id++) record('chat_started', {}, { chat_id: id })
    record('chat_quit', {}, { chat_id: 0 }) // conversation 0 ended: the most recently touched now
    record('chat_started', {}, { chat_id: 'newer' }) // pushes out conversation 1, the least recently touched
    record('chat_started', {}, { chat_id: 0 })
    record('chat_started', {}, { chat_id: 1 })
    expect(
      named(events, STARTED)
        .slice(MAX_CONVERSATIONS)
        .map((event) => event.properties.conversation_id)
    ).toEqual(['newer', '1'])
  })

  it('sends messages without reading or writing the stored conversations (they carry no state)', () => {
    const { events, record } = recorder()
    record('chat_started', {}, { chat_id: 'c-1' })
    const getItem = jest.spyOn(Storage.prototype, 'getItem')
    const setItem = jest.spyOn(Storage.prototype, 'setItem')
    record('message_operator_terminating', {}, { chat_id: 'c-1' })
    record('message_client_terminating', {}, { chat_id: 'c-1' })
    expect(events.map((event) => event.name)).toEqual([STARTED, 'Live Chat Message Sent', 'Live Chat Message Received'])
    expect(getItem).not.toHaveBeenCalled()
    expect(setItem).not.toHaveBeenCalled()
  })

  it('still records the event when the session context is a Proxy whose traps throw, or a revoked one', () => {
    const { events, record } = recorder()
    const partlyReadable = new Proxy(
      { chat_id: 'c-1', operator_name: 'Grace' },
      {
        getOwnPropertyDescriptor(target, key) {
          if (key === 'operator_name') throw new Error('hostile trap')
          return Reflect.getOwnPropertyDescriptor(target, key)
        }
      }
    )
    const revoked = Proxy.revocable({}, {})
    revoked.revoke()

    expect(() => record('message_client_terminating', {}, partlyReadable)).not.toThrow()
    expect(() => record('message_operator_terminating', {}, revoked.proxy)).not.toThrow()
    expect(events).toEqual([
      { name: 'Live Chat Message Received', properties: { conversation_id: 'c-1' } },
      { name: 'Live Chat Message Sent', properties: {} }
    ])
  })
})

describe('additional widget events', () => {
  const session = { chat_id: 'c-9', operator_id: 4, operator_name: 'Ada' }

  it('sends only the chosen ones, under their Segment names, with the agent and conversation', () => {
    const { events, record } = recorder(['chat_window_maximized', 'rating_submit', 'button_displayed'])
    record('button_displayed', {}, {})
    record('chat_window_maximized', {}, session)
    record('chat_window_minimized', {}, session)
    record('rating_submit', {}, session)
    record('group_select_show', {}, session)
    expect(events).toEqual([
      { name: 'Live Chat Button Shown', properties: {} },
      { name: 'Live Chat Window Opened', properties: { conversation_id: 'c-9', agent_id: '4', agent_name: 'Ada' } },
      { name: 'Live Chat Rating Submitted', properties: { conversation_id: 'c-9', agent_id: '4', agent_name: 'Ada' } }
    ])
  })

  it('sends an end-of-conversation view both as the one Ended and, when chosen, as itself every time', () => {
    const { events, record } = recorder(['feedback_rating_show'])
    record('chat_started', {}, session)
    record('feedback_rating_show', {}, session)
    record('feedback_rating_show', {}, session)
    expect(events.map((event) => event.name)).toEqual([
      STARTED,
      ENDED,
      'Live Chat Rating Form Shown',
      'Live Chat Rating Form Shown'
    ])
  })

  it('names unknown values in one console warning, and sends the known ones', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      const { events, record } = recorder(['chat_window_minimized', 'window_opened', '__proto__', 42])
      record('chat_window_minimized', {}, {})
      record('window_opened', {}, {})
      record('__proto__', {}, {})
      expect(events).toEqual([{ name: 'Live Chat Window Closed', properties: {} }])
      expect(warn).toHaveBeenCalledTimes(1)
      expect(warn.mock.calls[0]).toEqual([
        'Userlike: unknown Additional Widget Events ignored: window_opened, __proto__, number.'
      ])
    } finally {
      warn.mockRestore()
    }
  })

  it('sends none of them by default, and warns about nothing', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    try {
      for (const setting of [undefined, []]) {
        const { events, record } = recorder(setting)
        record('button_displayed', {}, {})
        record('chat_window_maximized', {}, session)
        expect(events).toEqual([])
      }
      expect(warn).not.toHaveBeenCalled()
    } finally {
      warn.mockRestore()
    }
  })
})
