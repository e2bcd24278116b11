/**
 * The actions of issue 19 in Chromium, through the real analytics-next and Segment's runtime (the CDN's
 * `remotePlugins` path: the runtime evaluates each mapping's FQL trigger), with a widget stand-in that offers the
 * legacy control methods and records every call on `window.userlike`: Open Messenger, Show or Hide Chat Button and
 * Update Custom Data, before and after the widget is up, in each Load Widget mode, with either ready form.
 */
import { EXAMPLE_WIDGET_URL } from '../../src/test-facts'
import { useHarness, WAIT_MS } from './harness'
import {
  controlStandIn,
  mapping,
  openWildPage,
  prepareWildPages,
  waitForWidgetCall,
  widgetCalls,
  widgetStarted,
  type ControlStandIn,
  type WidgetCall,
  type WildPage,
  type WildPageOptions
} from './wild-page'

const harness = useHarness()
beforeAll(prepareWildPages, 60_000)

const HELP_CLICKED = 'type = "track" and event = "Help Clicked"'
const OPEN_ONCE = mapping('openMessenger', HELP_CLICKED, { oncePerSession: true })
const OPEN_EVERY_TIME = mapping('openMessenger', HELP_CLICKED, { oncePerSession: false })
const HIDE_ON_CHECKOUT = mapping('setChatButtonVisibility', 'type = "page" and name = "Checkout"', { visible: false })
const SHOW_ON_HOME = mapping('setChatButtonVisibility', 'type = "page" and name = "Home"', { visible: true })
/** Update Custom Data with its default mapping: the event's properties. */
const CUSTOM_DATA_ON_PRODUCT_ADDED = mapping('updateCustomData', 'type = "track" and event = "Product Added"', {
  customData: { '@path': '$.properties' }
})

const OPENED_KEY = 'userlike-web-actions:messenger-opened'

/** The widget stand-in that calls the documented `userlike.userlikeReady()` a moment after it started. */
const DOCUMENTED_READY: ControlStandIn = { ready: 'userlike.userlikeReady', readyAfterMs: 0 }
/** The same, a second after it started: long enough for what the page asked at its start to be waiting for it. */
const SLOW_DOCUMENTED_READY: ControlStandIn = { ready: 'userlike.userlikeReady', readyAfterMs: 1_000 }

/**
 * A body whose script runs as the page is parsed, before its load event and before any widget script: it notes
 * whether the widget script was already there, then runs `code` (`analytics` is the page's AnalyticsBrowser).
 */
function bodyRunning(code: string): string {
  return `<p>Products.</p>
    <script>
      window.__widgetScriptBeforeTriggers = document.querySelector('script[src*="userlike-cdn-widgets"]') !== null
      ${code}
    </script>`
}

/**
 * An init script: the page's idle callbacks never come (a page that stays busy). With Load Widget "After the page
 * has loaded" the widget is then requested only by what asks for it on demand.
 */
function idleNeverComes(): void {
  window.requestIdleCallback = () => 0
}

/** Opens a page with the destination from Segment's CDN settings and the given widget stand-in. */
function openPage(standIn: ControlStandIn, options: Partial<WildPageOptions> = {}): Promise<WildPage> {
  return openWildPage(harness.current, { path: 'cdn', widget: controlStandIn(standIn), ...options })
}

/** Calls the page's analytics (`analytics[method](...args)`) and waits until it has delivered the event. */
async function callAnalytics(
  wild: WildPage,
  method: 'track' | 'page' | 'identify' | 'reset',
  ...args: unknown[]
): Promise<void> {
  await wild.page.evaluate(
    async ([name, list]) => {
      const analytics = (window as unknown as { analytics: Record<string, (...args: unknown[]) => Promise<unknown>> })
        .analytics
      await analytics[name](...list)
    },
    [method, args] as const
  )
}

const names = (calls: WidgetCall[]): string[] => calls.map((call) => call.method)
const count = (calls: WidgetCall[], method: string): number => names(calls).filter((name) => name === method).length

