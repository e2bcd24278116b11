import type { Analytics, Context, Plugin } from '@segment/analytics-next'
import { isPlainObject } from './checks'
import { reportError, safely } from './userlike-error'

/**
 * Segment's Consent Management, as this destination follows it. The categories it needs are its
 * `consentSettings.categories`, which analytics-next merges into its settings from the CDN settings' `integrations`
 * entry; the visitor's choice is what Segment's consent tools stamp on every event,
 * `context.consent.categoryPreferences`. Both consent models need this: in the opt-out model the tools load every
 * destination and only block the events sent to it, so the widget, the visitor hand-over and the Live Chat events
 * must wait here for a yes.
 *
 * - No categories configured: granted, and nothing is watched (no cost).
 * - Categories configured: unknown until the first event; a stamped event grants them all or denies; an unstamped
 *   first event means no consent tools run on this page (granted), and once a stamp has been seen, unstamped events
 *   change nothing.
 */
export type ConsentState = 'granted' | 'denied' | 'unknown'

let needed: unknown[] = []
let state: ConsentState = 'granted'
let stamped = false
let listener: ((granted: boolean) => void) | undefined
/** The analytics instances watched: registering the destination again adds no second watcher. */
const watched: Analytics[] = []

/**
 * Reads every event before any destination does, whatever this destination's subscriptions: an enrichment plugin.
 * A source middleware added now would run before the consent tools' stamp (analytics-next applies their buffered
 * middleware after the remote plugins register) and never see it.
 */
const watcher: Plugin = {
  name: 'Userlike Web (Actions) consent',
  type: 'enrichment',
  version: '1.0.0',
  isLoaded: () => true,
  load: () => Promise.resolve()
}
for (const type of ['track', 'page', 'identify', 'group', 'alias', 'screen'] as const) {
  watcher[type] = (ctx: Context) => {
    safely(() => observe(ctx.event.context?.consent?.categoryPreferences), 'could not read the consent on an event')
    return ctx
  }
}

/** Called by the runtime definition's `initialize`, before anything of the destination starts. */
export function watchConsent(settings: object, analytics: Analytics): void {
  // Not a setting of the definition: analytics-next merges it in from the CDN settings' `integrations` entry.
  const { consentSettings } = settings as { consentSettings?: unknown }
  const { categories } = (isPlainObject(consentSettings) && consentSettings) || {}
  const next = Array.isArray(categories) ? categories : []
  // Registered again with the same categories: what the events said so far still holds.
  if (String(next) !== String(needed)) {
    needed = next
    state = next.length ? 'unknown' : 'granted'
    stamped = false
  }
  if (next.length && !watched.includes(analytics)) {
    watched.push(analytics)
    // Unwatched, consent stays unknown and the destination off: a visitor's no is never assumed to be a yes.
    analytics
      .register(watcher)
      .catch((error: unknown) => reportError('could not watch consent; live chat stays off', error))
  }
}

export function consentGranted(): boolean {
  return state === 'granted'
}

/** `follow(true)` once consent is granted (now, if it is), `follow(false)` when it is denied, on every change. */
export function followConsent(follow: (granted: boolean) => void): void {
  listener = follow
  if (state !== 'unknown') follow(state === 'granted')
}

function observe(preferences: unknown): void {
  if (!isPlainObject(preferences) && stamped) return
  stamped ||= isPlainObject(preferences)
  const next =
    !stamped || needed.every((category) => (preferences as Record<string, unknown>)[category as string] === true)
  if (state === (next ? 'granted' : 'denied')) return
  state = next ? 'granted' : 'denied'
  listener?.(next)
}
