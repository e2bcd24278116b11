import type { Analytics } from '@segment/analytics-next'
import { safely, warn } from '../userlike-error'
import { isPlainObject } from '../checks'
import type { PlainObject } from '../checks'
import { watchGlobal } from './globals'
import type { UserlikeWindow } from './globals'
import { callWidget, handOver } from './userlike-data'
import type { Layer } from './userlike-data'

/** Longer names and emails are not a person's but garbage (or an attack on the operator's screen). */
export const MAX_CONTACT_LENGTH = 256
/** Custom data handed to the widget, serialized as JSON, in characters: the keys that fit are kept. */
export const MAX_CUSTOM_DATA_LENGTH = 16 * 1024

/**
 * What a failed hand-over reports. The page and the widget own the objects touched here: a frozen userlikeData, a
 * throwing getter or a broken setData costs that step only (`safely`), not the widget nor analytics.
 */
const NOT_HANDED_OVER = 'could not hand the visitor to the widget'

/** What the destination may tell the widget about a visitor, and which visitor that is. */
export interface VisitorUpdate {
  /** The event's `userId` and `anonymousId`, as analytics stamped them. */
  userId?: unknown
  anonymousId?: unknown
  name?: unknown
  email?: unknown
  /** The mapped Custom Data, as the actions' field is named. */
  customData?: unknown
}

/**
 * The visitor whose data the widget holds: who they are (as analytics stamps events), their contact fields and
 * custom data (each key's JSON, and the value parsed from it: a copy no page object or getter reaches).
 */
let visitor = nobody()
let lastWarning = ''
/** Whether the destination was registered on this page before (see `startHandOver`). */
let registered = false

/**
 * Hands an identified visitor to the widget. The same visitor merges into what the widget holds: the same
 * `userId`, or, while they were anonymous, the same `anonymousId` (signing in keeps it). Anyone else replaces it
 * entirely. With `analytics`, an event about someone other than its current user is dropped.
 */
export function updateVisitor(update: VisitorUpdate, analytics?: Analytics): void {
  safely(() => {
    // An event about someone analytics no longer has as its user (delivered after a sign-out or after the next
    // identify, possibly out of order) changes nothing: the visitor it was about is gone.
    if (analytics && isStale(update, analytics)) return
    adopt(update)
    mergeAndHandOver(update)
  }, NOT_HANDED_OVER)
}

/**
 * Update Custom Data: merges custom data about analytics' current visitor, under the rules of `updateVisitor`. An
 * event about anyone else changes nothing. Where the widget holds another visitor, or the one handed over at start
 * (whose identity was not asked), the event's visitor replaces it, with the contact analytics stores for them.
 */
export function updateCustomData(update: VisitorUpdate, analytics: Analytics): void {
  safely(() => {
    if (isStale(update, analytics)) return
    const { customData } = update
    mergeAndHandOver(adopt(update) ? { customData } : { ...storedContact(analytics), customData })
  }, NOT_HANDED_OVER)
}

/**
 * Sign-out: takes everything this destination handed over back out of `userlikeData` and the widget, and asks the
 * widget to end the contact's session where it offers that (`logout`, unverified on the legacy API).
 */
export function forgetVisitor(): void {
  visitor = nobody()
  safely(() => handOver(layer()), 'could not take the visitor back from the widget on sign-out')
  safely(() => callWidget('logout'), 'could not end the widget session on sign-out')
}

/**
 * When the destination starts (and when consent is granted again): hands over the visitor analytics already knows,
 * and keeps it in a `userlikeData` the page assigns later.
 */
export function startHandOver(analytics: Analytics): void {
  safely(() => {
    // The stored traits, without asking whose they are: analytics-next's id() and anonymousId() rewrite its cookies
    // on every read (about 1.6 ms of main thread in Chromium, most of what initialize would cost). The next identify
    // replaces what this hands over, and analytics-next fills its traits from the stored ones for the same user.
    // Only a later registration on the same page asks: it keeps the visitor handed over before only if that is still
    // analytics' user (then an identify's custom data is not taken back and pushed again).
    if (registered && (visitor.anonymousId === undefined || isStale(visitor, analytics))) visitor = nobody()
    registered = true
    mergeAndHandOver(storedContact(analytics))
    watchGlobal('userlikeData', () => pageData, keepVisitorIn)
  }, NOT_HANDED_OVER)
}

/**
 * The widget's API is up (control.ts): it read userlikeData when it started, so what changed since, or what a page
 * that assigned its own userlikeData after the destination started (but before the widget) left out, comes now.
 */
export function pushVisitorToWidget(): void {
  safely(() => handOver(layer(), isPlainObject((window as UserlikeWindow).userlikeData)), NOT_HANDED_OVER)
}

let pageData: unknown

/**
 * The page assigned its own `userlikeData` (or this module did, where there was none): the visitor goes into it
 * too, and both reach the widget when it starts. No push: a hand-over that changed something pushes itself.
 */
function keepVisitorIn(data: unknown): void {
  pageData = data
  safely(() => handOver(layer(), false), NOT_HANDED_OVER)
}

/** Merges the update into the visitor and hands the result over, saying once what was left out. */
function mergeAndHandOver(update: VisitorUpdate): void {
  const left = remember(update)
  const wanted = layer(left)
  warnLeftOut(left)
  handOver(wanted)
}

