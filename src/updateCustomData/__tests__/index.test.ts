import { freshDestinationEachTest } from '../../test-utils'
import type { SimulatedWidgetApi } from '../../test-utils'

/** The hand-over keeps its visitor for a page's lifetime: each test starts afresh. */
const fresh = freshDestinationEachTest()

const PRODUCT_ADDED = 'type = "track" and event = "Product Added"'

beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined))

/** The page's `userlikeData`. */
const userlikeData = () => fresh.current.globals.userlikeData as { user?: object; custom?: Record<string, unknown> }
/** What the widget was handed last through `setData`. */
const lastHanded = (api: SimulatedWidgetApi) => api.setData.mock.calls.at(-1)?.[0] as { custom?: object } | undefined

/** The destination with Identify Visitor (preset) and Update Custom Data on "Product Added", by default mapped. */
async function startWithCustomData(mapping?: Record<string, unknown>) {
  const h = fresh.current
  return h.startDestination({
    secretKey: h.VALID_KEY,
    mappings: [h.actionSubscription('updateCustomData', PRODUCT_ADDED, mapping as never)]
  })
}

/** The widget script loads and its API comes up. */
function widgetComesUp(script: HTMLScriptElement): SimulatedWidgetApi {
  const h = fresh.current
  return h.finishWidgetLoad(script, { methods: h.CONTROL_METHODS, ready: 'userlike.userlikeReady' })
}