/** What the destination called on the widget inside the widget's call of its ready callback. */
function insideReady(calls: WidgetCall[]): string[] {
  const all = names(calls)
  return all.slice(all.indexOf('ready') + 1, all.indexOf('ready returned'))
}

/** The widget's record once its ready callback has returned, and a moment more for anything that would follow. */
async function afterReady(wild: WildPage): Promise<WidgetCall[]> {
  await waitForWidgetCall(wild.page, (call) => call.method === 'ready returned', 'the widget coming up')
  await wild.page.waitForTimeout(500)
  return widgetCalls(wild.page)
}

/** The page's own analytics goes on: a later track reaches Segment. */
async function expectAnalyticsDelivering(wild: WildPage): Promise<void> {
  await callAnalytics(wild, 'track', 'Order Completed')
  await wild.waitForDelivery((body) => body.event === 'Order Completed', 'Order Completed')
}

const readPage = <T>(wild: WildPage, expression: string): Promise<T> => wild.page.evaluate(expression) as Promise<T>

describe('Open Messenger on track "Help Clicked"', () => {
  it.each(['afterPageLoad', 'immediately', 'onFirstInteraction', 'onChatButton'])(
    '%s: three requests before the widget script is on the page load it once and open it once, when it is up',
    async (loadWidget) => {
      const wild = await openPage(SLOW_DOCUMENTED_READY, {
        settings: { loadWidget },
        mappings: [OPEN_ONCE],
        initScripts: [idleNeverComes],
        body: bodyRunning(`for (let i = 0; i < 3; i++) analytics.track('Help Clicked')`)
      })
      const calls = await afterReady(wild)
      expect(await readPage(wild, 'window.__widgetScriptBeforeTriggers')).toBe(false)
      expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
      expect(count(calls, 'userlikeStartChat')).toBe(1)
      // Opened by the widget's ready callback: not before the API was up, nor by the 3 s fallback after it.
      expect(insideReady(calls)).toContain('userlikeStartChat')
      // The placeholder of "When the visitor opens the chat" goes once the widget is up.
      expect(await readPage(wild, `document.querySelector('userlike-chat-button') === null`)).toBe(true)
      expect(wild.userlikeMessages()).toEqual([])
      expect(wild.pageErrors).toEqual([])
    }
  )

  it('with Once per visitor session off: three requests before the widget is up still open it once', async () => {
    const wild = await openPage(SLOW_DOCUMENTED_READY, {
      mappings: [OPEN_EVERY_TIME],
      body: bodyRunning(`for (let i = 0; i < 3; i++) analytics.track('Help Clicked')`)
    })
    const calls = await afterReady(wild)
    expect(count(calls, 'userlikeStartChat')).toBe(1)
    expect(insideReady(calls)).toContain('userlikeStartChat')
  })

  it('opens at once when the widget is already up', async () => {
    const wild = await openPage(DOCUMENTED_READY, { mappings: [OPEN_ONCE] })
    expect(count(await afterReady(wild), 'userlikeStartChat')).toBe(0)
    // The action runs while analytics delivers the event: the call is there when track() has resolved.
    await callAnalytics(wild, 'track', 'Help Clicked')
    expect(count(await widgetCalls(wild.page), 'userlikeStartChat')).toBe(1)
    expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
  })

  it('opens once per visitor session: not on a second request, nor after a reload of the page in the same tab', async () => {
    const wild = await openPage(DOCUMENTED_READY, { mappings: [OPEN_ONCE] })
    await afterReady(wild)
    await callAnalytics(wild, 'track', 'Help Clicked')
    await callAnalytics(wild, 'track', 'Help Clicked')
    expect(count(await widgetCalls(wild.page), 'userlikeStartChat')).toBe(1)
    expect(await readPage(wild, `sessionStorage.getItem('${OPENED_KEY}') !== null`)).toBe(true)

    await wild.page.reload()
    const calls = await afterReady(wild)
    await callAnalytics(wild, 'track', 'Help Clicked')
    await wild.page.waitForTimeout(500)
    expect(count(await widgetCalls(wild.page), 'userlikeStartChat')).toBe(0)
    // The reload did load the widget and the destination again: the action had a widget to open.
    expect(count(calls, 'ready')).toBe(1)
    expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL, EXAMPLE_WIDGET_URL])
    expect(wild.pageErrors).toEqual([])
  })

  it('with Once per visitor session off: opens on every request, also after a reload', async () => {
    const wild = await openPage(DOCUMENTED_READY, { mappings: [OPEN_EVERY_TIME] })
    await afterReady(wild)
    for (let i = 0; i < 3; i++) await callAnalytics(wild, 'track', 'Help Clicked')
    expect(count(await widgetCalls(wild.page), 'userlikeStartChat')).toBe(3)

    await wild.page.reload()
    await afterReady(wild)
    await callAnalytics(wild, 'track', 'Help Clicked')
    expect(count(await widgetCalls(wild.page), 'userlikeStartChat')).toBe(1)
  })

  it('does nothing for events its trigger does not match (the FQL is the runtime’s), and loads on the one it does', async () => {
    const wild = await openPage(DOCUMENTED_READY, {
      settings: { loadWidget: 'onFirstInteraction' },
      mappings: [OPEN_ONCE]
    })
    await callAnalytics(wild, 'track', 'Help Viewed')
    await callAnalytics(wild, 'track', 'help clicked')
    await callAnalytics(wild, 'page', 'Help Clicked')
    await callAnalytics(wild, 'identify', 'jane-1', { event: 'Help Clicked' })
    await wild.page.waitForTimeout(1_000)
    expect(wild.widgetRequests).toEqual([])

    await callAnalytics(wild, 'track', 'Help Clicked')
    const calls = await afterReady(wild)
    expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
    expect(count(calls, 'userlikeStartChat')).toBe(1)
  })
})

