/**
 * What this browser knows of recent conversations, so that each is counted once however many pages, reloads and
 * tabs it spans: per conversation id, when it started and whether it ended. Ids and times only: no message content,
 * no visitor data.
 *
 * Kept in localStorage under `STORAGE_KEY` (every tab of the site sees it), as JSON
 * `[[id, { startedAt?, ended? }], ...]` (times in ms since 1970), least recently started or ended first (messages
 * need no state, so they never read it). That one is forgotten when more than `MAX_CONVERSATIONS` are known: a
 * conversation is remembered for as long as fewer than that many others started or ended after it (days, on any real
 * site), and until sign-out.
 * Where Web Storage is missing, full or throws, this page keeps them in memory instead.
 */

export const STORAGE_KEY = 'userlike-web-actions:conversations'
export const MAX_CONVERSATIONS = 50
/** Ids longer than this are never recorded (see the recorder); a longer stored value is not ours. */
const MAX_ID_LENGTH = 256
const MAX_STORED_LENGTH = MAX_CONVERSATIONS * (MAX_ID_LENGTH + 64)

export interface Conversation {
  startedAt?: number
  ended?: boolean
}

/** `[id, conversation]`, least recently started or ended first: an array, not a `Map`, which a page's old shim may break. */
type Known = Array<[string, Conversation]>

/** Set once Web Storage failed in this page: from then on, this page's conversations live here only. */
let memory: Known | undefined

/**
 * The stored text this page last read or wrote, and what it holds. Parsing and checking 50 entries on every Started
 * and Ended cost about 100 µs: unchanged text (no other tab wrote since) is not parsed again.
 */
let cached: { text: unknown; known: Known } | undefined

/**
 * Hands `change` the conversation known by `id` (a new one: `{}`). When `change` returns something (it changed the
 * conversation), keeps what it left there, as the most recently active conversation; when it returns nothing (a
 * repeat), nothing is written: a write costs about 0.1 ms in Chromium. Returns what `change` returns. Never throws
 * (unless `change` does).
 */
export function updateConversation<T>(
  id: string,
  change: (conversation: Conversation) => T | undefined
): T | undefined {
  const known = memory || load()
  const index = indexOf(known, id)
  const conversation = index < 0 ? {} : known[index][1]
  const result = change(conversation)
  if (result === undefined) return result
  putLast(known, id, conversation)
  if (known.length > MAX_CONVERSATIONS) known.shift()
  if (!memory) save(known)
  return result
}

/**
 * A conversation that started in the last `IN_PROGRESS_MS` and has not ended is in progress: the placeholder chat
 * button then gives way to the real widget at once, so that the operator's replies reach the visitor. Older ones
 * count as over: a conversation the visitor left without the rating view or survey never ends in this store.
 */
export const IN_PROGRESS_MS = 24 * 60 * 60 * 1000

export function conversationInProgress(now = Date.now()): boolean {
  return (memory || load()).some(
    ([, { startedAt, ended }]) => !ended && startedAt !== undefined && now - startedAt < IN_PROGRESS_MS
  )
}

/** Forgets every conversation, in memory and in storage (a visitor signing out). */
export function forgetConversations(): void {
  memory = cached = undefined
  try {
    localStorage.removeItem(STORAGE_KEY)
  } catch {
    // No storage: nothing stored either.
  }
}

function load(): Known {
  let text: unknown
  try {
    text = localStorage.getItem(STORAGE_KEY)
  } catch {
    // Missing or forbidden (private modes, blocked cookies, a sandbox): this page counts in memory.
    return (memory = [])
  }
  if (cached && cached.text === text) return cached.known
  const known: Known = []
  try {
    const entries: unknown = typeof text === 'string' && text.length <= MAX_STORED_LENGTH ? JSON.parse(text) : []
    // Whatever else is found there (another script's value, a hand edit, a hostile page) is dropped, entry by entry;
    // only the two fields are copied, so nothing else of a stored object comes along.
    for (const entry of Array.isArray(entries) ? entries.slice(-MAX_CONVERSATIONS) : []) {
      const [id, stored] = Array.isArray(entry) ? entry : []
      const { startedAt, ended } = (stored || {}) as Record<string, unknown>
      if (typeof id === 'string' && id.length <= MAX_ID_LENGTH) {
        // An id stored twice (not by us) counts once, where it was stored last.
        putLast(known, id, {
          startedAt: Number.isFinite(startedAt) ? (startedAt as number) : undefined,
          ended: ended === true
        })
      }
    }
  } catch {
    // Malformed JSON: start afresh; the next save replaces it.
  }
  cached = { text, known }
  return known
}

/** Where `id` stands in `known`, or -1. */
function indexOf(known: Known, id: string): number {
  let index = known.length - 1
  while (index >= 0 && known[index][0] !== id) index--
  return index
}

/** Makes `id` the most recently active conversation, holding `conversation`. */
function putLast(known: Known, id: string, conversation: Conversation): void {
  const index = indexOf(known, id)
  if (index >= 0) known.splice(index, 1)
  known.push([id, conversation])
}

function save(known: Known): void {
  try {
    const text = serialize(known)
    localStorage.setItem(STORAGE_KEY, text)
    cached = { text, known }
  } catch {
    // Full or throwing: keep counting in memory for the rest of this page.
    memory = known
  }
}

/**
 * The store's JSON. `JSON.stringify` of an array goes through `Array.prototype.toJSON`, which old libraries
 * (Prototype.js) define to return a string, so that the store would read back as no conversations: on such a page it
 * is written entry by entry (about half as fast again, so not everywhere: a write is most of what an event costs).
 */
function serialize(known: Known): string {
  if (typeof ([] as { toJSON?: unknown }).toJSON !== 'function') return JSON.stringify(known)
  return `[${known.map(([id, conversation]) => `[${JSON.stringify(id)},${JSON.stringify(conversation)}]`).join(',')}]`
}
