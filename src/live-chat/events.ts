/** Segment's Live Chat spec events this destination records. */
export type LiveChatEventName =
  | 'Live Chat Conversation Started'
  | 'Live Chat Message Sent'
  | 'Live Chat Message Received'
  | 'Live Chat Conversation Ended'

/**
 * Userlike widget event name -> Live Chat event. "Sent" and "Received" are from the visitor's point of view:
 * `message_operator_terminating` is a message that ends at the operator, i.e. the visitor wrote it.
 * Widget events not listed here, and arguments that are no event name at all, record nothing.
 */
export const LIVE_CHAT_EVENTS: ReadonlyMap<unknown, LiveChatEventName> = new Map([
  ['chat_started', 'Live Chat Conversation Started'],
  ['message_operator_terminating', 'Live Chat Message Sent'],
  ['message_client_terminating', 'Live Chat Message Received'],
  ['chat_quit', 'Live Chat Conversation Ended']
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
