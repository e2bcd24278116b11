import { SECRET_KEY } from '../secret-key'
import { reportError, safely, userlikeError, warn } from '../userlike-error'
import { isOwnKey } from '../checks'
import { consentGranted } from '../consent'

/** The S3 bucket Userlike serves widget scripts from, in either URL form (its own host, or a path on S3's). */
const WIDGET_BUCKET = 'userlike-cdn-widgets'

/** Userlike's CDN host for widget scripts. */
export const WIDGET_HOST = `${WIDGET_BUCKET}.s3-eu-west-1.amazonaws.com`

/**
 * How long the destination watches for the widget script before saying, once, that it has not arrived. Nothing
 * waits for it: a widget that arrives later still starts, with the visitor and the recording.
 */
export const WIDGET_LOAD_TIMEOUT_MS = 10_000

/** The Trusted Types policy the widget's URL is created with: a site allows it with `trusted-types userlike-web`. */
export const TRUSTED_TYPES_POLICY = 'userlike-web'

/** The Load Widget setting's values: its choices in index.ts (a test checks that they are the same). */
type LoadWidget = 'afterPageLoad' | 'immediately' | 'onFirstInteraction' | 'onChatButton'

/** When the setting is absent; the setting's own default in index.ts says the same (a test checks). */
export const DEFAULT_LOAD_WIDGET: LoadWidget = 'afterPageLoad'

const OFF = ' Live chat is off on this page; analytics goes on.'

/** `afterPageLoad`: the longest wait for an idle moment after the page's load event. */
const IDLE_FALLBACK_MS = 3_000

/** `onFirstInteraction`: the events that mean a visitor is there (pointer, key, touch, scroll). */
const INTERACTIONS = ['pointerdown', 'keydown', 'touchstart', 'scroll']

/** When each mode runs `load`: never inside `initialize` unless asked to (`immediately`). */
const SCHEDULES: Record<LoadWidget, (load: () => void) => void> = {
  afterPageLoad: (load) => afterLoadEvent(() => whenIdle(load)),
  immediately: (load) => load(),
  onFirstInteraction,
  onChatButton: () => {
    // Nothing is scheduled: the placeholder chat button (chat-button.ts) loads the widget with `loadWidgetNow` once
    // the visitor reaches for it.
  }
}

/** The key `scheduleWidgetLoad` was given: what `loadWidgetNow` loads. */
let widgetKey: string | undefined
/** The widget script was asked for (or found on the page): `loadWidgetNow` does nothing more. */
let requested = false
/** Its time came while the visitor's consent was withdrawn: `loadIfDeferred` loads it when consent returns. */
let deferred = false
/** Told when the widget script could not load at all (refused, blocked, failed): the placeholder goes then. */
let failureListener: (() => void) | undefined
let hasFailed = false

/** The widget script for a key that `parseSecretKey` accepted. */
export function widgetScriptUrl(secretKey: string): string {
  return `https://${WIDGET_HOST}/${secretKey}.js`
}

/** The same script in the path form older Userlike snippets use. */
export function pathFormWidgetUrl(secretKey: string): string {
  return `https://s3-eu-west-1.amazonaws.com/${WIDGET_BUCKET}/${secretKey}.js`
}

/** True when the page already has this widget's script, in any form Userlike has served it (the site's own snippet). */
export function hasWidgetScript(secretKey: string): boolean {
  // Either form names the bucket and ends in `/<key>.js`; a snippet may spell either in upper case (`i`). A selector,
  // not a loop over the page's scripts: it costs the idle callback that inserts the widget least (about 0.2 ms less).
  return document.querySelector(`script[src*="${WIDGET_BUCKET}" i][src*="/${secretKey}.js" i]`) !== null
}

/**
 * Schedules the widget script as the Load Widget mode says, and returns at once: nothing a page waits for
 * (its load event, `analytics.ready()`) waits for Userlike's CDN.
 */
export function scheduleWidgetLoad(secretKey: string, mode: LoadWidget): void {
  // A new registration may load again: `insertWidgetScript` still finds the script an earlier one inserted.
  widgetKey = secretKey
  requested = deferred = false
  SCHEDULES[mode](loadWidgetNow)
}

/**
 * Inserts the widget script now, whatever the mode (an action, the placeholder, the site's chat link), once per page,
 * and only while the visitor's consent allows it (`consent.ts`); a no-op before `scheduleWidgetLoad`.
 */
export function loadWidgetNow(): void {
  if (!widgetKey || requested) return
  // Its time came while the visitor's consent was withdrawn: it comes if consent is granted again (`loadIfDeferred`).
  deferred = !consentGranted()
  if (deferred) return
  requested = true
  safely(() => insertWidgetScript(widgetKey as string), 'could not load the widget script')
}

