/**
 * The widget's control (src/widget/control.ts): when the widget's API is up (either ready form, chaining the page's
 * own handlers, or the fallback), what waits for it, and what a widget without the control methods gets. Each test
 * has a fresh copy of the module: what it keeps (the API is up, the warnings given) lives for a page's lifetime.
 */
import { WIDGET_READY_FALLBACK_MS } from '../control'
import { freshDestinationEachTest, globals, playWidgetReady, userlikeWarnings, widgetCalls } from '../../test-utils'

const fresh = freshDestinationEachTest()
let control: typeof import('../control')
/** Called each time the widget's API comes up. */
let up: jest.Mock

beforeEach(async () => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  jest.spyOn(console, 'error').mockImplementation(() => undefined)
  // The copy of src/ that the fresh helpers use.
  control = await import('../control')
  control.watchWidgetReady()
  up = jest.fn()
  control.onWidgetReady(up)
})

/** A widget object with these methods (jest mocks), as the widget script assigns it. */
function widgetObject(...methods: string[]): Record<string, jest.Mock> {
  return Object.fromEntries(methods.map((method) => [method, jest.fn()]))
}

const CONTROLS = ['userlikeStartChat', 'userlikeShowButton', 'userlikeHideButton']

function userlikeErrors(): string[] {
  return (console.error as jest.Mock).mock.calls.map(([message]) => String(message))
}

describe('the widget API comes up', () => {
  it.each(['userlike.userlikeReady', 'window.userlikeReady'] as const)(
    'when the widget calls %s(), once, and not before',
    (form) => {
      globals.userlike = widgetObject(...CONTROLS)
      expect(up).not.toHaveBeenCalled()
      expect(playWidgetReady(form)).toBe(true)
      expect(up).toHaveBeenCalledTimes(1)
      expect(userlikeErrors()).toEqual([])
    }
  )

  it('with the documented form on a widget object the site’s own snippet put there before the destination started', async () => {
    const { watchWidgetReady, onWidgetReady } = await freshControl()
    globals.userlike = widgetObject(...CONTROLS)
    watchWidgetReady()
    const later = jest.fn()
    onWidgetReady(later)
    playWidgetReady('userlike.userlikeReady')
    expect(later).toHaveBeenCalledTimes(1)
  })

  it(`${WIDGET_READY_FALLBACK_MS} ms after the widget object appeared, where the widget calls neither form`, () => {
    expect(WIDGET_READY_FALLBACK_MS).toBe(3_000)
    globals.userlike = widgetObject(...CONTROLS)
    jest.advanceTimersByTime(WIDGET_READY_FALLBACK_MS - 1)
    expect(up).not.toHaveBeenCalled()
    jest.advanceTimersByTime(1)
    expect(up).toHaveBeenCalledTimes(1)
  })

  it('the fallback adds nothing where the widget said it was ready', () => {
    control.openMessenger(false)
    const widget = (globals.userlike = widgetObject(...CONTROLS))
    playWidgetReady('userlike.userlikeReady')
    jest.advanceTimersByTime(WIDGET_READY_FALLBACK_MS * 2)
    expect(up).toHaveBeenCalledTimes(1)
    expect(widget.userlikeStartChat).toHaveBeenCalledTimes(1)
  })

  it('waits for no ready callback before a widget object appears', () => {
    jest.advanceTimersByTime(WIDGET_READY_FALLBACK_MS * 2)
    expect(up).not.toHaveBeenCalled()
  })
})

