import { freshDestinationEachTest } from '../../test-utils'

/** What the destination keeps for a page's lifetime (the widget is up, an open waits) starts afresh in each test. */
const fresh = freshDestinationEachTest()

const HELP_CLICKED = 'type = "track" and event = "Help Clicked"'
const OPENED_KEY = 'userlike-web-actions:messenger-opened'

/** The destination with Open Messenger on "Help Clicked" (its default mapping, or `fields`) and the widget loading. */
async function startWithOpen(fields?: Record<string, unknown>, settings: Record<string, unknown> = {}) {
  const h = fresh.current
  return h.startDestination({
    secretKey: h.VALID_KEY,
    mappings: [h.actionSubscription('openMessenger', HELP_CLICKED, fields as never)],
    ...settings
  })
}

/** The widget script loads and its API comes up (the documented ready form). */
function widgetComesUp(script: HTMLScriptElement) {
  const h = fresh.current
  return h.finishWidgetLoad(script, { methods: h.CONTROL_METHODS, ready: 'userlike.userlikeReady' })
}

/**
 * The tab's next page load: the destination again with Open Messenger on "Help Clicked", its widget up, and one
 * "Help Clicked". Returns that page's widget.
 */
async function helpClickedOnNextPage() {
  const next = await fresh.current.nextPageLoad()
  const { analytics } = await next.startDestination({
    secretKey: next.VALID_KEY,
    mappings: [next.actionSubscription('openMessenger', HELP_CLICKED)]
  })
  const api = next.finishWidgetLoad(await next.widgetScriptAdded(), {
    methods: next.CONTROL_METHODS,
    ready: 'userlike.userlikeReady'
  })
  await analytics.track('Help Clicked')
  return api
}

