/**
 * The placeholder chat button speaks the page's language: its accessible name follows `<html lang>` (its primary
 * subtag), also when the page switches language, and a name in English on a page in another language is marked as
 * English. Each test reads what a screen reader gets: the button's name, and the language that name is read in (the
 * nearest `lang`, across the shadow root). Nothing here loads the widget: showing the placeholder requests nothing.
 */
import type * as ChatButtonModule from '../chat-button'
import type * as ControlModule from '../control'
import { CHAT_BUTTON_NAMES } from '../chat-button'

const RENAME_FAILED = 'Userlike: could not rename the placeholder chat button'

/** What a screen reader announces: the button's name, and the language it reads it in. */
interface Announced {
  name: string | null
  language: string | null
}

/** This test's fresh copies of the placeholder and of the widget's control (`showOnPageIn`). */
let chatButton: typeof ChatButtonModule | undefined
let control: typeof ControlModule | undefined

/** The nearest `lang` attribute from `element` up, passing from a shadow root to its host, as the browser finds it. */
function languageOf(element: Element): string | null {
  let node: Node | null = element
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang')
    node = node instanceof ShadowRoot ? node.host : node.parentNode
  }
  return null
}

function announced(button: Element): Announced {
  return { name: button.getAttribute('aria-label'), language: languageOf(button) }
}

function setPageLanguage(language: string | undefined): void {
  if (language === undefined) document.documentElement.removeAttribute('lang')
  else document.documentElement.lang = language
}

/** The widget arriving on the page: it calls its ready callback, as Userlike's does. The placeholder gives way then. */
function widgetArrives(): void {
  ;(window as unknown as { userlikeReady: () => void }).userlikeReady()
}

/** Mutation observers are told in a microtask: this resolves after they have been. */
function observersTold(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * Shows the placeholder, with the default colour and position, on a page in `language`, from fresh copies of the
 * modules (it shows once per page); returns its button.
 */
function showOnPageIn(language: string | undefined): HTMLButtonElement {
  setPageLanguage(language)
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    chatButton = require('../chat-button')
    control = require('../control')
    /* eslint-enable @typescript-eslint/no-require-imports */
  })
  // The previous test's copy watched the widget's globals: this copy watches them afresh.
  Reflect.deleteProperty(window, 'userlikeReady')
  Reflect.deleteProperty(window, 'userlike')
  control!.watchWidgetReady()
  chatButton!.showChatButton(undefined, undefined)
  const hosts = document.querySelectorAll(chatButton!.PLACEHOLDER_TAG)
  expect(hosts).toHaveLength(1)
  const button = hosts[0].shadowRoot?.querySelector('button')
  if (!button) throw new Error('the placeholder has no button')
  return button
}

let consoleError: jest.SpyInstance
beforeEach(() => {
  document.body.innerHTML = ''
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  // The widget stand-in offers no legacy calls: showing the button again after it came says so (not this file's concern).
  jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  chatButton = control = undefined
})

afterEach(() => {
  // The widget comes, and the placeholder goes, as on a page: nothing of this test's copy watches the page after it.
  if (control) widgetArrives()
  setPageLanguage(undefined)
})

describe("the placeholder's name, in the page's language", () => {
  it.each(Object.entries(CHAT_BUTTON_NAMES))('a page in %s: %p, read in the page language', (language, name) => {
    expect(announced(showOnPageIn(language))).toEqual({ name, language })
  })

  it.each([
    ['de-AT', 'Chat öffnen'],
    ['DE', 'Chat öffnen'],
    ['de-CH-1901', 'Chat öffnen'],
    ['Fr-ca', 'Ouvrir le chat'],
    ['es-419', 'Abrir el chat'],
    ['pt-BR', 'Abrir o chat'],
    ['nl-BE', 'Chat openen'],
    ['en-GB', 'Open chat']
  ])('a page in %s: its primary subtag counts, %p, read in the page language', (language, name) => {
    expect(announced(showOnPageIn(language))).toEqual({ name, language })
  })

  it.each([
    'ja',
    'zh-Hant-TW',
    'sv-SE',
    // Not BCP 47 (an underscore): no primary subtag of ours, so English, which any screen reader reads right.
    'de_AT',
    'x-pirate',
    // Names on the table's prototype are no languages of it.
    'toString',
    '__proto__',
    'constructor'
  ])('a page in %p, a language without a name of its own: "Open chat", read in English', (language) => {
    expect(announced(showOnPageIn(language))).toEqual({ name: 'Open chat', language: 'en' })
  })

  it.each<[string, string | undefined]>([
    ['no lang attribute', undefined],
    ['an empty lang (unknown)', '']
  ])('a page that declares no language (%s): "Open chat", read in English', (_, language) => {
    expect(announced(showOnPageIn(language))).toEqual({ name: 'Open chat', language: 'en' })
  })
})

describe('a page that switches language after the placeholder showed (a single-page app)', () => {
  it('the name and its language follow each change of <html lang>', async () => {
    const button = showOnPageIn('en')
    expect(announced(button)).toEqual({ name: 'Open chat', language: 'en' })
    expect(button.hasAttribute('lang')).toBe(false)

    setPageLanguage('de-AT')
    await observersTold()
    expect(announced(button)).toEqual({ name: 'Chat öffnen', language: 'de-AT' })

    setPageLanguage('ja')
    await observersTold()
    expect(announced(button)).toEqual({ name: 'Open chat', language: 'en' })

    // Back in a language of its own: the English mark is gone, the name is read in the page's language.
    setPageLanguage('pl')
    await observersTold()
    expect(announced(button)).toEqual({ name: 'Otwórz czat', language: 'pl' })
    expect(button.hasAttribute('lang')).toBe(false)

    setPageLanguage(undefined)
    await observersTold()
    expect(announced(button)).toEqual({ name: 'Open chat', language: 'en' })
    expect(consoleError).not.toHaveBeenCalled()
  })

  it('a placeholder hidden meanwhile (Show or Hide Chat Button) shows again in the new language', async () => {
    const button = showOnPageIn('fr')
    control!.setChatButtonVisibility(false)
    setPageLanguage('it')
    await observersTold()
    control!.setChatButtonVisibility(true)
    expect(announced(button)).toEqual({ name: 'Apri la chat', language: 'it' })
  })

  it('once the widget has come and the placeholder is gone, a change of language touches nothing of it', async () => {
    const button = showOnPageIn('nl')
    widgetArrives()
    expect(button.isConnected).toBe(false)
    setPageLanguage('es')
    await observersTold()
    // No longer watched: the removed button keeps the name it had, and nothing comes back.
    expect(button.getAttribute('aria-label')).toBe('Chat openen')
    expect(document.querySelector('userlike-chat-button')).toBeNull()
    expect(consoleError).not.toHaveBeenCalled()
  })

  it("a rename that fails (a page's patched setAttribute throws) is reported, never thrown into the page", async () => {
    showOnPageIn('en')
    const pageErrors: unknown[] = []
    const onError = (event: ErrorEvent): void => {
      pageErrors.push(event.error)
    }
    window.addEventListener('error', onError)
    const patchError = new Error("the page's setAttribute threw")
    jest.spyOn(Element.prototype, 'setAttribute').mockImplementation(() => {
      throw patchError
    })
    setPageLanguage('de')
    await observersTold()
    window.removeEventListener('error', onError)
    expect(consoleError.mock.calls).toEqual([[RENAME_FAILED, patchError]])
    expect(pageErrors).toEqual([])
  })
})
