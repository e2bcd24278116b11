import { Analytics } from '@segment/analytics-next'
import {
  VALID_KEY,
  advanceTimersAsync,
  WIDGET_URL,
  globals,
  startDestination,
  widgetScripts,
  widgetScriptAdded,
  startWithWidget,
  finishWidgetLoad,
  widgetEvent,
  settle,
  resetPage
} from '../test-utils'

beforeEach(resetPage)
afterEach(() => jest.useRealTimers())

describe('secret key validation', () => {
  const badKeys: Array<[string, unknown]> = [
    ['missing', undefined],
    ['empty', ''],
    ['only spaces', '   '],
    ['63 characters', VALID_KEY.slice(1)],
    ['65 characters', `${VALID_KEY}a`],
    ['non-hex characters', `${VALID_KEY.slice(0, 63)}g`],
    ['a path traversal', `../${VALID_KEY.slice(3)}`],
    ['quotes', `"${VALID_KEY.slice(2)}'`],
    ['a script tag', `<script>alert(1)</script>${VALID_KEY.slice(25)}`],
    ['a query string', `${VALID_KEY}?x=1`],
    ['a number', 42]
  ]

  it.each(badKeys)('rejects a key that is %s, before touching the page, and never throws', async (_, secretKey) => {
    const fetchSpy = jest.fn()
    globals.fetch = fetchSpy
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const { analytics, initialized } = await startDestination({ secretKey, recordLiveChatEvents: true })

    await expect(initialized).resolves.toBeUndefined()
    expect(consoleError.mock.calls).toEqual([
      [expect.stringMatching(/^Userlike: the Secret Key setting must be 64 hexadecimal characters, but it has /)]
    ])
    // The destination is off: an identify hands nothing to the page.
    await analytics.identify('user-1', { name: 'Ada', email: 'ada@example.com' })
    expect(widgetScripts()).toHaveLength(0)
    expect(document.querySelectorAll('script[src]')).toHaveLength(0)
    expect(fetchSpy).not.toHaveBeenCalled()
    expect(globals.userlikeData).toBeUndefined()
    expect(globals.userlikeTrackingEvent).toBeUndefined()
    delete globals.fetch
  })

  it('says what is wrong without echoing the rejected value', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const { initialized } = await startDestination({ secretKey: '<img src=x onerror=alert(1)>' })
    await initialized
    expect(consoleError).toHaveBeenCalledWith(
      'Userlike: the Secret Key setting must be 64 hexadecimal characters, but it has 28. ' +
        'Copy it from the Userlike dashboard: Config > Install > Secret.'
    )
  })

  it('loads the widget for a valid key, trimmed and in lower case (the CDN is case-sensitive), over https', async () => {
    const { initialized } = await startDestination({ secretKey: `  ${VALID_KEY.toUpperCase()}\n` })
    await expect(initialized).resolves.toBeUndefined()
    const script = await widgetScriptAdded()
    expect(script.src).toBe(WIDGET_URL)
    expect(widgetScripts()).toHaveLength(1)
  })
})

describe('visitor hand-over', () => {
  it('writes the known name and email into userlikeData before the widget script starts', async () => {
    globals.userlikeData = { user: { name: 'Page Name', additional01: 'kept' }, custom: { plan: 'pro' } }
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    analytics.user().traits({ name: '', email: 'ada@example.com', phone: '123' })

    await startDestination({ secretKey: VALID_KEY }, analytics)
    await widgetScriptAdded()

    expect(globals.userlikeData).toEqual({
      user: { name: 'Page Name', additional01: 'kept', email: 'ada@example.com' },
      custom: { plan: 'pro' }
    })
  })

  it('never copies the secret key into userlikeData', async () => {
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    analytics.user().traits({ name: 'Ada' })
    await startDestination({ secretKey: VALID_KEY }, analytics)
    finishWidgetLoad(await widgetScriptAdded())
    expect(JSON.stringify(globals.userlikeData)).not.toContain(VALID_KEY)
    expect(globals.userlikeData).toEqual({ user: { name: 'Ada' } })
  })
})

