import { LIVE_CHAT_EVENTS, SESSION_CONTEXT_PROPERTIES, type LiveChatEvent, type LiveChatProperties } from './events'

/** Longer values are not ids or names but garbage, and would bloat every event they ride on. */
export const MAX_PROPERTY_LENGTH = 256
/** Conversations whose start is remembered for `conversation_duration`; the oldest is forgotten first. */
export const MAX_OPEN_CONVERSATIONS = 50

/** Conversations without an id share one slot: a page rarely has more than one conversation at a time. */
const UNKNOWN_CONVERSATION = ''

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
    const spec = typeof eventName === 'string' ? LIVE_CHAT_EVENTS.get(eventName) : undefined
    if (!spec) return

    const properties = sessionProperties(sessionContext)
    const conversation = properties.conversation_id ?? UNKNOWN_CONVERSATION
    if (spec.conversation === 'starts' && !startTimes.has(conversation)) {
      if (startTimes.size >= MAX_OPEN_CONVERSATIONS) startTimes.delete(startTimes.keys().next().value as string)
      startTimes.set(conversation, now())
    }
    if (spec.conversation === 'ends') {
      const startedAt = startTimes.get(conversation)
      if (startedAt !== undefined) {
        properties.conversation_duration = Math.max(0, Math.round((now() - startedAt) / 1000))
        startTimes.delete(conversation)
      }
    }
    emit({ name: spec.name, properties })
  }
}

function sessionProperties(sessionContext: unknown): LiveChatProperties {
  const properties: LiveChatProperties = {}
  if (typeof sessionContext !== 'object' || sessionContext === null) return properties
  for (const [property, field] of Object.entries(SESSION_CONTEXT_PROPERTIES)) {
    const value = asPropertyString(ownDataValue(sessionContext, field))
    if (value !== undefined) properties[property as keyof typeof SESSION_CONTEXT_PROPERTIES] = value
  }
  return properties
}

function ownDataValue(object: object, key: string): unknown {
  try {
    const descriptor = Object.getOwnPropertyDescriptor(object, key)
    return descriptor && 'value' in descriptor ? descriptor.value : undefined
  } catch {
    // A Proxy whose trap throws, or a revoked one: that field is unreadable, but the chat event still happened.
    return undefined
  }
}

/** Ids may come as numbers or strings; the spec wants strings. */
function asPropertyString(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value
  return typeof text === 'string' && text.trim() !== '' && text.length <= MAX_PROPERTY_LENGTH ? text : undefined
}
