import { MAX_OPEN_CONVERSATIONS, createLiveChatRecorder } from '../src/live-chat/recorder'
import type { LiveChatEvent } from '../src/live-chat/events'

describe('the Live Chat recorder', () => {
  function recorder() {
    const events: LiveChatEvent[] = []
    let clock = 0
    const record = createLiveChatRecorder(
      (event) => events.push(event),
      () => clock
    )
    return { events, record, advance: (ms: number) => (clock += ms) }
  }

  it('remembers a bounded number of open conversations, forgetting the oldest first', () => {
    const { events, record, advance } = recorder()
    const opened = MAX_OPEN_CONVERSATIONS + 10
    for (let id = 0; id < opened; id++) record('chat_started', {}, { chat_id: id })
    advance(5_000)
    for (let id = 0; id < opened; id++) record('chat_quit', {}, { chat_id: id })

    const durations = events
      .filter((event) => event.name === 'Live Chat Conversation Ended')
      .map((event) => event.properties.conversation_duration)
    expect(durations.slice(0, 10)).toEqual(Array(10).fill(undefined))
    expect(durations.slice(10)).toEqual(Array(MAX_OPEN_CONVERSATIONS).fill(5))
  })

  it('keeps the first start of a conversation that is started again', () => {
    const { events, record, advance } = recorder()
    record('chat_started', {}, { chat_id: 'a' })
    advance(3_000)
    record('chat_started', {}, { chat_id: 'a' })
    advance(3_000)
    record('chat_quit', {}, { chat_id: 'a' })
    expect(events.at(-1)?.properties).toEqual({ conversation_id: 'a', conversation_duration: 6 })
  })

  it('times a conversation without an id from its start to its end', () => {
    const { events, record, advance } = recorder()
    record('chat_started', {}, {})
    advance(61_400)
    record('chat_quit', {}, undefined)
    record('chat_quit', {}, {})
    expect(events.slice(1).map((event) => event.properties)).toEqual([{ conversation_duration: 61 }, {}])
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
