import { Analytics } from '@segment/analytics-next'
import { TRUSTED_TYPES_POLICY, WIDGET_LOAD_TIMEOUT_MS } from '../loader'
import {
  VALID_KEY,
  WIDGET_URL,
  advanceTimersAsync,
  globals,
  startDestination,
  widgetScripts,
  settle,
  resetPage
} from '../../test-utils'

beforeEach(resetPage)
afterEach(() => {
  delete (document as unknown as Record<string, unknown>).readyState
  delete globals.requestIdleCallback
  delete globals.trustedTypes
})

/** A page still loading: `document.readyState` says so until the test fires the window's load event. */
function pageStillLoading(): () => void {
  Object.defineProperty(document, 'readyState', { configurable: true, get: () => 'loading' })
  return () => {
    delete (document as unknown as Record<string, unknown>).readyState
    window.dispatchEvent(new Event('load'))
  }
}

describe('Load Widget: when the widget script is inserted', () => {
  it('afterPageLoad (the default): only after the load event, when the browser is idle (at most 3 s later)', async () => {
    const finishLoading = pageStillLoading()
    const idle: Array<{ run: () => void; timeout?: number }> = []
    globals.requestIdleCallback = (run: () => void, options?: { timeout?: number }) =>
      idle.push({ run, timeout: options?.timeout })

    const { initialized } = await startDestination({ secretKey: VALID_KEY, loadWidget: undefined })
    await expect(initialized).resolves.toBeUndefined()
    await settle()
    expect(widgetScripts()).toHaveLength(0)
    expect(idle).toHaveLength(0)

    finishLoading()
    expect(widgetScripts()).toHaveLength(0)
    expect(idle.map(({ timeout }) => timeout)).toEqual([3_000])
    idle[0].run()
    expect(widgetScripts().map((script) => script.src)).toEqual([WIDGET_URL])
  })

  it('afterPageLoad, without requestIdleCallback: right after the load event, in a task of its own', async () => {
    jest.useFakeTimers()
    try {
      const finishLoading = pageStillLoading()
      await startDestination({ secretKey: VALID_KEY, loadWidget: 'afterPageLoad' })
      await advanceTimersAsync(5_000)
      expect(widgetScripts()).toHaveLength(0)
      finishLoading()
      expect(widgetScripts()).toHaveLength(0)
      await advanceTimersAsync(0)
      expect(widgetScripts()).toHaveLength(1)
    } finally {
      jest.useRealTimers()
    }
  })

  it('immediately: while initialize runs, and initialize does not wait for it', async () => {
    const finishLoading = pageStillLoading()
    const { initialized } = await startDestination({ secretKey: VALID_KEY, loadWidget: 'immediately' })
    await expect(initialized).resolves.toBeUndefined()
    expect(widgetScripts()).toHaveLength(1)
    finishLoading()
  })

  it.each([
    ['a click', () => document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }))],
    ['a key', () => document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true }))],
    ['a touch', () => document.body.dispatchEvent(new Event('touchstart', { bubbles: true }))],
    // Scroll events of an element do not bubble: the listener captures them at the window.
    ['a scroll inside the page', () => document.body.dispatchEvent(new Event('scroll'))]
  ])('onFirstInteraction: nothing until %s, then exactly one script, and no listener left', async (_, interact) => {
    const { initialized } = await startDestination({ secretKey: VALID_KEY, loadWidget: 'onFirstInteraction' })
    await expect(initialized).resolves.toBeUndefined()
    window.dispatchEvent(new Event('load'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(document.querySelectorAll('script[src]')).toHaveLength(0)

    interact()
    expect(widgetScripts()).toHaveLength(1)
    interact()
    expect(widgetScripts()).toHaveLength(1)
    // The listeners are gone: even with the script removed, another interaction adds nothing.
    widgetScripts()[0].remove()
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }))
    expect(widgetScripts()).toHaveLength(0)
  })

  it('passes identify calls made before the widget is there to the widget when it starts', async () => {
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    await startDestination({ secretKey: VALID_KEY, loadWidget: 'onFirstInteraction' }, analytics)
    await analytics.identify('ada-1', { name: 'Ada Lovelace', email: 'ada@example.com' })
    await settle()
    expect(widgetScripts()).toHaveLength(0)

    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }))
    // What the widget reads when it starts.
    expect(widgetScripts()).toHaveLength(1)
    expect(globals.userlikeData).toMatchObject({ user: { name: 'Ada Lovelace', email: 'ada@example.com' } })
  })

  it.each([['sometimes'], [''], [42], [null]])(
    'warns once about an unknown value (%p) and loads after the page has loaded',
    async (loadWidget) => {
      const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
      const finishLoading = pageStillLoading()
      const { initialized } = await startDestination({ secretKey: VALID_KEY, loadWidget })
      await expect(initialized).resolves.toBeUndefined()
      expect(consoleWarn.mock.calls).toEqual([['Userlike: unknown Load Widget setting; using afterPageLoad.']])
      expect(widgetScripts()).toHaveLength(0)
      finishLoading()
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(widgetScripts()).toHaveLength(1)
    }
  )

  it(`reports a script that never answers once, after ${WIDGET_LOAD_TIMEOUT_MS / 1000} s, in every mode`, async () => {
    jest.useFakeTimers()
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      await startDestination({ secretKey: VALID_KEY, loadWidget: 'onFirstInteraction' })
      await advanceTimersAsync(WIDGET_LOAD_TIMEOUT_MS * 2)
      expect(consoleError).not.toHaveBeenCalled()
      document.body.dispatchEvent(new Event('keydown', { bubbles: true }))
      await advanceTimersAsync(WIDGET_LOAD_TIMEOUT_MS * 2)
      expect(consoleError.mock.calls).toEqual([
        [`Userlike: ${WIDGET_URL} has not loaded within 10 s; live chat starts if it arrives later.`]
      ])
    } finally {
      jest.useRealTimers()
    }
  })
})