describe("the page's own ready handlers", () => {
  it('calls what the widget itself put on its object as userlike.userlikeReady, with its object and arguments, before the API counts as up', () => {
    const order: string[] = []
    up.mockImplementation(() => order.push('up'))
    const widgetOwn = jest.fn(function (this: unknown) {
      order.push(this === globals.userlike ? 'widget own, on its object' : 'widget own, elsewhere')
    })
    globals.userlike = { ...widgetObject(...CONTROLS), userlikeReady: widgetOwn }
    ;(globals.userlike as { userlikeReady: (...args: unknown[]) => void }).userlikeReady('arg')
    expect(widgetOwn).toHaveBeenCalledWith('arg')
    expect(order).toEqual(['widget own, on its object', 'up'])
  })

  it('calls what the page assigns to userlike.userlikeReady once the widget object is there (Userlike’s documented way)', () => {
    globals.userlike = widgetObject(...CONTROLS)
    const pageReady = jest.fn()
    ;(globals.userlike as Record<string, unknown>).userlikeReady = pageReady
    playWidgetReady('userlike.userlikeReady')
    expect(pageReady).toHaveBeenCalledTimes(1)
    expect(up).toHaveBeenCalledTimes(1)
  })

  it('calls the page’s global window.userlikeReady set before the destination started, and one it sets later', async () => {
    const before = jest.fn()
    const { watchWidgetReady, onWidgetReady } = await freshControl(() => (globals.userlikeReady = before))
    watchWidgetReady()
    const later = jest.fn()
    onWidgetReady(later)
    globals.userlike = widgetObject(...CONTROLS)
    playWidgetReady('window.userlikeReady')
    expect(before).toHaveBeenCalledTimes(1)
    expect(later).toHaveBeenCalledTimes(1)

    const replacement = jest.fn()
    globals.userlikeReady = replacement
    playWidgetReady('window.userlikeReady')
    expect(replacement).toHaveBeenCalledTimes(1)
    expect(before).toHaveBeenCalledTimes(1)
  })

  it.each(['userlike.userlikeReady', 'window.userlikeReady'] as const)(
    'a page handler at %s that throws is reported, and the API comes up regardless; nothing reaches the widget',
    (form) => {
      globals.userlike = widgetObject(...CONTROLS)
      const place = form === 'window.userlikeReady' ? globals : (globals.userlike as Record<string, unknown>)
      place.userlikeReady = () => {
        throw new Error('page bug')
      }
      expect(() => playWidgetReady(form)).not.toThrow()
      expect(up).toHaveBeenCalledTimes(1)
      expect(userlikeErrors()).toEqual([`Userlike: the page's own ${form.replace('window.', '')} threw`])
    }
  )

  // A page that chains the handler it finds (the usual way to add to a global callback) reads the destination's.
  it.each(['userlike.userlikeReady', 'window.userlikeReady'] as const)(
    'a page handler at %s that chains the one it read runs once per ready call, and the API comes up once',
    (form) => {
      globals.userlike = widgetObject(...CONTROLS)
      const place = form === 'window.userlikeReady' ? globals : (globals.userlike as Record<string, unknown>)
      const pageCode = jest.fn()
      const previous = place.userlikeReady
      place.userlikeReady = function (this: unknown, ...args: unknown[]) {
        if (typeof previous === 'function') previous.apply(this, args)
        pageCode()
      }
      playWidgetReady(form)
      expect(pageCode).toHaveBeenCalledTimes(1)
      expect(up).toHaveBeenCalledTimes(1)
      expect(userlikeErrors()).toEqual([])
    }
  )
})