function nobody() {
  return {
    userId: null as unknown,
    anonymousId: undefined as unknown,
    user: {} as PlainObject,
    /** Custom data keys in the order they came (the bound keeps the first that fit), and each key's JSON and value. */
    customKeys: [] as string[],
    custom: Object.create(null) as Record<string, [json: string, value: unknown]>
  }
}

/**
 * Makes the update's visitor the one the widget holds, and says whether it was already: the same `userId`, or, while
 * they were anonymous, the same `anonymousId` (signing in keeps it). Anyone else starts afresh.
 */
function adopt(update: VisitorUpdate): boolean {
  const userId = update.userId || null
  const same = visitor.userId === null ? update.anonymousId === visitor.anonymousId : userId === visitor.userId
  if (!same) visitor = nobody()
  visitor.userId = userId
  visitor.anonymousId = update.anonymousId
  return same
}

/** The contact analytics stores for its current user: its traits' name and email (see `startHandOver`). */
function storedContact(analytics: Analytics): VisitorUpdate {
  const { name, email } = (analytics.user().traits() || {}) as PlainObject
  return { name, email }
}

function isStale({ userId, anonymousId }: VisitorUpdate, analytics: Analytics): boolean {
  const user = analytics.user()
  return (userId || null) !== (user.id() || null) || (anonymousId != null && anonymousId !== user.anonymousId())
}

/**
 * Merges the update into the visitor: empty values never replace, too long or unserializable ones are left out
 * (returned, for the warning).
 */
function remember({ name, email, customData: custom }: VisitorUpdate): string[] {
  const left: string[] = []
  for (const [field, value] of [
    ['name', name],
    ['email', email]
  ] as const) {
    const trimmed = typeof value === 'string' ? value.trim() : ''
    if (trimmed.length > MAX_CONTACT_LENGTH) left.push(`${field} (over ${MAX_CONTACT_LENGTH} characters)`)
    else if (trimmed !== '') visitor.user[field] = trimmed
  }
  if (isPlainObject(custom)) {
    for (const key of Object.keys(custom)) {
      // An own "__proto__" key (from JSON.parse) would otherwise replace the prototype of `custom`.
      if (key === '__proto__') continue
      let json: string | undefined
      try {
        const value = custom[key]
        // A value that cannot fit (a base64 avatar, a pasted document) is never serialized, parsed nor kept.
        if (key.length + minimumJsonLength(value, MAX_CUSTOM_DATA_LENGTH) > MAX_CUSTOM_DATA_LENGTH) {
          left.push(overTheBound(key))
          continue
        }
        json = JSON.stringify(value)
      } catch {
        // Cycles, BigInt, throwing getters or toJSON.
        left.push(`custom data ${JSON.stringify(key)} (not serializable)`)
        continue
      }
      const known = visitor.custom[key]
      if (json === undefined || json === known?.[0]) continue
      const value: unknown = JSON.parse(json)
      if (!known) visitor.customKeys.push(key)
      if (!known || !(value === null || (typeof value === 'string' && value.trim() === ''))) {
        visitor.custom[key] = [json, value]
      }
    }
  }
  return left
}

/**
 * The visitor as `userlikeData` sections: custom data in the order its keys came, as long as it fits (the keys
 * that do not are added to `left`).
 */
function layer(left: string[] = []): Layer {
  const custom: PlainObject = {}
  let room = MAX_CUSTOM_DATA_LENGTH - 1
  for (const key of visitor.customKeys) {
    const [json, value] = visitor.custom[key]
    // `"key":value,` ; the braces and the missing last comma are the 1 taken off `room`.
    const length = JSON.stringify(key).length + json.length + 2
    if (length > room) {
      left.push(overTheBound(key))
    } else {
      room -= length
      custom[key] = value
    }
  }
  return { user: { ...visitor.user }, custom }
}

/**
 * At least how many characters `JSON.stringify(value)` writes, counted until they pass `limit`: a string its
 * characters and quotes, a number, boolean or null one, an object or array its brackets and entries (a key only with
 * a value that is written), so the figure never exceeds the real one. Runs getters and throws for a cycle, as
 * serializing would. A value with its own `toJSON` counts nothing: its JSON is measured once written.
 */
function minimumJsonLength(value: unknown, limit: number, ancestors: object[] = []): number {
  if (typeof value === 'string') return value.length + 2
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return 1
  if (typeof value !== 'object' || typeof (value as PlainObject).toJSON === 'function') return 0
  if (ancestors.includes(value)) throw new TypeError('a cycle')
  ancestors.push(value)
  let length = 2
  const isArray = Array.isArray(value)
  for (const key of Object.keys(value)) {
    if (length > limit) break
    const entry = minimumJsonLength((value as PlainObject)[key], limit - length, ancestors)
    length += entry && (isArray ? entry : key.length + entry)
  }
  ancestors.pop()
  return length
}

function overTheBound(key: string): string {
  return `custom data ${JSON.stringify(key)} (over ${MAX_CUSTOM_DATA_LENGTH / 1024} KB in all)`
}

/** One console warning per distinct problem: the same identify delivered again (registered twice) adds none. */
function warnLeftOut(left: string[]): void {
  const warning = left.length ? `not handed to the widget: ${left.join(', ')}.` : ''
  if (warning && warning !== lastWarning) warn(warning)
  lastWarning = warning
}
