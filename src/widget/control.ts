import { isPlainObject } from '../checks'
import { warnOnce } from '../userlike-error'
import { chainedHandler, keepAssigned, watchGlobal } from './globals'
import type { UserlikeWindow } from './globals'
import { loadWidgetNow } from './loader'
import { callWidget } from './userlike-data'

/**
 * What the widget's API can do, and when it is up. The widget's object (`window.userlike`) comes with its script and
 * offers the legacy calls (`userlikeStartChat`, `userlikeShowButton`, `userlikeHideButton`; unverified on today's
 * widget, so each may be missing); it is up when its ready callback fires, in either form: `userlike.userlikeReady`
 * on that object (Userlike's docs) or a global `window.userlikeReady` (older snippets). Calls made before then wait:
 * an open as one, a visibility as the latest.
 */

/**
 * A widget whose object is on the page but whose ready callback never comes (the site's snippet was ready before
 * the destination could listen, or a widget that calls neither form): after this long, its API counts as up.
 */
export const WIDGET_READY_FALLBACK_MS = 3_000

/** sessionStorage: a mapping with Once per visitor session opened the messenger in this tab. */
export const OPENED_KEY = 'userlike-web-actions:messenger-opened'

let up = false
/** An open asked for before the API was up: `once` when a Once per visitor session mapping asked. */
let pendingOpen: 'once' | 'always' | undefined
/** The latest Show or Hide Chat Button, applied whenever the API is (again) up. */
let wantedVisible: boolean | undefined
/** Hidden because the visitor withdrew consent: shown again only when consent is granted again. */
let withdrawn = false
/** Where Web Storage fails: a Once per visitor session open, remembered for this page. */
let openedHere = false
const readyListeners: Array<() => void> = []
/** The placeholder chat button's: it shows and hides with the widget's button. */
let visibilityListener: ((visible: boolean) => void) | undefined
let widget: unknown
/** What the page (or the widget) set as each form of the ready callback, oldest first: called before ours. */
const pageGlobalReady: unknown[] = []
const pageObjectReady: unknown[] = []
const onGlobalReady = chainedHandler(pageGlobalReady, 'userlikeReady', widgetReady)
const onObjectReady = chainedHandler(pageObjectReady, 'userlike.userlikeReady', widgetReady)

/**
 * Listens for both forms of the ready callback, chaining what the page set on either. Both globals stay watched for
 * the page's lifetime (a widget that replaces its object is hooked again); watching again changes nothing.
 */
export function watchWidgetReady(): void {
  watchGlobal(
    'userlikeReady',
    () => onGlobalReady,
    (value) => keepAssigned(pageGlobalReady, onGlobalReady, value)
  )
  // A widget that declared `var userlike` before the destination started (the site's own snippet) left a global that
  // cannot be watched: its object is hooked as it is.
  if (!watchGlobal('userlike', () => widget, hookWidgetObject)) hookWidgetObject((window as UserlikeWindow).userlike)
}

/**
 * The widget's object: `userlike.userlikeReady` becomes ours, keeping what the widget or the page put there and
 * assigns later; and where the ready callback does not come, its API counts as up after `WIDGET_READY_FALLBACK_MS`.
 */
function hookWidgetObject(value: unknown): void {
  widget = value
  if (!isPlainObject(value)) return
  try {
    // Hooked once: hooking our own accessor again would make our handler call itself (as would keeping our handler,
    // found on a copy of a hooked object, as the page's: `keepAssigned` leaves it out).
    if (Object.getOwnPropertyDescriptor(value, 'userlikeReady')?.get !== readyOnObject) {
      keepAssigned(pageObjectReady, onObjectReady, value.userlikeReady)
      Object.defineProperty(value, 'userlikeReady', {
        get: readyOnObject,
        set: (handler) => keepAssigned(pageObjectReady, onObjectReady, handler),
        configurable: true,
        enumerable: true
      })
    }
  } catch {
    // A frozen object, or a throwing getter: the global form and the fallback below remain.
  }
  setTimeout(() => up || widgetReady(), WIDGET_READY_FALLBACK_MS)
}

/** Called each time the widget's API comes up (the visitor hand-over pushes, the placeholder goes). */
export function onWidgetReady(listener: () => void): void {
  if (!readyListeners.includes(listener)) readyListeners.push(listener)
}

/** Called with the chat button's visibility each time an action or consent changes it (the placeholder follows). */
export function onVisibilityChange(listener: (visible: boolean) => void): void {
  visibilityListener = listener
}

/**
 * Opens the messenger: at once where the API is up, else as soon as it is, loading the widget now where it is not
 * on the page yet. Several calls before then open it once. `oncePerSession`: not again in this tab's session once such
 * a call opened it (the visitor closed it: it is not forced on them again).
 */
export function openMessenger(oncePerSession: boolean): void {
  if (oncePerSession && openedBefore()) return
  pendingOpen = oncePerSession || pendingOpen === 'once' ? 'once' : 'always'
  if (up) flushOpen()
  else loadWidgetNow()
}

/** Shows or hides the chat button; the latest call wins, also before the API is up. */
export function setChatButtonVisibility(visible: unknown): void {
  if (typeof visible !== 'boolean') {
    warnOnce(
      `Show or Hide Chat Button needs Visible to be true or false, not ${typeof visible}; the button was left as it is.`
    )
    return
  }
  wantedVisible = visible
  applyVisibility()
}

/**
 * The visitor's consent, as the chat button follows it: withdrawn, the button is hidden and a waiting open dropped;
 * granted again after that, the button shows as the latest Show or Hide Chat Button says (shown, where none did).
 */
export function applyConsentToButton(granted: boolean): void {
  if (granted === !withdrawn) return
  withdrawn = !granted
  pendingOpen = undefined
  if (granted) wantedVisible ??= true
  applyVisibility()
}

function applyVisibility(): void {
  const visible = !withdrawn && wantedVisible
  if (visible === undefined) return
  visibilityListener?.(visible)
  if (up)
    call(
      visible ? 'userlikeShowButton' : 'userlikeHideButton',
      `the chat button was not ${visible ? 'shown' : 'hidden'}`
    )
}

function widgetReady(): void {
  up = true
  for (const listener of readyListeners) listener()
  applyVisibility()
  if (pendingOpen) flushOpen()
}

function flushOpen(): void {
  const once = pendingOpen === 'once'
  pendingOpen = undefined
  // Only an open that happened counts for Once per visitor session: a widget without the call opened nothing.
  if (call('userlikeStartChat', 'the messenger was not opened') && once) {
    openedHere = true
    try {
      sessionStorage.setItem(OPENED_KEY, '1')
    } catch {
      // No Web Storage: remembered for this page only.
    }
  }
}

function openedBefore(): boolean {
  try {
    return openedHere || sessionStorage.getItem(OPENED_KEY) !== null
  } catch {
    return openedHere
  }
}

/** Calls the widget's method, or says once per method and page that the widget has none (and returns false). */
function call(method: string, outcome: string): boolean {
  const called = callWidget(method)
  if (!called) warnOnce(`the widget has no userlike.${method}(); ${outcome}.`)
  return called
}

/** The getter of `userlike.userlikeReady`: one function, so that a widget object hooked before is recognised. */
function readyOnObject(): unknown {
  return onObjectReady
}
