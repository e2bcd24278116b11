import type { Settings } from '../generated-types'
import { SECRET_KEY } from '../secret-key'
import { reportError, userlikeError, warn } from '../userlike-error'

/** Userlike's CDN host for widget scripts. */
export const WIDGET_HOST = 'userlike-cdn-widgets.s3-eu-west-1.amazonaws.com'

/**
 * How long the destination watches for the widget script before saying, once, that it has not arrived. Nothing
 * waits for it: a widget that arrives later still starts, with the visitor and the recording.
 */
export const WIDGET_LOAD_TIMEOUT_MS = 10_000

/** The Trusted Types policy the widget's URL is created with: a site allows it with `trusted-types userlike-web`. */
export const TRUSTED_TYPES_POLICY = 'userlike-web'

export type LoadWidget = NonNullable<Settings['loadWidget']>

export const DEFAULT_LOAD_WIDGET: LoadWidget = 'afterPageLoad'

/** `afterPageLoad`: the longest wait for an idle moment after the page's load event. */
const IDLE_FALLBACK_MS = 3_000

/** `onFirstInteraction`: the events that mean a visitor is there (pointer, key, touch, scroll). */
const INTERACTIONS = ['pointerdown', 'keydown', 'touchstart', 'scroll']

/** When each mode runs `load`: once, never inside `initialize` unless asked to (`immediately`). */
const SCHEDULES: Record<LoadWidget, (load: () => void) => void> = {
  afterPageLoad: (load) => afterLoadEvent(() => whenIdle(load)),
  immediately: (load) => load(),
  onFirstInteraction
}

/** The widget script for a key that `parseSecretKey` accepted. */
export function widgetScriptUrl(secretKey: string): string {
  return `https://${WIDGET_HOST}/${secretKey}.js`
}

/** True when the page already has this widget's script, in any form Userlike has served it (the site's own snippet). */
export function hasWidgetScript(secretKey: string): boolean {
  // `src` is the resolved address: compared without scheme, query and fragment, and in lower case (a snippet may
  // spell the key in upper case), it must be the current host's path or the path form older snippets use.
  const locations = [
    `//${WIDGET_HOST}/${secretKey}.js`,
    `//s3-eu-west-1.amazonaws.com/userlike-cdn-widgets/${secretKey}.js`
  ]
  return [...document.scripts].some(({ src }) => locations.includes(src.replace(/^https?:|[?#].*/g, '').toLowerCase()))
}

/**
 * Schedules the widget script as the Load Widget setting says, and returns at once: nothing a page waits for
 * (its load event, `analytics.ready()`) waits for Userlike's CDN. An unknown setting gets the default, and a warning.
 */
export function scheduleWidgetLoad(secretKey: string, loadWidget: unknown): void {
  SCHEDULES[loadMode(loadWidget)](() => {
    try {
      insertWidgetScript(secretKey)
    } catch (error) {
      // Runs from a timer or an event listener: nothing may reach the page.
      reportError('could not load the widget script', error)
    }
  })
}

function loadMode(value: unknown): LoadWidget {
  if (value === undefined || (typeof value === 'string' && Object.prototype.hasOwnProperty.call(SCHEDULES, value))) {
    return (value as LoadWidget | undefined) ?? DEFAULT_LOAD_WIDGET
  }
  warn(
    'the Load Widget setting must be afterPageLoad, immediately or onFirstInteraction; ' +
      'the widget loads after the page has loaded.'
  )
  return DEFAULT_LOAD_WIDGET
}

function afterLoadEvent(run: () => void): void {
  if (document.readyState === 'complete') run()
  else addEventListener('load', run, { once: true })
}

function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: IDLE_FALLBACK_MS })
  else setTimeout(run)
}

function onFirstInteraction(run: () => void): void {
  const first = (): void => {
    for (const type of INTERACTIONS) removeEventListener(type, first, true)
    run()
  }
  // Captured at the window, so that scrolling any element counts; passive, so that no scroll or touch waits for us.
  for (const type of INTERACTIONS) addEventListener(type, first, { capture: true, passive: true })
}

/**
 * Inserts the widget script once per page, into whatever the document holds (no script element, no <head>), with a
 * Trusted Types URL where the browser has them.
 */
function insertWidgetScript(secretKey: string): void {
  if (hasWidgetScript(secretKey)) return
  const url = widgetScriptUrl(secretKey)
  const script = document.createElement('script')
  try {
    script.src = trustedScriptUrl(url) as string
  } catch (error) {
    // Only a page that enforces Trusted Types refuses a script URL.
    reportError(
      `this page's Trusted Types rules do not allow the "${TRUSTED_TYPES_POLICY}" policy, so the widget cannot ` +
        `load: add "trusted-types ${TRUSTED_TYPES_POLICY}" to the page's Content-Security-Policy. Analytics goes on.`,
      error
    )
    return
  }
  watchWidgetScript(script, url)
  ;(document.head || document.documentElement).appendChild(script)
}

/** Where the page-wide policy is kept: a second registration, or a second copy of the destination, reuses it. */
const POLICY = Symbol.for('userlike-web.trusted-types-policy')

interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown
}

