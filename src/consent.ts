import type { Analytics, Context, Plugin } from '@segment/analytics-next'

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
 *
 * A bundler site loads this module at once with the plugin factory (the watcher must be registered before the lazily
 * loaded part arrives, or it could miss the page's first event): it imports nothing, to keep that part under 1.5 KB.
 */
let needed: unknown[] = []
/** The visitor's choice: `undefined` while not known yet (categories configured, no event seen). */
let granted: boolean | undefined = true
let stamped = false
let listener: ((granted: boolean) => void) | undefined

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
  load: async () => undefined,
  track: observe,
  page: observe,
  identify: observe,
  group: observe,
  alias: observe,
  screen: observe
}

/**
 * Called by the runtime definition's `initialize`, before anything of the destination starts. Registered again, the
 * destination waits for the next event to know the visitor's choice again (and that event goes through a watcher
 * of each registration, which agree).
 */
export function watchConsent(settings: object, analytics: Analytics): void {
  // Not a setting of the definition: analytics-next merges it in from the CDN settings' `integrations` entry.
  const categories = (settings as { consentSettings?: { categories?: unknown } }).consentSettings?.categories
  needed = Array.isArray(categories) ? categories : []
  granted = needed.length ? undefined : true
  stamped = false
  // analytics-next's register does not reject: a plugin whose load fails is logged and left out by analytics-next
  // itself (this one's cannot fail). Unwatched, consent would stay unknown and the destination off: a visitor's no is
  // never taken for a yes.
  if (needed.length) void analytics.register(watcher)
}

export function consentGranted(): boolean {
  return granted === true
}

/** `follow(true)` once consent is granted (now, if it is), `follow(false)` when it is denied, on every change. */
export function followConsent(follow: (granted: boolean) => void): void {
  listener = follow
  if (granted !== undefined) follow(granted)
}

function observe(ctx: Context): Context {
  try {
    const stamp = ctx.event.context?.consent?.categoryPreferences as Record<string, unknown> | undefined
    if (stamp || !stamped) {
      stamped ||= !!stamp
      const next = !stamp || needed.every((category) => stamp[category as string] === true)
      if (next !== granted) {
        granted = next
        listener?.(next)
      }
    }
  } catch {
    // A stamp whose reading throws (a trapped object): it changes nothing.
  }
  return ctx
}