describe('Show or Hide Chat Button on page events', () => {
  it('hides on "Checkout" and shows on "Home" once the widget is up: each call at once, the latest standing', async () => {
    const wild = await openPage(DOCUMENTED_READY, { mappings: [HIDE_ON_CHECKOUT, SHOW_ON_HOME] })
    await afterReady(wild)
    await callAnalytics(wild, 'page', 'Checkout')
    await callAnalytics(wild, 'page', 'Home')
    await callAnalytics(wild, 'page', 'Checkout')
    await callAnalytics(wild, 'page', 'Product')
    const visibility = names(await widgetCalls(wild.page)).filter((name) => name.endsWith('Button'))
    expect(visibility).toEqual(['userlikeHideButton', 'userlikeShowButton', 'userlikeHideButton'])
  })

  it.each([
    ['Checkout', 'Home', 'userlikeShowButton'],
    ['Home', 'Checkout', 'userlikeHideButton']
  ])(
    'before the widget is up, "%s" then "%s": only the latest is applied, when it is up',
    async (first, last, call) => {
      const wild = await openPage(SLOW_DOCUMENTED_READY, {
        mappings: [HIDE_ON_CHECKOUT, SHOW_ON_HOME],
        body: bodyRunning(`analytics.page(${JSON.stringify(first)}); analytics.page(${JSON.stringify(last)})`)
      })
      const calls = await afterReady(wild)
      expect(names(calls).filter((name) => name.endsWith('Button'))).toEqual([call])
      expect(insideReady(calls)).toContain(call)
      expect(wild.userlikeMessages()).toEqual([])
    }
  )
})

