/** Segment's Live Chat spec events this destination records. */
export type LiveChatEventName =
  | 'Live Chat Conversation Started'
  | 'Live Chat Message Sent'
  | 'Live Chat Message Received'
  | 'Live Chat Conversation Ended'

export interface LiveChatEventSpec {
  name: LiveChatEventName
  /** How the event moves the conversation's clock, for `conversation_duration`. */
  conversation?: 'starts' | 'ends'
}

/**
 * Userlike widget event name -> Live Chat event. "Sent" and "Received" are from the visitor's point of view:
 * `message_operator_terminating` is a message that ends at the operator, i.e. the visitor wrote it.
 * Widget events not listed here record nothing.
 */
export const LIVE_CHAT_EVENTS: ReadonlyMap<string, LiveChatEventSpec> = new Map([
  ['chat_started', { name: 'Live Chat Conversation Started', conversation: 'starts' }],
  ['message_operator_terminating', { name: 'Live Chat Message Sent' }],
  ['message_client_terminating', { name: 'Live Chat Message Received' }],
  ['chat_quit', { name: 'Live Chat Conversation Ended', conversation: 'ends' }]
])

/** Live Chat property -> the field of the widget's session context it is read from. */
export const SESSION_CONTEXT_PROPERTIES = {
  agent_id: 'operator_id',
  agent_name: 'operator_name',
  conversation_id: 'chat_id'
} as const

export type LiveChatProperties = {
  -readonly [Property in keyof typeof SESSION_CONTEXT_PROPERTIES]?: string
} & { conversation_duration?: number }

export interface LiveChatEvent {
  name: LiveChatEventName
  properties: LiveChatProperties
}