describe('Update Custom Data', () => {
  it("merges the event's properties into the custom data, beside Identify Visitor's and the page's own, and pushes them", async () => {
    fresh.current.globals.userlikeData = { custom: { shop: 'page-shop' } }
    const { analytics } = await startWithCustomData()
    const api = widgetComesUp(await fresh.current.widgetScriptAdded())
    await analytics.identify('jane-1', { name: 'Jane Doe', plan: 'gold' })
    await analytics.track('Product Added', { sku: 'A-1', cart: { items: 2, value: 19.9 } })

    const custom = { shop: 'page-shop', name: 'Jane Doe', plan: 'gold', sku: 'A-1', cart: { items: 2, value: 19.9 } }
    expect(userlikeData()).toEqual({ user: { name: 'Jane Doe' }, custom })
    expect(lastHanded(api)).toEqual({ user: { name: 'Jane Doe' }, custom })
    expect(fresh.current.widgetCalls(api).slice(-2)).toEqual(['setData', 'userlikeUpdateAPI'])
  })

  it('before the widget is up: in userlikeData for the widget to read when it starts, and pushed when it is up', async () => {
    const { analytics } = await startWithCustomData()
    const script = await fresh.current.widgetScriptAdded()
    await analytics.track('Product Added', { sku: 'A-1' })
    expect(userlikeData().custom).toEqual({ sku: 'A-1' })
    const api = widgetComesUp(script)
    expect(lastHanded(api)?.custom).toEqual({ sku: 'A-1' })
  })

  it('with a mapping of its own: only what it maps', async () => {
    const { analytics } = await startWithCustomData({
      customData: { cart_value: { '@path': '$.properties.value' }, currency: 'EUR' }
    })
    widgetComesUp(await fresh.current.widgetScriptAdded())
    await analytics.track('Product Added', { value: 42, sku: 'A-1' })
    expect(userlikeData().custom).toEqual({ cart_value: 42, currency: 'EUR' })
  })

  it('an event about someone other than analytics’ current user changes nothing (delivered after a sign-in or sign-out)', async () => {
    const { analytics } = await startWithCustomData()
    const api = widgetComesUp(await fresh.current.widgetScriptAdded())
    await analytics.identify('jane-1', { name: 'Jane Doe' })
    const handed = api.setData.mock.calls.length

    // Each track is made about Jane; analytics delivers it only after the sign-out / the next sign-in.
    const afterSignOut = analytics.track('Product Added', { coupon: 'JANE-ONLY' })
    analytics.reset()
    await afterSignOut
    expect(JSON.stringify(userlikeData())).not.toContain('JANE-ONLY')

    await analytics.identify('jane-1', { name: 'Jane Doe' })
    const afterNextSignIn = analytics.track('Product Added', { coupon: 'JANE-AGAIN' })
    await Promise.all([afterNextSignIn, analytics.identify('bob-2', { name: 'Bob' })])
    expect(userlikeData().custom).toEqual({ name: 'Bob' })
    const everything = JSON.stringify(api.setData.mock.calls.slice(handed))
    expect(everything).not.toContain('JANE-ONLY')
    expect(everything).not.toContain('JANE-AGAIN')
  })

  it('an empty value never wipes one handed over', async () => {
    const { analytics } = await startWithCustomData()
    const api = widgetComesUp(await fresh.current.widgetScriptAdded())
    await analytics.track('Product Added', { sku: 'A-1', size: 'M' })
    const pushes = api.setData.mock.calls.length
    await analytics.track('Product Added', { sku: '', size: null })
    await analytics.track('Product Added', { sku: '  \n' })
    expect(userlikeData().custom).toEqual({ sku: 'A-1', size: 'M' })
    expect(api.setData.mock.calls.length).toBe(pushes)
  })

  it('a 1 MB property is left out with one warning, however often it comes; the rest of the event is merged', async () => {
    const { analytics } = await startWithCustomData()
    const api = widgetComesUp(await fresh.current.widgetScriptAdded())
    const avatar = 'x'.repeat(1024 * 1024)
    await analytics.track('Product Added', { avatar, sku: 'A-1' })
    await analytics.track('Product Added', { avatar, sku: 'A-1' })
    expect(userlikeData().custom).toEqual({ sku: 'A-1' })
    expect(lastHanded(api)?.custom).toEqual({ sku: 'A-1' })
    expect(fresh.current.userlikeWarnings()).toEqual([
      'Userlike: not handed to the widget: custom data "avatar" (over 16 KB in all).'
    ])
  })

  it('16 KB of custom data in all: the keys that came first stay, later ones that do not fit are left out', async () => {
    const { analytics } = await startWithCustomData()
    widgetComesUp(await fresh.current.widgetScriptAdded())
    const fiveKb = (letter: string) => letter.repeat(5 * 1024)
    await analytics.track('Product Added', { a: fiveKb('a'), b: fiveKb('b') })
    await analytics.track('Product Added', { c: fiveKb('c'), d: fiveKb('d'), small: 'fits' })
    expect(Object.keys(userlikeData().custom ?? {})).toEqual(['a', 'b', 'c', 'small'])
    expect(JSON.stringify(userlikeData().custom).length).toBeLessThanOrEqual(16 * 1024)
    expect(fresh.current.userlikeWarnings()).toEqual([
      'Userlike: not handed to the widget: custom data "d" (over 16 KB in all).'
    ])
  })

  it("sign-out takes all of it back from userlikeData and the widget, ends the widget's session, and keeps the page's own", async () => {
    fresh.current.globals.userlikeData = { custom: { shop: 'page-shop' } }
    const { analytics } = await startWithCustomData()
    const api = widgetComesUp(await fresh.current.widgetScriptAdded())
    await analytics.identify('jane-1', { name: 'Jane Doe' })
    await analytics.track('Product Added', { sku: 'A-1', cart: { items: 2 } })

    analytics.reset()
    expect(userlikeData()).toEqual({ user: {}, custom: { shop: 'page-shop' } })
    expect(lastHanded(api)).toEqual({ user: {}, custom: { shop: 'page-shop' } })
    expect(fresh.current.widgetCalls(api).slice(-3)).toEqual(['setData', 'userlikeUpdateAPI', 'logout'])
  })

  it("a returning visitor's first event: the stored contact comes with it, and only theirs", async () => {
    const h = fresh.current
    const first = await startWithCustomData()
    await first.analytics.identify('jane-1', { name: 'Jane Doe', email: 'jane@example.com' })

    const next = await h.nextPageLoad()
    const { analytics } = await next.startDestination({
      secretKey: next.VALID_KEY,
      mappings: [next.actionSubscription('updateCustomData', PRODUCT_ADDED)]
    })
    next.finishWidgetLoad(await next.widgetScriptAdded(), { methods: next.CONTROL_METHODS })
    await analytics.track('Product Added', { sku: 'A-1' })
    expect(next.globals.userlikeData).toEqual({
      user: { name: 'Jane Doe', email: 'jane@example.com' },
      custom: { sku: 'A-1' }
    })
  })

  it('a mapping that gives no object hands over nothing, and throws nothing', async () => {
    const { analytics } = await startWithCustomData({ customData: { '@path': '$.properties.sku' } })
    widgetComesUp(await fresh.current.widgetScriptAdded())
    const ctx = await analytics.track('Product Added', { sku: 'A-1' })
    expect(ctx.failedDelivery()).toBeUndefined()
    expect(JSON.stringify(userlikeData() ?? {})).not.toContain('A-1')
  })
})