describe('Update Custom Data on track "Product Added" (mapped from the properties)', () => {
  /** The page's `userlikeData`. */
  const userlikeData = (wild: WildPage) =>
    readPage<{ user?: Record<string, unknown>; custom?: Record<string, unknown> }>(wild, 'window.userlikeData')
  /** What the widget was handed last through `setData`. */
  const lastSetData = async (wild: WildPage) =>
    (await widgetCalls(wild.page)).filter((call) => call.method === 'setData').at(-1)?.args?.[0] as
      { custom?: Record<string, unknown> } | undefined

  /** A page whose widget is up, and Jane identified with a product added: returns the custom data that gives. */
  async function janeAddedAProduct(wild: WildPage): Promise<Record<string, unknown>> {
    await afterReady(wild)
    await callAnalytics(wild, 'identify', 'jane-1', { name: 'Jane Doe', plan: 'gold' })
    await callAnalytics(wild, 'track', 'Product Added', { sku: 'A-1', price: 9.5 })
    return { name: 'Jane Doe', plan: 'gold', sku: 'A-1', price: 9.5 }
  }

  it('merges the properties into the custom data and pushes them; an empty value never wipes one', async () => {
    const wild = await openPage(DOCUMENTED_READY, { mappings: [CUSTOM_DATA_ON_PRODUCT_ADDED] })
    const merged = await janeAddedAProduct(wild)
    expect((await userlikeData(wild)).custom).toEqual(merged)
    const calls = names(await widgetCalls(wild.page))
    expect(calls.slice(-2)).toEqual(['setData', 'userlikeUpdateAPI'])
    expect((await lastSetData(wild))?.custom).toEqual(merged)

    // Empty values: nothing changes, nothing is pushed.
    await callAnalytics(wild, 'track', 'Product Added', { sku: '', price: null })
    await callAnalytics(wild, 'track', 'Product Added', { sku: '   ' })
    expect((await userlikeData(wild)).custom).toEqual(merged)
    expect(await widgetCalls(wild.page)).toHaveLength(calls.length)
    expect(wild.pageErrors).toEqual([])
  })

  it('leaves a 1 MB property out with one warning, and an event analytics delivers after the next sign-in changes nothing', async () => {
    const wild = await openPage(DOCUMENTED_READY, { mappings: [CUSTOM_DATA_ON_PRODUCT_ADDED] })
    const merged = await janeAddedAProduct(wild)

    // The rest of the event is merged, however often it comes. Made in the page: 1 MB is not copied in from the test.
    for (let i = 0; i < 2; i++) {
      await wild.page.evaluate(async () => {
        const { analytics } = window as unknown as { analytics: { track(...args: unknown[]): Promise<unknown> } }
        await analytics.track('Product Added', { avatar: 'x'.repeat(1024 * 1024), color: 'red' })
      })
    }
    expect((await userlikeData(wild)).custom).toEqual({ ...merged, color: 'red' })
    expect((await lastSetData(wild))?.custom).toEqual({ ...merged, color: 'red' })
    expect(wild.userlikeMessages()).toEqual([
      'warning: Userlike: not handed to the widget: custom data "avatar" (over 16 KB in all).'
    ])

    // An event about Jane that analytics delivers once Bob is its user (the identify comes in the same task): it
    // changes nothing, and nothing of Jane's reaches the widget again.
    await wild.page.evaluate(async () => {
      const analytics = (window as unknown as { analytics: Record<string, (...args: unknown[]) => Promise<unknown>> })
        .analytics
      await Promise.all([
        analytics.track('Product Added', { coupon: 'JANE-ONLY' }),
        analytics.identify('bob-2', { name: 'Bob' })
      ])
    })
    expect((await userlikeData(wild)).custom).toEqual({ name: 'Bob' })
    expect((await lastSetData(wild))?.custom).toEqual({ name: 'Bob' })
    expect(JSON.stringify(await widgetCalls(wild.page))).not.toContain('JANE-ONLY')
    await expectAnalyticsDelivering(wild)
    expect(wild.pageErrors).toEqual([])
  })

  it('hands over what came before the widget was up, and sign-out takes all of it back (logout called)', async () => {
    const wild = await openPage(SLOW_DOCUMENTED_READY, {
      mappings: [CUSTOM_DATA_ON_PRODUCT_ADDED],
      body: bodyRunning(`
        window.userlikeData = { custom: { shop: 'page-shop' } }
        analytics.identify('jane-1', { name: 'Jane Doe' })
        analytics.track('Product Added', { sku: 'A-1', cart: { items: 2 } })`)
    })
    await afterReady(wild)
    const handed = { name: 'Jane Doe', sku: 'A-1', cart: { items: 2 } }
    expect((await lastSetData(wild))?.custom).toEqual({ shop: 'page-shop', ...handed })

    await callAnalytics(wild, 'reset')
    expect((await userlikeData(wild)).custom).toEqual({ shop: 'page-shop' })
    const calls = await widgetCalls(wild.page)
    expect((await lastSetData(wild))?.custom).toEqual({ shop: 'page-shop' })
    expect(names(calls).slice(-3)).toEqual(['setData', 'userlikeUpdateAPI', 'logout'])
    expect(wild.pageErrors).toEqual([])
  })
})

