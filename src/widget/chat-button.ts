import { isOwnKey } from '../checks'
import { consentGranted } from '../consent'
import { safely, warnOnce } from '../userlike-error'
import { onVisibilityChange, onWidgetReady, openMessenger } from './control'
import { loadWidgetNow, onWidgetFailure, widgetFailed } from './loader'

/**
 * The placeholder chat button of Load Widget "When the visitor opens the chat", and the site's own chat links
 * (Chat Button Selector). The placeholder stands where Userlike's button will be and costs the page no request to
 * Userlike: hover, focus or touch starts the widget's request, a press opens the messenger. It lives in a shadow root
 * (the site's CSS neither restyles nor hides it), styled through the CSSOM (pages with `style-src 'self'` allow that)
 * and built without HTML strings (Trusted Types), and it goes once the widget's own button is up, or the widget failed.
 */

/** Userlike's blue, where the setting is absent; the setting's own default in index.ts says the same (a test checks). */
export const DEFAULT_CHAT_BUTTON_COLOR = '#0d8cff'
/** Where the setting is absent; the setting's own default in index.ts says the same (a test checks). */
export const DEFAULT_CHAT_BUTTON_POSITION = 'right' as const
/** The placeholder's host element: a name of its own, which no site stylesheet targets. */
export const PLACEHOLDER_TAG = 'userlike-chat-button'

/** A CSS hex colour: it becomes the placeholder's background, so nothing else may pass. */
const CSS_HEX_COLOR = /^#(?:[\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i
/** Each Chat Button Position: the placeholder's corner, in the order of the `inset` property. */
const CORNERS = { right: 'auto 20px 20px auto', left: 'auto auto 20px 20px' }
/** Hover, focus and touch mean the visitor is about to press: the widget's request starts then. */
const INTENT = ['pointerenter', 'focus', 'touchstart']

/**
 * The placeholder's accessible name in each language it speaks, by the primary subtag of the page's `<html lang>`
 * (`de-AT` reads `de`). A page in any other language, or in none, gets the English name, marked as English.
 */
export const CHAT_BUTTON_NAMES = {
  de: 'Chat öffnen',
  en: 'Open chat',
  es: 'Abrir el chat',
  fr: 'Ouvrir le chat',
  it: 'Apri la chat',
  nl: 'Chat openen',
  pl: 'Otwórz czat',
  pt: 'Abrir o chat'
}

let placeholder: HTMLElement | undefined
/** Watches the page's `<html lang>` while the placeholder is up (`speakPageLanguage`). */
let languageWatch: MutationObserver | undefined
/** The widget came (its own button is up) or failed: no placeholder again on this page. */
let settled = false
/** The visitor pressed the placeholder: the messenger opens, and the placeholder goes with the widget's coming. */
let pressed = false
let linkSelector: string | undefined

/**
 * Shows the placeholder, with the Chat Button Color and Position settings (an invalid one gets a warning and the
 * default). Once per page, and not after the widget has come.
 */
export function showChatButton(color: unknown, position: unknown): void {
  if (placeholder || settled) return
  onWidgetReady(settle)
  onWidgetFailure(settle)
  onVisibilityChange((visible) => placeholder && show(placeholder, visible))
  safely(() => {
    const side = isOwnKey(CORNERS, position) ? position : invalid('Position', position, DEFAULT_CHAT_BUTTON_POSITION)
    // Read once: the colour that was checked is the one used.
    const hex = String(color)
    placeholder = createPlaceholder(
      CSS_HEX_COLOR.test(hex) ? hex : invalid('Color', color, DEFAULT_CHAT_BUTTON_COLOR),
      CORNERS[side]
    )
  }, 'could not show the placeholder chat button')
}

function removeChatButton(): void {
  languageWatch?.disconnect()
  placeholder?.remove()
  placeholder = undefined
}

/**
 * Chat Button Selector: a press on an element that matches it (the site's own "Chat with us" link, also one added
 * later) opens the messenger, loading the widget if needed, instead of the element's own default action; without
 * the visitor's consent the page keeps it. An invalid selector gets one warning, and changes nothing else.
 */
