import { updateConversation } from './conversations'
import type { Conversation } from './conversations'
import { warn } from '../userlike-error'
import { isOwnKey } from '../checks'
import { ADDITIONAL_WIDGET_EVENTS } from './events'
import type { LiveChatEvent, LiveChatEventName, LiveChatProperties } from './events'

const STARTED = 'Live Chat Conversation Started'
const ENDED = 'Live Chat Conversation Ended'

/**
 * Userlike widget event name -> Live Chat event. "Sent" and "Received" are from the visitor's point of view:
 * `message_operator_terminating` is a message that ends at the operator, i.e. the visitor wrote it.
 * Several widget events stand for Started and Ended: the counting rules below send each once per conversation.
 * Widget events not listed here (unless opted in, see events.ts), and arguments that are no event name, record nothing.
 * A plain object, read with `isOwnKey`: a page's old `Map` shim (one that ignores the constructor's entries) cannot
 * empty it.
 */
export const LIVE_CHAT_EVENTS: Readonly<Record<string, LiveChatEventName>> = {
  chat_started: STARTED,
  // The site invited the visitor: Started with `proactive: true`.
  chat_started_proactive: STARTED,
  message_operator_terminating: 'Live Chat Message Sent',
  message_client_terminating: 'Live Chat Message Received',
  // Older widgets end a conversation with chat_quit; current ones send none, but show an end-of-conversation view.
  chat_quit: ENDED,
  feedback_rating_show: ENDED,
  post_survey_show: ENDED
}

/** Live Chat property -> the field of the widget's session context it is read from. */
export const SESSION_CONTEXT_PROPERTIES = {
  agent_id: 'operator_id',
  agent_name: 'operator_name',
  conversation_id: 'chat_id'
} as const

/** Longer values are not ids or names but garbage, and would bloat every event they ride on. */
export const MAX_PROPERTY_LENGTH = 256

/**
 * The counting rules: what Started and Ended do to what is known of their conversation, and whether they are sent.
 * A rule returns the properties to add to the event, or nothing when the event is not sent. Messages have no rule:
 * the widget's message events carry no id to tell a repeat from a new message, so each is sent, with no state read.
 */
const COUNTING_RULES: Partial<
  Record<
    LiveChatEventName,
    (conversation: Conversation, now: number, widgetEvent: unknown) => LiveChatProperties | void
  >
> = {
  // Once per conversation: the widget repeats chat_started whenever the conversation is continued (re-opened,
  // reloaded, on another page or tab). Its first start sets the clock for `conversation_duration`.
  [STARTED]: (conversation, now, widgetEvent) => {
    if (conversation.startedAt !== undefined || conversation.ended) return
    conversation.startedAt = now
    return { proactive: widgetEvent === 'chat_started_proactive' }
  },
  // Once per conversation: chat_quit where the widget sends it, else the first end-of-conversation view.
  [ENDED]: (conversation, now) => {
    if (conversation.ended) return
    conversation.ended = true
    const { startedAt } = conversation
    return startedAt === undefined ? {} : { conversation_duration: Math.max(0, Math.round((now - startedAt) / 1000)) }
  }
}

/**
 * Turns the widget's tracking callback arguments into Live Chat events, counted by the rules above across pages and
 * tabs (conversations.ts); also the opted-in `additionalWidgetEvents`. It reads only own data properties of the
 * session context (no getters run, nothing inherited) and keeps only non-empty strings and finite numbers.
 */
export function createLiveChatRecorder(
  emit: (event: LiveChatEvent) => void,
  additionalWidgetEvents?: unknown,
  now: () => number = () => Date.now()
): (eventName: unknown, globalContext: unknown, sessionContext: unknown) => void {
  const additional = additionalEvents(additionalWidgetEvents)
  // A conversation without an id (never an empty one) is counted in this page only, in memory.
  let pageConversation: Conversation = {}

  return (eventName, _globalContext, sessionContext) => {
    const name = isOwnKey(LIVE_CHAT_EVENTS, eventName) ? LIVE_CHAT_EVENTS[eventName] : undefined
    const additionalName = isOwnKey(additional, eventName) ? additional[eventName] : undefined
    if (!name && !additionalName) return

    const properties = sessionProperties(sessionContext)
    const id = properties.conversation_id
    if (name) {
      const rule = COUNTING_RULES[name]
      const count = (conversation: Conversation) => rule && rule(conversation, now(), eventName)
      // Without an id, a start after the end cannot be the same conversation again: it is the page's next one.
      if (!id && pageConversation.ended && name === STARTED) pageConversation = {}
      const added = !rule ? {} : id ? updateConversation(id, count) : count(pageConversation)
      if (added) emit({ name, properties: { ...properties, ...added } })
    }
    if (additionalName) emit({ name: `Live Chat ${additionalName}`, properties })
  }
}

/** The setting's widget events -> their Segment names; unknown values are named once in a console warning. */
function additionalEvents(setting: unknown): Record<string, string> {
  const chosen: Record<string, string> = {}
  const unknown: string[] = []
  for (const value of Array.isArray(setting) ? (setting as unknown[]) : []) {
    if (isOwnKey(ADDITIONAL_WIDGET_EVENTS, value)) chosen[value] = ADDITIONAL_WIDGET_EVENTS[value]
    else unknown.push(typeof value === 'string' ? value : typeof value)
  }
  if (unknown.length) warn(`unknown Additional Widget Events ignored: ${unknown.join(', ')}.`)
  return chosen
}

function sessionProperties(sessionContext: unknown): LiveChatProperties {
  const properties: LiveChatProperties = {}
  for (const [property, field] of Object.entries(SESSION_CONTEXT_PROPERTIES)) {
    let value = ownDataValue(sessionContext, field)
    // Ids may come as numbers or strings; the spec wants strings.
    if (Number.isFinite(value)) value = String(value)
    if (typeof value === 'string' && value.trim() !== '' && value.length <= MAX_PROPERTY_LENGTH) {
      properties[property as keyof typeof SESSION_CONTEXT_PROPERTIES] = value
    }
  }
  return properties
}

function ownDataValue(object: unknown, key: string): unknown {
  try {
    // Throws for null and undefined; finds nothing on other primitives.
    // An accessor's descriptor has no `value`: its getter never runs.
    return Object.getOwnPropertyDescriptor(object, key)?.value
  } catch {
    // Also a Proxy whose trap throws, or a revoked one: that field is unreadable, but the chat event still happened.
    return undefined
  }
}
