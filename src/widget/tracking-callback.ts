import { reportError } from '../userlike-error'
import type { UserlikeWindow } from './globals'

/**
 * Receives the widget's arguments untouched (event name, global context, session context): they come from a third
 * party, so they are typed `unknown`.
 */
export type TrackingListener = (...widgetArguments: unknown[]) => void

type SiteHandler = (this: unknown, ...args: unknown[]) => unknown

/**
 * Marks handlers this destination installed, and holds the site's handler each one wraps: a registry symbol, so
 * that a second copy of the destination on the page (package and standalone script) recognises them too.
 */
const INSTALLED_BY_US = Symbol.for('userlike-web-actions.tracking-callback')

interface InstalledHandler extends SiteHandler {
  [INSTALLED_BY_US]: SiteHandler | undefined
}

/**
 * Installs `window.userlikeTrackingEvent` so that every widget event reaches `listener`. A handler the site
 * defined first keeps being called with the same arguments. Installing again (analytics registered again,
 * as single-page apps do) replaces our previous handler instead of chaining it, so events are never doubled.
 * Nothing thrown by either handler reaches the widget. A page that does not let us install the callback
 * (a frozen global) gets the widget without Live Chat events, and a console error saying so.
 * Without a listener (registered again with recording off), hands the global back to the site's own handler
 * (if any) when we installed ours, so that an earlier registration's callback stops recording.
 */
export function installTrackingCallback(listener: TrackingListener | undefined): void {
  const current = (window as UserlikeWindow).userlikeTrackingEvent
  const ours = isInstalledByUs(current)
  const siteHandler = ours
    ? current[INSTALLED_BY_US]
    : typeof current === 'function'
      ? (current as SiteHandler)
      : undefined
  if (!listener) {
    if (ours) setTrackingCallback(siteHandler)
    return
  }
  const handler = function (this: unknown, ...args: unknown[]): void {
    if (siteHandler) {
      try {
        siteHandler.apply(this, args)
      } catch (error) {
        reportError("the page's own userlikeTrackingEvent handler threw", error)
      }
    }
    try {
      listener.apply(this, args)
    } catch (error) {
      reportError('could not record a Live Chat event', error)
    }
  }
  Object.defineProperty(handler, INSTALLED_BY_US, { value: siteHandler })
  setTrackingCallback(handler)
}

function setTrackingCallback(handler: SiteHandler | undefined): void {
  try {
    ;(window as UserlikeWindow).userlikeTrackingEvent = handler
  } catch (error) {
    reportError('could not install window.userlikeTrackingEvent; Live Chat events are not recorded', error)
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