describe('a widget object the destination cannot hook, or one replaced', () => {
  it.each([
    ['frozen', () => Object.freeze(widgetObject(...CONTROLS))],
    [
      'with a read-only userlikeReady of its own',
      () => Object.defineProperty(widgetObject(...CONTROLS), 'userlikeReady', { value: undefined, enumerable: true })
    ],
    [
      'whose userlikeReady getter throws',
      () =>
        Object.defineProperty(widgetObject(...CONTROLS), 'userlikeReady', {
          get: () => {
            throw new Error('widget bug')
          },
          enumerable: true
        })
    ]
  ])('%s: its assignment throws nothing, the global form still works', (_, create) => {
    expect(() => (globals.userlike = create())).not.toThrow()
    playWidgetReady('window.userlikeReady')
    expect(up).toHaveBeenCalledTimes(1)
  })

  it('frozen, calling no ready form: a waiting open comes with the fallback', () => {
    control.openMessenger(true)
    const widget = (globals.userlike = Object.freeze(widgetObject(...CONTROLS)))
    jest.advanceTimersByTime(WIDGET_READY_FALLBACK_MS)
    expect(widget.userlikeStartChat).toHaveBeenCalledTimes(1)
  })

  it('replaced by a new object: the new one’s ready callback counts, and calls go to the new object', () => {
    control.setChatButtonVisibility(false)
    const first = (globals.userlike = widgetObject(...CONTROLS))
    const second = (globals.userlike = widgetObject(...CONTROLS))
    playWidgetReady('userlike.userlikeReady')
    expect(up).toHaveBeenCalledTimes(1)
    expect(widgetCalls(first)).toEqual([])
    expect(widgetCalls(second)).toEqual(['userlikeHideButton'])
  })

  it('assigned again as the same object: hooked once (its ready callback does not call itself)', () => {
    const widget = widgetObject(...CONTROLS)
    globals.userlike = widget
    const pageReady = jest.fn()
    widget.userlikeReady = pageReady
    globals.userlike = widget
    playWidgetReady('userlike.userlikeReady')
    expect(pageReady).toHaveBeenCalledTimes(1)
    expect(up).toHaveBeenCalledTimes(1)
    expect(userlikeErrors()).toEqual([])
  })

  it('replaced by a copy of itself ({ ...userlike, more }, as a loader extends its object): ready once, no error', () => {
    globals.userlike = widgetObject(...CONTROLS)
    globals.userlike = { ...(globals.userlike as object), userlikeChatState: jest.fn() }
    playWidgetReady('userlike.userlikeReady')
    expect(up).toHaveBeenCalledTimes(1)
    expect(userlikeErrors()).toEqual([])
  })
})

describe('Open Messenger and Show or Hide Chat Button, by the API', () => {
  it('several opens before the API is up make one call when it is; after that each opens at once', () => {
    control.openMessenger(false)
    control.openMessenger(false)
    control.openMessenger(true)
    const widget = (globals.userlike = widgetObject(...CONTROLS))
    expect(widget.userlikeStartChat).not.toHaveBeenCalled()
    playWidgetReady('userlike.userlikeReady')
    expect(widget.userlikeStartChat).toHaveBeenCalledTimes(1)
    control.openMessenger(false)
    expect(widget.userlikeStartChat).toHaveBeenCalledTimes(2)
  })

  it('the latest visibility before the API is up is the one applied, after the hand-over listeners', () => {
    up.mockImplementation(() => (globals.userlike as Record<string, jest.Mock>).setData())
    control.setChatButtonVisibility(true)
    control.setChatButtonVisibility(false)
    control.setChatButtonVisibility(true)
    control.setChatButtonVisibility(false)
    const widget = (globals.userlike = widgetObject('setData', ...CONTROLS))
    expect(widgetCalls(widget)).toEqual([])
    playWidgetReady('window.userlikeReady')
    expect(widgetCalls(widget)).toEqual(['setData', 'userlikeHideButton'])
  })

  it('tells the placeholder each visibility at once, before the API is up too', () => {
    const placeholder = jest.fn()
    control.onVisibilityChange(placeholder)
    control.setChatButtonVisibility(false)
    control.setChatButtonVisibility(true)
    expect(placeholder.mock.calls).toEqual([[false], [true]])
  })

  it('a non-boolean Visible: one warning per kind of value, and the button is left as the latest true or false said', () => {
    const placeholder = jest.fn()
    control.onVisibilityChange(placeholder)
    control.setChatButtonVisibility(false)
    for (const visible of ['true', 'true', 1, null, undefined, 'false']) control.setChatButtonVisibility(visible)
    const widget = (globals.userlike = widgetObject(...CONTROLS))
    playWidgetReady('userlike.userlikeReady')
    control.setChatButtonVisibility('true')
    expect(widgetCalls(widget)).toEqual(['userlikeHideButton'])
    expect(placeholder).not.toHaveBeenCalledWith(true)
    const needs = 'Userlike: Show or Hide Chat Button needs Visible to be true or false, not'
    expect(userlikeWarnings()).toEqual([
      `${needs} string; the button was left as it is.`,
      `${needs} number; the button was left as it is.`,
      `${needs} object; the button was left as it is.`,
      `${needs} undefined; the button was left as it is.`
    ])
  })
})

