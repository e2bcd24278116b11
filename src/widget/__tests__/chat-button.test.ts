/**
 * The Chat Button Color and Position settings as the placeholder takes them: a CSS hex colour and a known side, or
 * the default with one warning. The placeholder is styled through the CSSOM, so a value can only ever be the one
 * property it is set as; the tests read the button's style as jsdom keeps it. (What a visitor sees, in Chromium:
 * __tests__/browser/chat-button.test.ts.)
 */
import { resetPage } from '../../test-utils'

const COLOR_WARNING = 'Userlike: the Chat Button Color setting is not valid; using #0d8cff.'
const POSITION_WARNING = 'Userlike: the Chat Button Position setting is not valid; using right.'

interface ButtonStyle {
  background: string
  inset: string
}

/** A colour as jsdom's CSSOM keeps it once set (it writes hex colours as rgb()). */
function asKept(color: string): string {
  const probe = document.createElement('i')
  probe.style.background = color
  return probe.style.background
}

/** Shows the placeholder from a fresh copy of the module (it shows once per page), and reads its button's style. */
async function showWith(color: unknown, position: unknown): Promise<ButtonStyle> {
  jest.resetModules()
  const chatButton = await import('../chat-button')
  chatButton.showChatButton(color, position)
  const hosts = document.querySelectorAll(chatButton.PLACEHOLDER_TAG)
  expect(hosts).toHaveLength(1)
  const button = hosts[0].shadowRoot?.querySelector('button')
  return { background: button?.style.background ?? '', inset: (button?.style as { inset?: string }).inset ?? '' }
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
    expect(await showWith(color, 'right')).toEqual({ background: asKept(color), inset: RIGHT })
    expect(warn).not.toHaveBeenCalled()
  })

  it('absent: the default, with no warning', async () => {
    expect(await showWith(undefined, undefined)).toEqual({ background: asKept('#0d8cff'), inset: RIGHT })
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
  ])('%p: one warning, and the default colour', async (color) => {
    expect(await showWith(color, 'right')).toEqual({ background: asKept('#0d8cff'), inset: RIGHT })
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
      expect(await showWith('#0d8cff', position)).toEqual({ background: asKept('#0d8cff'), inset: RIGHT })
      expect(warn.mock.calls).toEqual([[POSITION_WARNING]])
    }
  )
})
