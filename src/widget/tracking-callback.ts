import { safely } from '../userlike-error'
import { chainedHandler, keepAssigned, watchGlobal } from './globals'
import type { UserlikeWindow } from './globals'

/**
 * Receives the widget's arguments untouched (event name, global context, session context): they come from a third
 * party, so they are typed `unknown`.
 */
export type TrackingListener = (...widgetArguments: unknown[]) => void

type SiteHandler = (this: unknown, ...args: unknown[]) => unknown

interface CallbackState {
  listener?: TrackingListener
  /** What `window.userlikeTrackingEvent` held before ours (maybe nothing), then what the page assigned, oldest first. */
  assigned: unknown[]
}

/**
 * Marks the function this destination installs, and holds its state: a registry symbol, so that a second copy of
 * the destination on the page (package and standalone script) recognises it too.
 */
const INSTALLED_BY_US = Symbol.for('userlike-web-actions.tracking-callback')

interface InstalledHandler extends SiteHandler {
  [INSTALLED_BY_US]: CallbackState
}

/**
 * Makes every widget event reach `listener` and the page's own `window.userlikeTrackingEvent`, whenever the page
 * defines it: before the destination started, after it (a tag manager), or again later. The global becomes an
 * accessor that always returns our handler and keeps what the page assigns; each event calls the page's latest
 * handler, then the listener. A page handler that chains the value it read (our handler) gets the handler that was
 * there before it, so each handler runs once per event. Installing again (analytics registered again) only swaps the
 * listener, so events are never doubled; without a listener, the page's handlers alone are called. Nothing thrown
 * by either reaches the widget. A global the page declared itself (not configurable) or made an accessor of its own
 * gets our handler assigned, and one that cannot be written a console error saying Live Chat events are not recorded.
 */
export function installTrackingCallback(listener: TrackingListener | undefined): void {
  let current: unknown
  try {
    current = (window as UserlikeWindow).userlikeTrackingEvent
  } catch {
    // A getter of the page's that throws: treated as no handler.
  }
  if (!isInstalledByUs(current)) {
    if (!listener) return
    current = createHandler(current)
  }
  const handler = current as InstalledHandler
  handler[INSTALLED_BY_US].listener = listener
  installGlobal(handler)
}

function createHandler(siteHandler: unknown): InstalledHandler {
  const state: CallbackState = { assigned: [siteHandler] }
  const handler = chainedHandler(state.assigned, 'userlikeTrackingEvent handler', (self, args) => {
    const { listener } = state
    if (listener) safely(() => listener.apply(self, args), 'could not record a Live Chat event')
  })
  Object.defineProperty(handler, INSTALLED_BY_US, { value: state })
  return handler as InstalledHandler
}

function installGlobal(handler: InstalledHandler): void {
  const { assigned } = handler[INSTALLED_BY_US]
  const watched = watchGlobal(
    'userlikeTrackingEvent',
    () => handler,
    // The value it held first is in `assigned` already.
    (value) => keepAssigned(assigned, handler, value)
  )
  // Ours already (installing again), or a global the page declared (`var`, `function`), made read-only or an
  // accessor of its own: assigned instead (a later assignment of the page's replaces ours).
  if (!watched) {
    safely(() => {
      const page = window as UserlikeWindow
      page.userlikeTrackingEvent = handler
      // An accessor of the page's that keeps its own value: the widget would never call ours.
      if (page.userlikeTrackingEvent !== handler) throw new Error('the page keeps another value there')
    }, 'could not install window.userlikeTrackingEvent; Live Chat events are not recorded')
  }
}

function isInstalledByUs(value: unknown): value is InstalledHandler {
  try {
    return typeof value === 'function' && INSTALLED_BY_US in value
  } catch {
    // A function Proxy whose `has` trap throws is the site's, not ours.
    return false
  }
}
