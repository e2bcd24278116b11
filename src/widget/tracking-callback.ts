import { reportError } from '../userlike-error'
import { userlikeGlobals } from './globals'

/** Receives the widget's arguments untouched: they come from a third party, so they are typed `unknown`. */
export type TrackingListener = (eventName: unknown, globalContext: unknown, sessionContext: unknown) => void

type SiteHandler = (this: unknown, ...args: unknown[]) => unknown

/**
 * Marks handlers this destination installed, through a registry symbol so that a second copy of the
 * destination on the page (package and standalone script) recognises them too.
 */
const INSTALLED_BY_US = Symbol.for('userlike-web-actions.tracking-callback')

interface InstalledHandler extends SiteHandler {
  [INSTALLED_BY_US]: { siteHandler?: SiteHandler }
}

/**
 * Installs `window.userlikeTrackingEvent` so that every widget event reaches `listener`. A handler the site
 * defined first keeps being called with the same arguments. Installing again (analytics registered again,
 * as single-page apps do) replaces our previous handler instead of chaining it, so events are never doubled.
 * Nothing thrown by either handler reaches the widget.
 */
export function installTrackingCallback(listener: TrackingListener): void {
  const globals = userlikeGlobals()
  const current = globals.userlikeTrackingEvent
  const siteHandler = isInstalledByUs(current)
    ? current[INSTALLED_BY_US].siteHandler
    : typeof current === 'function'
      ? (current as SiteHandler)
      : undefined

  const handler = function (this: unknown, ...args: unknown[]): void {
    if (siteHandler) {
      try {
        siteHandler.apply(this, args)
      } catch (error) {
        reportError("the page's own userlikeTrackingEvent handler threw", error)
      }
    }
    try {
      listener(args[0], args[1], args[2])
    } catch (error) {
      reportError('could not record a Live Chat event', error)
    }
  }
  Object.defineProperty(handler, INSTALLED_BY_US, { value: { siteHandler } })
  globals.userlikeTrackingEvent = handler
}

function isInstalledByUs(value: unknown): value is InstalledHandler {
  return typeof value === 'function' && INSTALLED_BY_US in value
}