describe('the widget script in pages as they are in the wild', () => {
  it.each([
    ['no script element', () => (document.body.innerHTML = '<p>shop</p>')],
    [
      'only module scripts',
      () => (document.body.innerHTML = '<script type="module" src="data:text/javascript,"></script>')
    ],
    ['no <head>', () => document.head.remove()],
    ['neither <head> nor <body>', () => document.documentElement.replaceChildren()]
  ])('loads the widget on a page with %s', async (_, shape) => {
    shape()
    await startDestination({ secretKey: VALID_KEY })
    expect(widgetScripts().map((script) => script.src)).toEqual([WIDGET_URL])
    expect(widgetScripts()[0].isConnected).toBe(true)
    document.documentElement.replaceChildren(document.createElement('head'), document.createElement('body'))
  })

  describe('with Trusted Types', () => {
    interface Rules {
      createScriptURL(url: string): string
    }
    function trustedTypes(createPolicy: (name: string, rules: Rules) => unknown): jest.Mock {
      const mock = jest.fn(createPolicy)
      globals.trustedTypes = { createPolicy: mock }
      return mock
    }

    it(`creates the "${TRUSTED_TYPES_POLICY}" policy once, which makes nothing but the widget URL of a well-formed key`, async () => {
      let rules: Rules | undefined
      const createPolicy = trustedTypes((_, given) => {
        rules = given
        return given
      })
      const analytics = new Analytics({ writeKey: 'test-write-key' })
      await startDestination({ secretKey: VALID_KEY }, analytics)
      widgetScripts()[0].remove()
      await startDestination({ secretKey: VALID_KEY }, analytics)

      expect(createPolicy.mock.calls.map(([name]) => name)).toEqual([TRUSTED_TYPES_POLICY])
      expect(widgetScripts().map((script) => script.src)).toEqual([WIDGET_URL])
      expect(rules!.createScriptURL(WIDGET_URL)).toBe(WIDGET_URL)
      for (const other of [
        'https://evil.example/x.js',
        WIDGET_URL.toUpperCase(),
        WIDGET_URL.replace(VALID_KEY, VALID_KEY.slice(1) + 'g'),
        `${WIDGET_URL}?x=1`,
        `https://evil.example/${VALID_KEY}.js`,
        `https://userlike-cdn-widgets.s3-eu-west-1.amazonaws.com.evil.example/${VALID_KEY}.js`
      ]) {
        expect(() => rules!.createScriptURL(other)).toThrow(/^Userlike: not a widget URL/)
      }
    })

    it('falls back to the plain URL where the page does not allow the policy (it may not enforce Trusted Types)', async () => {
      trustedTypes(() => {
        throw new TypeError('Policy "userlike-web" disallowed.')
      })
      await startDestination({ secretKey: VALID_KEY })
      expect(widgetScripts().map((script) => script.src)).toEqual([WIDGET_URL])
    })
  })
})