describe('a widget without the control methods', () => {
  it('says once per method which one it lacks, throws nothing into the page, and analytics keeps delivering', async () => {
    const wild = await openPage(
      { ...SLOW_DOCUMENTED_READY, omit: ['userlikeStartChat', 'userlikeShowButton', 'userlikeHideButton'] },
      {
        mappings: [OPEN_EVERY_TIME, HIDE_ON_CHECKOUT, SHOW_ON_HOME],
        body: bodyRunning(`analytics.page('Checkout'); analytics.track('Help Clicked')`)
      }
    )
    await afterReady(wild)
    for (const name of ['Home', 'Checkout', 'Home']) await callAnalytics(wild, 'page', name)
    await callAnalytics(wild, 'track', 'Help Clicked')
    await callAnalytics(wild, 'track', 'Help Clicked')
    await expectAnalyticsDelivering(wild)
    expect([...wild.userlikeMessages()].sort()).toEqual([
      'warning: Userlike: the widget has no userlike.userlikeHideButton(); the chat button was not hidden.',
      'warning: Userlike: the widget has no userlike.userlikeShowButton(); the chat button was not shown.',
      'warning: Userlike: the widget has no userlike.userlikeStartChat(); the messenger was not opened.'
    ])
    expect(wild.pageErrors).toEqual([])
  })
})