export function watchChatLinks(selector: unknown): void {
  if (typeof selector !== 'string' || selector.trim() === '') return
  try {
    document.querySelector(selector)
  } catch {
    const quoted = JSON.stringify(selector)
    warnOnce(
      `the Chat Button Selector setting ${quoted} is not a valid CSS selector; the page's own chat links are left as they are.`
    )
    return
  }
  // Captured at the document: a link added later counts, and a handler of the page's that stops the click does not
  // keep it from us. Registered again, the destination listens once, for the latest selector.
  if (linkSelector === undefined) document.addEventListener('click', openFromLink, true)
  linkSelector = selector
}

function openFromLink(event: MouseEvent): void {
  const target = event.target
  // Where the widget cannot come (blocked, refused), the link does what the page made it do.
  if (!consentGranted() || widgetFailed() || !(target instanceof Element) || !target.closest(linkSelector as string))
    return
  event.preventDefault()
  openMessenger(false)
}

function settle(): void {
  settled = true
  // A keyboard visitor on the placeholder who has not pressed it yet keeps their place until they press it or move
  // on: it stands where the widget's button now is, and taking it away would drop their focus to the page's start.
  if (!pressed && placeholder?.shadowRoot?.activeElement?.matches(':focus-visible')) {
    placeholder.addEventListener('focusout', removeChatButton)
  } else removeChatButton()
}

/** An invalid setting's default, after saying so. */
function invalid<Default extends string>(setting: string, value: unknown, fallback: Default): Default {
  if (value !== undefined) warnOnce(`the Chat Button ${setting} setting is not valid; using ${fallback}.`)
  return fallback
}

function createPlaceholder(color: string, corner: string): HTMLElement {
  const host = document.createElement(PLACEHOLDER_TAG)
  const button = document.createElement('button')
  const icon = document.createElement('span')
  // Styles set property by property (the CSSOM): a page whose Content-Security-Policy allows no inline style still
  // applies them, and the site's stylesheets cannot reach into the shadow root. The browser's own focus ring stays.
  Object.assign(button.style, {
    position: 'fixed',
    inset: corner,
    zIndex: '2147483647',
    width: '60px',
    height: '60px',
    padding: '0',
    border: '0',
    borderRadius: '50%',
    background: color,
    cursor: 'pointer',
    display: 'grid',
    placeItems: 'center',
    boxShadow: '0 4px 14px #0005'
  })
  // A speech bubble: no image, font or SVG markup.
  Object.assign(icon.style, {
    width: '26px',
    height: '22px',
    background: '#fff',
    borderRadius: '11px 11px 11px 2px',
    pointerEvents: 'none'
  })
  button.type = 'button'
  button.append(icon)
  const startLoading = (): void => {
    button.setAttribute('aria-busy', 'true')
    loadWidgetNow()
  }
  for (const type of INTENT) button.addEventListener(type, startLoading, { passive: true })
  button.addEventListener('click', () => {
    pressed = true
    startLoading()
    openMessenger(false)
    // Pressed where the widget is up already (a keyboard visitor kept it): the messenger opened, it can go.
    if (settled) removeChatButton()
  })
  speakPageLanguage(button)
  host.attachShadow({ mode: 'open' }).append(button)
  // Nothing of the site's stylesheets applies to the host (`* { opacity: 0.1 !important }`, say), nor passes on.
  host.style.setProperty('all', 'initial', 'important')
  show(host, true)
  ;(document.body || document.documentElement).append(host)
  return host
}

/**
 * Names the button in the page's language where it has a name in it; else in English, with `lang="en"` so that a
 * screen reader reads it as English (a page that declares no language may be read in the visitor's own). Only a
 * BCP 47 tag's primary subtag counts: `de_AT` is no tag, and gets English. A site that switches language without a
 * reload (a single-page app) changes `<html lang>`: the name follows, while the placeholder is up.
 */
function speakPageLanguage(button: HTMLElement): void {
  const root = document.documentElement
  const name = (): void => {
    const language = root.lang.toLowerCase().split('-')[0]
    const own = isOwnKey(CHAT_BUTTON_NAMES, language)
    button.setAttribute('aria-label', CHAT_BUTTON_NAMES[own ? language : 'en'])
    if (own) button.removeAttribute('lang')
    else button.lang = 'en'
  }
  name()
  languageWatch = new MutationObserver(() => safely(name, 'could not rename the placeholder chat button'))
  languageWatch.observe(root, { attributeFilter: ['lang'] })
}

/** The host element takes no room (`contents`), and no site stylesheet can hide it (`!important` inline). */
function show(host: HTMLElement, visible: boolean): void {
  host.style.setProperty('display', visible ? 'contents' : 'none', 'important')
}
