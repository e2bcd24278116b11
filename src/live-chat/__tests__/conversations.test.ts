import { STORAGE_KEY, forgetConversations, updateConversation } from '../conversations'
import type { LiveChatEvent } from '../events'
import { createLiveChatRecorder } from '../recorder'
import { ONE_CONVERSATION } from '../../test-facts'

function recorder() {
  const events: LiveChatEvent[] = []
  const record = createLiveChatRecorder((event) => events.push(event))
  return { events, names: () => events.map((event) => event.name), record }
}

/** A conversation on one page: re-opened once, a message each way, ended by the rating view. */
function converse(record: ReturnType<typeof recorder>['record'], chat_id: unknown = 'c-1') {
  record('chat_started', {}, { chat_id, operator_name: 'Grace' })
  record('chat_started', {}, { chat_id, operator_name: 'Grace' })
  record('message_operator_terminating', {}, { chat_id })
  record('message_client_terminating', {}, { chat_id })
  record('feedback_rating_show', {}, { chat_id })
  record('chat_quit', {}, { chat_id })
}

beforeEach(() => {
  jest.restoreAllMocks()
  forgetConversations()
  localStorage.clear()
})

describe('the conversations kept in localStorage', () => {
  it('hold ids and times only: no agent, no message, no visitor data', () => {
    const { record } = recorder()
    converse(record)
    const stored = localStorage.getItem(STORAGE_KEY) ?? ''
    expect(JSON.parse(stored)).toEqual([['c-1', { startedAt: expect.any(Number), ended: true }]])
    expect(stored).not.toContain('Grace')
  })

  it('are forgotten by forgetConversations (sign-out): the same id counts as a new conversation', () => {
    const first = recorder()
    first.record('chat_started', {}, { chat_id: 'c-1' })
    forgetConversations()
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull()
    const next = recorder()
    next.record('chat_started', {}, { chat_id: 'c-1' })
    expect(next.names()).toEqual(['Live Chat Conversation Started'])
  })

  it('are not written again for a repeat: a continued conversation costs its later pages no storage write', () => {
    const { record } = recorder()
    record('chat_started', {}, { chat_id: 'c-1' })
    const setItem = jest.spyOn(Storage.prototype, 'setItem')
    const { record: nextPage, names } = recorder()
    nextPage('chat_started', {}, { chat_id: 'c-1' })
    nextPage('message_client_terminating', {}, { chat_id: 'c-1' })
    expect(setItem).not.toHaveBeenCalled()
    nextPage('chat_quit', {}, { chat_id: 'c-1' })
    expect(setItem).toHaveBeenCalledTimes(1)
    expect(names()).toEqual(['Live Chat Message Received', 'Live Chat Conversation Ended'])
  })

  it('see what another tab wrote after this page last read or wrote them: an end counted there is not sent again', () => {
    const { record, names } = recorder()
    record('chat_started', {}, { chat_id: 'c-1' })
    // The other tab, which started with the same stored conversation, ends it (as its copy of this code writes it).
    const [[id, conversation]] = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as [string, object][]
    localStorage.setItem(STORAGE_KEY, JSON.stringify([[id, { ...conversation, ended: true }]]))

    record('chat_quit', {}, { chat_id: 'c-1' })
    record('chat_started', {}, { chat_id: 'c-2' })
    expect(names()).toEqual(['Live Chat Conversation Started', 'Live Chat Conversation Started'])
    expect((JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]') as [string][]).map(([known]) => known)).toEqual([
      'c-1',
      'c-2'
    ])
  })
})

describe("on a page whose old library changed the built-ins (Prototype.js's Array#toJSON)", () => {
  it('store what the next page reads back: a conversation started here is not started again there', async () => {
    // Prototype.js 1.6: arrays serialize to a string, so `JSON.stringify([[...]])` writes a quoted string.
    Object.defineProperty(Array.prototype, 'toJSON', {
      configurable: true,
      value(this: unknown[]) {
        return `[${this.map((item) => JSON.stringify(item)).join(', ')}]`
      }
    })
    try {
      recorder().record('chat_started', {}, { chat_id: 'c-1' })
      // The next page: its own copy of the modules, reading what this page stored.
      const nextPage: string[] = []
      jest.resetModules()
      const { createLiveChatRecorder: nextRecorder } = await import('../recorder')
      const record = nextRecorder((event) => nextPage.push(event.name))
      record('chat_started', {}, { chat_id: 'c-1' })
      record('feedback_rating_show', {}, { chat_id: 'c-1' })
      expect(nextPage).toEqual(['Live Chat Conversation Ended'])
    } finally {
      delete (Array.prototype as { toJSON?: unknown }).toJSON
    }
  })
})