describe('the ready callback, in either form alone', () => {
  /** The page's own code: once the widget's object is there, it sets its own `userlike.userlikeReady`, as Userlike documents. */
  const PAGE_SETS_OBJECT_READY = `
    const waitForWidget = setInterval(() => {
      if (!window.userlike) return
      clearInterval(waitForWidget)
      window.userlike.userlikeReady = function () { (window.__pageReady ||= []).push(this === window.userlike) }
    }, 5)`
  const EARLY_REQUESTS = `
    analytics.identify('jane-1', { name: 'Jane Doe' })
    analytics.page('Checkout')
    analytics.track('Help Clicked')`

  it('the documented userlike.userlikeReady: the waiting open, visibility and visitor all come in it, and the page’s own is called', async () => {
    const wild = await openPage(SLOW_DOCUMENTED_READY, {
      mappings: [OPEN_ONCE, HIDE_ON_CHECKOUT],
      body: bodyRunning(PAGE_SETS_OBJECT_READY + EARLY_REQUESTS)
    })
    const calls = await afterReady(wild)
    expect(insideReady(calls)).toEqual(['setData', 'userlikeUpdateAPI', 'userlikeHideButton', 'userlikeStartChat'])
    const pushed = calls[names(calls).indexOf('ready') + 1].args?.[0]
    expect(pushed).toMatchObject({ user: { name: 'Jane Doe' } })
    expect(await readPage(wild, 'window.__pageReady')).toEqual([true])
    expect(count(calls, 'userlikeStartChat')).toBe(1)
    expect(wild.userlikeMessages()).toEqual([])
    expect(wild.pageErrors).toEqual([])
  })

  it('a page that chains the userlike.userlikeReady it finds there: its code runs once, and so does everything that waited', async () => {
    const wild = await openPage(SLOW_DOCUMENTED_READY, {
      mappings: [OPEN_ONCE, HIDE_ON_CHECKOUT],
      body: bodyRunning(
        `
        const waitForWidget = setInterval(() => {
          if (!window.userlike) return
          clearInterval(waitForWidget)
          const previous = window.userlike.userlikeReady
          window.userlike.userlikeReady = function () {
            if (typeof previous === 'function') previous.apply(this, arguments)
            window.__pageReady = (window.__pageReady || 0) + 1
          }
        }, 5)` + EARLY_REQUESTS
      )
    })
    // Read in the page: a ready callback that calls itself would leave thousands of calls to copy out.
    await wild.page.waitForFunction(
      () =>
        (window as unknown as { __widget?: { calls: WidgetCall[] } }).__widget?.calls.some(
          (call) => call.method === 'ready returned'
        ),
      undefined,
      { timeout: WAIT_MS }
    )
    const seen = await wild.page.evaluate(() => {
      const methods = (window as unknown as { __widget: { calls: WidgetCall[] } }).__widget.calls.map((c) => c.method)
      const inside = methods.slice(methods.indexOf('ready') + 1, methods.indexOf('ready returned'))
      return { pageReady: (window as unknown as { __pageReady?: number }).__pageReady, inside: inside.slice(0, 8) }
    })
    expect(seen).toEqual({
      pageReady: 1,
      inside: ['setData', 'userlikeUpdateAPI', 'userlikeHideButton', 'userlikeStartChat']
    })
    expect(wild.userlikeMessages()).toEqual([])
    expect(wild.pageErrors).toEqual([])
  })

  it('the global window.userlikeReady: the same, and the page’s own global handler is called', async () => {
    const wild = await openPage(
      { ready: 'window.userlikeReady', readyAfterMs: 1_000 },
      {
        mappings: [OPEN_ONCE, HIDE_ON_CHECKOUT],
        head: `<script>window.userlikeReady = function () { window.__pageGlobalReady = (window.__pageGlobalReady || 0) + 1 }</script>`,
        body: bodyRunning(EARLY_REQUESTS)
      }
    )
    const calls = await afterReady(wild)
    expect(insideReady(calls)).toEqual(['setData', 'userlikeUpdateAPI', 'userlikeHideButton', 'userlikeStartChat'])
    expect(await readPage(wild, 'window.__pageGlobalReady')).toBe(1)
    expect(wild.userlikeMessages()).toEqual([])
    expect(wild.pageErrors).toEqual([])
  })

  it.each([
    ['assigns window.userlike', false],
    ['declares var userlike', true]
  ])(
    "the site's own snippet started a widget that %s before the destination could listen: an open still comes",
    async (_, declaredWithVar) => {
      const wild = await openPage(
        { ready: 'userlike.userlikeReady', readyAfterMs: 0, declaredWithVar },
        { mappings: [OPEN_ONCE], head: `<script src="${EXAMPLE_WIDGET_URL}"></script>` }
      )
      // The widget said it was ready before analytics had even loaded the destination.
      await waitForWidgetCall(wild.page, (call) => call.method === 'ready returned', 'the widget starting')
      await wild.waitForDelivery((body) => body.type === 'page', 'the page view')
      await callAnalytics(wild, 'track', 'Help Clicked')
      const calls = await waitForWidgetCall(wild.page, (call) => call.method === 'userlikeStartChat', 'the open')
      expect(count(calls, 'userlikeStartChat')).toBe(1)
      expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
      expect(wild.pageErrors).toEqual([])
    }
  )

  it('neither form: the waiting open comes about 3 s after the widget started (the fallback)', async () => {
    const wild = await openPage(
      { ready: 'none', readyAfterMs: 0 },
      { mappings: [OPEN_ONCE], body: bodyRunning(`analytics.track('Help Clicked')`) }
    )
    await widgetStarted(wild.page)
    const started = Date.now()
    const calls = await waitForWidgetCall(wild.page, (call) => call.method === 'userlikeStartChat', 'the open')
    expect(Date.now() - started).toBeGreaterThan(1_500)
    expect(Date.now() - started).toBeLessThan(WAIT_MS)
    expect(insideReady(calls)).toEqual([])
    expect(count(calls, 'userlikeStartChat')).toBe(1)
  })
})