describe('a widget without the control methods', () => {
  it('one warning per missing method and page, naming it, however often it is asked; nothing thrown', () => {
    const widget = (globals.userlike = widgetObject('setData'))
    playWidgetReady('userlike.userlikeReady')
    for (let i = 0; i < 3; i++) {
      expect(() => {
        control.openMessenger(false)
        control.setChatButtonVisibility(true)
        control.setChatButtonVisibility(false)
      }).not.toThrow()
    }
    expect(userlikeWarnings()).toEqual([
      'Userlike: the widget has no userlike.userlikeStartChat(); the messenger was not opened.',
      'Userlike: the widget has no userlike.userlikeShowButton(); the chat button was not shown.',
      'Userlike: the widget has no userlike.userlikeHideButton(); the chat button was not hidden.'
    ])
    expect(widgetCalls(widget)).toEqual([])
  })

  it('a method that is not a function counts as missing; one that is there later is called', () => {
    globals.userlike = { userlikeStartChat: 'soon' }
    playWidgetReady('userlike.userlikeReady')
    control.openMessenger(false)
    expect(userlikeWarnings()).toHaveLength(1)
    const widget = (globals.userlike = widgetObject(...CONTROLS))
    control.openMessenger(false)
    expect(widget.userlikeStartChat).toHaveBeenCalledTimes(1)
    expect(userlikeWarnings()).toHaveLength(1)
  })

  it('a method whose promise rejects is reported', async () => {
    const widget = (globals.userlike = widgetObject(...CONTROLS))
    widget.userlikeShowButton.mockRejectedValue(new Error('widget bug'))
    playWidgetReady('userlike.userlikeReady')
    control.setChatButtonVisibility(true)
    await fresh.current.flushPromises()
    expect(userlikeErrors()).toEqual(["Userlike: the widget's userlikeShowButton failed"])
  })

  it('a method that throws is reported: nothing is thrown into the widget’s ready call, and what waited after it still comes', () => {
    control.setChatButtonVisibility(false)
    control.openMessenger(false)
    const widget = (globals.userlike = widgetObject(...CONTROLS))
    widget.userlikeHideButton.mockImplementation(() => {
      throw new Error('widget bug')
    })
    expect(() => playWidgetReady('userlike.userlikeReady')).not.toThrow()
    expect(widget.userlikeStartChat).toHaveBeenCalledTimes(1)
    expect(userlikeErrors()).toHaveLength(1)
    expect(userlikeErrors()[0]).toMatch(/^Userlike: .*userlikeHideButton/)
  })

  it('a method that throws once the API is up: the action throws nothing (the client never throws)', () => {
    const widget = (globals.userlike = widgetObject(...CONTROLS))
    widget.userlikeStartChat.mockImplementation(() => {
      throw new Error('widget bug')
    })
    playWidgetReady('userlike.userlikeReady')
    expect(() => control.openMessenger(false)).not.toThrow()
    expect(userlikeErrors()).toHaveLength(1)
  })
})

/**
 * Another fresh copy of the control module, its page prepared by `before` first: for what must already be on the
 * page when the destination starts (the copy of this file's `beforeEach` started watching an empty page).
 */
async function freshControl(before: () => void = () => undefined): Promise<typeof import('../control')> {
  fresh.current.resetPage()
  jest.resetModules()
  before()
  return import('../control')
}