/**
 * The URL as a TrustedScriptURL from this destination's own policy, which creates nothing but widget URLs of a
 * well-formed key. Where the page does not allow the policy, the plain URL: a page that does not enforce Trusted
 * Types still takes it, and one that does refuses it, which the caller reports.
 */
function trustedScriptUrl(url: string): unknown {
  const page = window as unknown as { trustedTypes?: { createPolicy?: unknown }; [POLICY]?: ScriptUrlPolicy }
  const factory = page.trustedTypes
  if (typeof factory?.createPolicy !== 'function') return url
  try {
    if (!page[POLICY]) {
      const policy = (factory.createPolicy as (name: string, rules: object) => ScriptUrlPolicy)(TRUSTED_TYPES_POLICY, {
        createScriptURL: onlyWidgetUrls
      })
      Object.defineProperty(page, POLICY, { value: policy })
    }
    return page[POLICY]!.createScriptURL(url)
  } catch {
    return url
  }
}

function onlyWidgetUrls(url: string): string {
  const key = url.slice(-67, -3)
  if (SECRET_KEY.test(key) && url === widgetScriptUrl(key)) return url
  throw userlikeError(`the "${TRUSTED_TYPES_POLICY}" Trusted Types policy creates only Userlike widget URLs.`)
}

/**
 * Says once, in the console, what became of the widget script when it did not simply load, as far as the browser
 * tells: a Content-Security-Policy that blocked it, a failed request, an error while it started, or no answer
 * within `WIDGET_LOAD_TIMEOUT_MS`.
 */
function watchWidgetScript(script: HTMLScriptElement, url: string): void {
  // A widget that throws while it starts raises a window error in the same task as its load event (muted, with
  // no file name, across origins); the timer forgets errors from earlier tasks, which are other scripts'.
  let startError: ErrorEvent | undefined
  let blockedBy: string | undefined
  const listeners: Array<[EventTarget, string, (event: never) => void]> = [
    [
      window,
      'error',
      (event: ErrorEvent) => {
        startError = event
        setTimeout(() => (startError = undefined))
      }
    ],
    [
      document,
      'securitypolicyviolation',
      (event: SecurityPolicyViolationEvent) => {
        if (event.blockedURI === url) blockedBy = event.effectiveDirective
      }
    ],
    [
      script,
      'load',
      () =>
        finish(startError && 'the widget script threw while starting; live chat may not work on this page.', startError)
    ],
    // The browser may report the violation just after the error: the outcome waits for it.
    [script, 'error', () => setTimeout(() => finish(blockedBy ? blockedMessage(blockedBy) : failedMessage(url)))]
  ]
  const timer = setTimeout(
    () =>
      finish(
        `the widget script has not loaded within ${WIDGET_LOAD_TIMEOUT_MS / 1000} s; live chat starts if it still ` +
          'arrives. Analytics goes on.'
      ),
    WIDGET_LOAD_TIMEOUT_MS
  )
  let done = false
  for (const [target, type, listener] of listeners) target.addEventListener(type, listener as EventListener)

  function finish(problem?: string, error?: unknown): void {
    if (done) return
    done = true
    clearTimeout(timer)
    for (const [target, type, listener] of listeners) target.removeEventListener(type, listener as EventListener)
    if (problem) reportError(problem, error)
  }
}

function blockedMessage(directive: string): string {
  return (
    `the page's Content-Security-Policy (${directive}) blocked the widget script: add https://${WIDGET_HOST} to ` +
    'its script-src. Live chat is off on this page, analytics goes on.'
  )
}

function failedMessage(url: string): string {
  return (
    `the widget script could not be loaded (the browser's own message about ${url} says why); ` +
    'live chat is off on this page, analytics goes on.'
  )
}
