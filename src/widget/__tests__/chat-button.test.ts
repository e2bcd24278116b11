/**
 * The Chat Button Color and Position settings as the placeholder takes them: a CSS hex colour and a known side, or
 * the default with one warning; nothing else is ever written into its stylesheet. In jsdom, which has no
 * constructed stylesheets, the placeholder falls back to a <style> in its shadow root: the tests read the button's
 * rule from it, as jsdom parses it. (What a visitor sees, in Chromium: __tests__/browser/chat-button.test.ts.)
 */
import { resetPage } from '../../../__tests__/helpers'

const COLOR_WARNING = 'Userlike: the Chat Button Color setting is not valid; using #0d8cff.'
const POSITION_WARNING = 'Userlike: the Chat Button Position setting is not valid; using right.'

interface ButtonRule {
  background: string
  inset: string
  /** How many rules the placeholder's stylesheet has: a value that ended a rule would add some. */
  rules: number
}

/** Shows the placeholder from a fresh copy of the module (it shows once per page), and reads its button's rule. */
async function showWith(color: unknown, position: unknown): Promise<ButtonRule> {
  let chatButton: typeof import('../chat-button') | undefined
  await jest.isolateModulesAsync(async () => {
    chatButton = await import('../chat-button')
  })
  chatButton!.showChatButton(color, position)
  const hosts = document.querySelectorAll(chatButton!.PLACEHOLDER_TAG)
  expect(hosts).toHaveLength(1)
  // jsdom parses a <style> only in the document itself: the shadow root's is parsed from a copy there.
  const parsed = document.createElement('style')
  parsed.textContent = hosts[0].shadowRoot?.querySelector('style')?.textContent ?? ''
  document.head.append(parsed)
  const rules = Array.from(parsed.sheet?.cssRules ?? []) as CSSStyleRule[]
  parsed.remove()
  const button = rules.find((rule) => rule.selectorText === 'button')
  return {
    background: button?.style.getPropertyValue('background') ?? '',
    inset: button?.style.getPropertyValue('inset') ?? '',
    rules: rules.length
  }
}

let warn: jest.SpyInstance
beforeEach(() => {
  resetPage()
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
})

const RIGHT = 'auto 20px 20px auto'
const LEFT = 'auto auto 20px 20px'

describe('Chat Button Color', () => {
  it.each(['#0d8cff', '#ABC', '#abcd', '#11223344', '#C0FFEE'])('takes %s as it is, with no warning', async (color) => {
    expect(await showWith(color, 'right')).toMatchObject({ background: color, inset: RIGHT })
    expect(warn).not.toHaveBeenCalled()
  })

  it('absent: the default, with no warning', async () => {
    expect(await showWith(undefined, undefined)).toMatchObject({ background: '#0d8cff', inset: RIGHT })
    expect(warn).not.toHaveBeenCalled()
  })

  it.each<unknown>([
    'red',
    '#12',
    '#0d8cf',
    '#0d8cffa',
    '',
    ' #0d8cff',
    '#0d8cff ',
    '#0d8cff;}button{display:none',
    '#0d8cff}:host{display:none!important}',
    '#0d8cff\nbutton{display:none}',
    'url(https://example.com/track.png)',
    'rgb(13, 140, 255)',
    0x0d8cff,
    null
  ])('%p: one warning, and the default colour; nothing else enters the stylesheet', async (color) => {
    const shown = await showWith(color, 'right')
    const { rules } = await showWithDefaultsElsewhere()
    expect(shown).toEqual({ background: '#0d8cff', inset: RIGHT, rules })
    expect(warn.mock.calls).toEqual([[COLOR_WARNING]])
  })
})

describe('Chat Button Position', () => {
  it('left and right: that corner, with no warning', async () => {
    expect((await showWith('#0d8cff', 'left')).inset).toBe(LEFT)
    resetPage()
    expect((await showWith('#0d8cff', 'right')).inset).toBe(RIGHT)
    expect(warn).not.toHaveBeenCalled()
  })

  it.each<unknown>(['center', 'LEFT', '', 'toString', '__proto__', 'constructor', 1, true])(
    '%p: one warning, and bottom right',
    async (position) => {
      expect(await showWith('#0d8cff', position)).toMatchObject({ background: '#0d8cff', inset: RIGHT })
      expect(warn.mock.calls).toEqual([[POSITION_WARNING]])
    }
  )
})

/** The rule count of a placeholder with valid settings, in a page of its own (the warnings spy is left as it was). */
async function showWithDefaultsElsewhere(): Promise<ButtonRule> {
  const calls = warn.mock.calls.length
  resetPage()
  const shown = await showWith('#0d8cff', 'right')
  warn.mock.calls.length = calls
  return shown
}