/** Consent granted again: the widget whose time came meanwhile loads now. */
export function loadIfDeferred(): void {
  if (deferred) loadWidgetNow()
}

export function onWidgetFailure(listener: () => void): void {
  failureListener = listener
}

/** True once the widget could not load (or broke while starting) on this page: the site's chat links are left alone. */
export function widgetFailed(): boolean {
  return hasFailed
}

/** The Load Widget setting as a mode: an unknown value gets the default, and a warning. */
export function loadMode(value: unknown): LoadWidget {
  if (value === undefined) return DEFAULT_LOAD_WIDGET
  if (isOwnKey(SCHEDULES, value)) return value
  warn(`unknown Load Widget setting; using ${DEFAULT_LOAD_WIDGET}.`)
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
    failed(
      `Trusted Types: the page's Content-Security-Policy does not allow "trusted-types ${TRUSTED_TYPES_POLICY}".${OFF}`,
      error
    )
    return
  }
  watchWidgetScript(script, url)
  ;(document.head || document.documentElement).appendChild(script)
}

interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown
}

/** `window.trustedTypes` as the standard has it; where the browser has none, reading `createPolicy` throws. */
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy
}

/** Created once: a second `createPolicy` with the same name throws where the page does not allow duplicates. */
let policy: ScriptUrlPolicy | undefined

/**
 * The URL as a TrustedScriptURL from this destination's own policy, which creates nothing but widget URLs of a
 * well-formed key. Without Trusted Types, or where the page does not allow the policy, the plain URL: a page that
 * does not enforce Trusted Types takes it, and one that does refuses it, which the caller reports.
 */
function trustedScriptUrl(url: string): unknown {
  try {
    if (!policy) {
      const factory = (window as unknown as { trustedTypes: TrustedTypesFactory }).trustedTypes
      policy = factory.createPolicy(TRUSTED_TYPES_POLICY, { createScriptURL: onlyWidgetUrls })
    }
    return policy.createScriptURL(url)
  } catch {
    return url
  }
}

function onlyWidgetUrls(url: string): string {
  const key = url.slice(-67, -3)
  if (SECRET_KEY.test(key) && url === widgetScriptUrl(key)) return url
  throw userlikeError(`not a widget URL: ${url}`)
}

/**
 * Says once, in the console, what became of the widget script when it did not simply load, as far as the browser
 * tells: a Content-Security-Policy that blocked it, a failed request, an error while it started, or no answer
 * within `WIDGET_LOAD_TIMEOUT_MS` (after which it may still arrive and start).
 */
function watchWidgetScript(script: HTMLScriptElement, url: string): void {
  // A widget that throws while it starts raises a window error in the same task as its load event (muted, with
  // no file name, across origins); the timer forgets errors from earlier tasks, which are other scripts'.
  let startError: ErrorEvent | undefined
  let blockedBy: string | undefined
  let done = false
  const onError = (event: ErrorEvent): void => {
    startError = event
    setTimeout(() => (startError = undefined))
  }
  const onViolation = (event: SecurityPolicyViolationEvent): void => {
    if (event.blockedURI === url) blockedBy = event.effectiveDirective
  }
  const finish = (problem?: string, error?: unknown, report = reportError): void => {
    if (done) return
    done = true
    clearTimeout(timer)
    removeEventListener('error', onError)
    document.removeEventListener('securitypolicyviolation', onViolation)
    if (problem) report(problem, error)
  }
  const timer = setTimeout(
    finish,
    WIDGET_LOAD_TIMEOUT_MS,
    `${url} has not loaded within ${WIDGET_LOAD_TIMEOUT_MS / 1000} s; live chat starts if it arrives later.`
  )
  addEventListener('error', onError)
  document.addEventListener('securitypolicyviolation', onViolation)
  script.onload = () => finish(startError && `${url} threw while starting; live chat may not work.`, startError, failed)
  // The browser may report the violation just after the error: the outcome waits for it.
  script.onerror = () =>
    setTimeout(() =>
      finish(
        (blockedBy
          ? `the page's Content-Security-Policy (${blockedBy}) blocked ${url}.`
          : `the browser could not load ${url}.`) + OFF,
        undefined,
        failed
      )
    )
}

/** The widget will not come on this page (or broke while starting): says why, and tells the placeholder. */
function failed(problem: string, error?: unknown): void {
  hasFailed = true
  reportError(problem, error)
  failureListener?.()
}