describe('widget script loading', () => {
  it("loads nothing more when the site's own Userlike snippet is already on the page, whatever the case of either, and still records", async () => {
    const pathForm = `https://s3-eu-west-1.amazonaws.com/userlike-cdn-widgets/${VALID_KEY}.js`
    const cases = [
      [WIDGET_URL, VALID_KEY],
      [pathForm, VALID_KEY],
      [WIDGET_URL.toUpperCase(), VALID_KEY],
      [pathForm, VALID_KEY.toUpperCase()],
      [WIDGET_URL.replace(VALID_KEY, VALID_KEY.toUpperCase()), ` ${VALID_KEY.toUpperCase()}`]
    ]
    for (const [src, secretKey] of cases) {
      resetPage()
      document.head.innerHTML = `<script src="${src}"></script>`
      const { initialized, other } = await startDestination({ secretKey, recordLiveChatEvents: true })
      await expect(initialized).resolves.toBeUndefined()
      expect(document.querySelectorAll('script[src]')).toHaveLength(1)

      widgetEvent('chat_started', {}, { chat_id: 7 })
      await settle()
      expect(other.events.map((event) => event.event)).toEqual(['Live Chat Conversation Started'])
    }
  })

  it('says once, without guessing why, when the script cannot load (404 or ad blocker), and analytics goes on', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const { initialized, analytics, other } = await startDestination({ secretKey: VALID_KEY })
    await expect(initialized).resolves.toBeUndefined()
    ;(await widgetScriptAdded()).dispatchEvent(new Event('error'))
    await settle()

    expect(consoleError.mock.calls).toEqual([
      [`Userlike: the browser could not load ${WIDGET_URL}. Live chat is off on this page; analytics goes on.`]
    ])
    await analytics.track('Order Completed', { total: 10 })
    expect(other.events.map((event) => event.event)).toContain('Order Completed')
  })

  it("names the page's Content-Security-Policy when it blocked the script, once", async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    await startDestination({ secretKey: VALID_KEY })
    const script = await widgetScriptAdded()
    // What Chromium does: the error event, and the violation (in either order) for the blocked URL.
    script.dispatchEvent(new Event('error'))
    const violation = Object.assign(new Event('securitypolicyviolation', { bubbles: true }), {
      blockedURI: WIDGET_URL,
      effectiveDirective: 'script-src-elem'
    })
    script.dispatchEvent(violation)
    await settle()

    expect(consoleError.mock.calls).toEqual([
      [
        `Userlike: the page's Content-Security-Policy (script-src-elem) blocked ${WIDGET_URL}. ` +
          'Live chat is off on this page; analytics goes on.'
      ]
    ])
  })

  it('says so once when the widget script throws while it starts, and keeps the destination', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const { initialized } = await startDestination({ secretKey: VALID_KEY })
    const script = await widgetScriptAdded()
    // What a browser does for a cross-origin script that throws: a muted error event, then the load event.
    window.dispatchEvent(new ErrorEvent('error', { message: 'Script error.', filename: '' }))
    script.dispatchEvent(new Event('load'))
    script.dispatchEvent(new Event('error'))
    await settle()

    await expect(initialized).resolves.toBeUndefined()
    expect(consoleError).toHaveBeenCalledTimes(1)
    expect(consoleError).toHaveBeenCalledWith(
      `Userlike: ${WIDGET_URL} threw while starting; live chat may not work.`,
      expect.any(ErrorEvent)
    )
  })

  it("does not blame the widget for another script's error", async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const { initialized } = await startDestination({ secretKey: VALID_KEY })
    const script = await widgetScriptAdded()
    window.dispatchEvent(new ErrorEvent('error', { message: 'Script error.', filename: '' }))
    window.dispatchEvent(new ErrorEvent('error', { message: 'boom', filename: 'https://example.com/app.js' }))
    await new Promise((resolve) => setTimeout(resolve, 0))
    script.dispatchEvent(new Event('load'))

    await expect(initialized).resolves.toBeUndefined()
    expect(consoleError).not.toHaveBeenCalled()
  })

  it('says once after 10 s when the script has not answered, without claiming live chat is off', async () => {
    jest.useFakeTimers()
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const { initialized, analytics, other } = await startDestination({ secretKey: VALID_KEY })
    let settled = false
    initialized.then(
      () => (settled = true),
      () => (settled = true)
    )
    await advanceTimersAsync(0)
    // initialize is done before the script has answered.
    expect(settled).toBe(true)
    const [script] = widgetScripts()
    expect(script).toBeDefined()

    await advanceTimersAsync(9_900)
    expect(consoleError).not.toHaveBeenCalled()
    await advanceTimersAsync(100)
    expect(consoleError.mock.calls).toEqual([
      [`Userlike: ${WIDGET_URL} has not loaded within 10 s; live chat starts if it arrives later.`]
    ])

    // A late widget still starts; nothing more is said about it.
    finishWidgetLoad(script)
    await advanceTimersAsync(20_000)
    expect(consoleError).toHaveBeenCalledTimes(1)

    const delivered = analytics.track('Order Completed')
    await advanceTimersAsync(100)
    await delivered
    expect(other.events.map((event) => event.event)).toContain('Order Completed')
  })

  it('adds the widget script once when analytics registers the destination again', async () => {
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    await startWithWidget({ secretKey: VALID_KEY, recordLiveChatEvents: true }, analytics)
    const second = await startDestination({ secretKey: VALID_KEY, recordLiveChatEvents: true }, analytics)
    await second.initialized

    expect(widgetScripts()).toHaveLength(1)
    widgetEvent('message_operator_terminating', {}, {})
    await settle()
    expect(second.other.events.filter((event) => event.event === 'Live Chat Message Sent')).toHaveLength(1)
  })
})
