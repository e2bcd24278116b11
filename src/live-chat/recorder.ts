import { LIVE_CHAT_EVENTS, SESSION_CONTEXT_PROPERTIES, type LiveChatEvent, type LiveChatProperties } from './events'

/** Longer values are not ids or names but garbage, and would bloat every event they ride on. */
export const MAX_PROPERTY_LENGTH = 256
/** Conversations whose start is remembered for `conversation_duration`; the oldest is forgotten first. */
export const MAX_OPEN_CONVERSATIONS = 50

/**
 * Turns the widget's tracking callback arguments into Live Chat events. It reads only own data properties
 * of the session context (no getters run, nothing inherited), keeps only non-empty strings and finite
 * numbers, and remembers at most `MAX_OPEN_CONVERSATIONS` start times.
 */
export function createLiveChatRecorder(
  emit: (event: LiveChatEvent) => void,
  now: () => number = () => Date.now()
): (eventName: unknown, globalContext: unknown, sessionContext: unknown) => void {
  const startTimes = new Map<string, number>()

  return (eventName, _globalContext, sessionContext) => {
    const name = LIVE_CHAT_EVENTS.get(eventName)
    if (!name) return

    const properties = sessionProperties(sessionContext)
    // Conversations without an id (never an empty one) share one slot: a page rarely has more than one at a time.
    const conversation = properties.conversation_id || ''
    // Started sets the conversation's clock for `conversation_duration`, which Ended reads.
    if (name === 'Live Chat Conversation Started' && !startTimes.has(conversation)) {
      if (startTimes.size >= MAX_OPEN_CONVERSATIONS) startTimes.delete(startTimes.keys().next().value as string)
      startTimes.set(conversation, now())
    }
    if (name === 'Live Chat Conversation Ended') {
      const startedAt = startTimes.get(conversation)
      if (startedAt !== undefined) {
        properties.conversation_duration = Math.max(0, Math.round((now() - startedAt) / 1000))
        startTimes.delete(conversation)
      }
    }
    emit({ name, properties })
  }
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