describe('Open Messenger', () => {
  it('asked before the widget is up: one call when it is, for several requests', async () => {
    const { analytics } = await startWithOpen()
    const script = await fresh.current.widgetScriptAdded()
    for (let i = 0; i < 3; i++) await analytics.track('Help Clicked')
    const api = fresh.current.finishWidgetLoad(script, { methods: fresh.current.CONTROL_METHODS })
    expect(api.userlikeStartChat).not.toHaveBeenCalled()
    fresh.current.playWidgetReady('userlike.userlikeReady')
    expect(api.userlikeStartChat).toHaveBeenCalledTimes(1)
  })

  it('asked once the widget is up: opens at once, while analytics delivers the event', async () => {
    const { analytics, initialized } = await startWithOpen()
    const api = widgetComesUp(await fresh.current.widgetScriptAdded())
    await initialized
    await analytics.track('Help Clicked')
    expect(api.userlikeStartChat).toHaveBeenCalledTimes(1)
    expect(fresh.current.widgetCalls(api)).toEqual(['userlikeStartChat'])
  })

  it('by default once per visitor session: not again in this tab, nor on its next page load', async () => {
    const { analytics } = await startWithOpen()
    const api = widgetComesUp(await fresh.current.widgetScriptAdded())
    await analytics.track('Help Clicked')
    await analytics.track('Help Clicked')
    expect(api.userlikeStartChat).toHaveBeenCalledTimes(1)
    expect(sessionStorage.getItem(OPENED_KEY)).not.toBeNull()

    const nextApi = await helpClickedOnNextPage()
    expect(nextApi.userlikeStartChat).not.toHaveBeenCalled()
  })

  it('a widget that could not open it (it has no userlikeStartChat) leaves the session’s one open for a widget that can', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { analytics } = await startWithOpen()
    fresh.current.finishWidgetLoad(await fresh.current.widgetScriptAdded(), { ready: 'userlike.userlikeReady' })
    await analytics.track('Help Clicked')
    expect(fresh.current.userlikeWarnings()).toEqual([
      'Userlike: the widget has no userlike.userlikeStartChat(); the messenger was not opened.'
    ])

    const api = await helpClickedOnNextPage()
    expect(api.userlikeStartChat).toHaveBeenCalledTimes(1)
  })

  it('with Once per visitor session off: opens on every request, and marks nothing for the session', async () => {
    const { analytics } = await startWithOpen({ oncePerSession: false })
    const api = widgetComesUp(await fresh.current.widgetScriptAdded())
    for (let i = 0; i < 3; i++) await analytics.track('Help Clicked')
    expect(api.userlikeStartChat).toHaveBeenCalledTimes(3)
    expect(sessionStorage.getItem(OPENED_KEY)).toBeNull()
  })

  it('a mapping with Once per visitor session off still opens after one with it on has opened', async () => {
    const h = fresh.current
    const { analytics } = await h.startDestination({
      secretKey: h.VALID_KEY,
      mappings: [
        h.actionSubscription('openMessenger', HELP_CLICKED, { oncePerSession: true }),
        h.actionSubscription('openMessenger', 'type = "track" and event = "Contact Us Clicked"', {
          oncePerSession: false
        })
      ]
    })
    const api = widgetComesUp(await h.widgetScriptAdded())
    await analytics.track('Help Clicked')
    await analytics.track('Help Clicked')
    await analytics.track('Contact Us Clicked')
    expect(api.userlikeStartChat).toHaveBeenCalledTimes(2)
  })

  it('where the browser refuses sessionStorage (it throws): once per page', async () => {
    const refused = jest.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    })
    try {
      const { analytics } = await startWithOpen()
      const api = widgetComesUp(await fresh.current.widgetScriptAdded())
      await analytics.track('Help Clicked')
      await analytics.track('Help Clicked')
      expect(api.userlikeStartChat).toHaveBeenCalledTimes(1)
    } finally {
      // Before the page is cleaned up, which empties sessionStorage.
      refused.mockRestore()
    }
  })

  it('where sessionStorage refuses to store (private browsing: setItem throws): once per page', async () => {
    const store = Storage.prototype.setItem
    jest.spyOn(Storage.prototype, 'setItem').mockImplementation(function (this: Storage, key, value) {
      if (this === sessionStorage) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      store.call(this, key, value)
    })
    const { analytics } = await startWithOpen()
    const api = widgetComesUp(await fresh.current.widgetScriptAdded())
    await analytics.track('Help Clicked')
    await analytics.track('Help Clicked')
    expect(api.userlikeStartChat).toHaveBeenCalledTimes(1)
    expect(sessionStorage.getItem(OPENED_KEY)).toBeNull()
  })

  it.each([
    ['onFirstInteraction', () => undefined],
    ['onChatButton', () => undefined],
    ['afterPageLoad', () => Object.defineProperty(document, 'readyState', { configurable: true, get: () => 'loading' })]
  ])('Load Widget %s: loads the widget now, exactly once, and opens it when it is up', async (loadWidget, prepare) => {
    prepare()
    try {
      const h = fresh.current
      const { analytics, initialized } = await startWithOpen(undefined, { loadWidget })
      await initialized
      await h.settle()
      expect(h.widgetScripts()).toHaveLength(0)

      await analytics.track('Help Clicked')
      expect(h.widgetScripts().map((script) => script.src)).toEqual([h.WIDGET_URL])
      await analytics.track('Help Clicked')
      // What the mode waited for comes afterwards: a visitor's interaction, the page's load event.
      delete (document as unknown as Record<string, unknown>).readyState
      document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }))
      window.dispatchEvent(new Event('load'))
      await h.advanceTimersAsync(5_000)
      expect(h.widgetScripts()).toHaveLength(1)

      const api = widgetComesUp(h.widgetScripts()[0])
      expect(api.userlikeStartChat).toHaveBeenCalledTimes(1)
    } finally {
      delete (document as unknown as Record<string, unknown>).readyState
    }
  })

  it('does nothing for events its trigger does not match: no widget requested, nothing opened', async () => {
    const h = fresh.current
    const { analytics, initialized } = await startWithOpen(undefined, { loadWidget: 'onFirstInteraction' })
    await initialized
    await analytics.track('Help Viewed')
    await analytics.track('help clicked')
    await analytics.page('Help Clicked')
    await analytics.identify('user-1', { event: 'Help Clicked' })
    await h.settle()
    expect(h.widgetScripts()).toHaveLength(0)
  })

  it('with an invalid Secret Key: nothing is loaded or opened, and analytics delivers', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const h = fresh.current
    const { analytics, other } = await h.startDestination({
      secretKey: 'not-a-key',
      mappings: [h.actionSubscription('openMessenger', HELP_CLICKED)]
    })
    const ctx = await analytics.track('Help Clicked')
    expect(ctx.failedDelivery()).toBeUndefined()
    expect(h.widgetScripts()).toHaveLength(0)
    expect(other.events.map((event) => event.event)).toEqual(['Help Clicked'])
  })
})