describe('where Web Storage is missing, full or throws', () => {
  it.each([
    ['reading throws (storage forbidden)', 'getItem'],
    ['writing throws (storage full)', 'setItem']
  ] as const)('%s: nothing throws, and events are still sent, de-duplicated within the page', (_, method) => {
    jest.spyOn(Storage.prototype, method).mockImplementation(() => {
      throw new DOMException('no storage here', method === 'setItem' ? 'QuotaExceededError' : 'SecurityError')
    })
    const { record, names } = recorder()
    expect(() => converse(record)).not.toThrow()
    expect(names()).toEqual(ONE_CONVERSATION)
    // Another recorder of the same page (registered again) shares what this page knows.
    const again = recorder()
    again.record('chat_started', {}, { chat_id: 'c-1' })
    expect(again.names()).toEqual([])
  })

  it('when window.localStorage itself is missing or its getter throws', () => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'localStorage')
    for (const missing of [
      { value: undefined },
      {
        get: () => {
          throw new Error('SecurityError')
        }
      }
    ]) {
      Object.defineProperty(window, 'localStorage', { configurable: true, ...missing })
      try {
        forgetConversations()
        const { record, names } = recorder()
        expect(() => converse(record)).not.toThrow()
        expect(names()).toEqual(ONE_CONVERSATION)
      } finally {
        Object.defineProperty(window, 'localStorage', descriptor!)
      }
    }
  })
})

describe('whatever is found under the key', () => {
  const found: Array<[string, string]> = [
    ['malformed JSON', '[["c-1", {"startedAt": 1'],
    ['an object', '{"c-1": {"startedAt": 1}}'],
    ['a number', '42'],
    ['entries of the wrong shape', '[1, "c-1", null, [], [null, {}], [{}, {}], {"length": 2}]'],
    ['a __proto__ field', '[["c-2", {"__proto__": {"polluted": "yes", "startedAt": 1}}]]'],
    ['a constructor.prototype path', '[["constructor", {"prototype": {"polluted": "yes"}}]]'],
    ['wrong field types', '[["c-2", {"startedAt": "1", "ended": "yes"}], ["c-3", {"startedAt": 1e400}]]'],
    ['a huge id', JSON.stringify([['x'.repeat(10_000), { startedAt: 1 }]])],
    ['a huge value', JSON.stringify([['c-2', { startedAt: 1, filler: 'x'.repeat(1_000_000) }]])]
  ]

  it.each(found)('(%s): never throws, never pollutes, and counts as if nothing were stored', (_, value) => {
    localStorage.setItem(STORAGE_KEY, value)
    const { record, names, events } = recorder()
    expect(() => {
      converse(record, 'c-1')
      converse(record, 'c-2')
      converse(record, '__proto__')
      converse(record, 'constructor')
    }).not.toThrow()
    expect(names()).toEqual([...ONE_CONVERSATION, ...ONE_CONVERSATION, ...ONE_CONVERSATION, ...ONE_CONVERSATION])
    for (const event of events) {
      const duration = event.properties.conversation_duration
      if (duration !== undefined) expect(Number.isInteger(duration) && duration >= 0 && duration < 5).toBe(true)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'startedAt')).toBe(false)
  })

  it('takes a __proto__ id and __proto__ fields as data: a known conversation, no prototype touched', () => {
    localStorage.setItem(
      STORAGE_KEY,
      '[["__proto__", {"startedAt": 1000, "__proto__": {"ended": true}, "polluted": "yes"}], ["toString", {}]]'
    )
    const { record, events } = recorder()
    converse(record, '__proto__')
    converse(record, 'toString')
    expect(events.filter((event) => event.name === 'Live Chat Conversation Started')).toEqual([
      {
        name: 'Live Chat Conversation Started',
        properties: { conversation_id: 'toString', agent_name: 'Grace', proactive: false }
      }
    ])
    expect(events.filter((event) => event.name === 'Live Chat Conversation Ended')).toHaveLength(2)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).ended).toBeUndefined()
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toEqual([
      ['__proto__', { startedAt: 1000, ended: true }],
      ['toString', { startedAt: expect.any(Number), ended: true }]
    ])
  })

  it('keeps the well-formed entries among malformed ones', () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify([7, ['c-1', { startedAt: Date.now() - 5_000 }], ['c-2', 'x']]))
    let seen: unknown
    updateConversation('c-1', (conversation) => (seen = { ...conversation }))
    expect(seen).toEqual({ startedAt: expect.any(Number), ended: false })
  })
})
