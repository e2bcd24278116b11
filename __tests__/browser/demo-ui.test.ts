/**
 * The demo as Segment's Actions UI, driven end to end in Chromium: the settings panel generated from the definition,
 * saved as this source's CDN settings (a `remotePlugins` entry, the production path), the destination's status on
 * the page, the event log, sign-out, the product page, and the layout at 1280 and 360 px (screenshots in artifacts/).
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { destination } from '../../src'
import { EXAMPLE_SECRET_KEY } from '../../demo/contract'
import { ARTIFACTS, openDemo, useHarness, type DemoPage, WAIT_MS } from './harness'

const harness = useHarness()

/** Generous: a reload on a loaded 2-core machine can take seconds. */
const RELOAD_MS = 20_000
/** For a test that reloads the page several times: each reload may take up to RELOAD_MS on a loaded machine. */
const RELOADING_TEST_MS = 120_000

interface RemotePlugin {
  name: string
  creationName: string
  libraryName: string
  url: string
  settings: Record<string, unknown> & { subscriptions: Array<{ name: string; enabled: boolean }> }
}

/** The CDN settings analytics-next gets for this page's source, as the demo server serves them. */
async function cdnSettings(demo: DemoPage): Promise<{ remotePlugins: RemotePlugin[] }> {
  const response = await fetch(new URL(`/v1/projects/${demo.writeKey}/settings`, harness.current.server.url))
  return (await response.json()) as { remotePlugins: RemotePlugin[] }
}

/** Clicks "Save and reload" and waits for the reloaded page to be ready. */
async function saveAndReload(page: Page): Promise<void> {
  await Promise.all([page.waitForEvent('load', { timeout: RELOAD_MS }), page.click('#apply')])
  await page.waitForSelector('body[data-demo="ready"]', { timeout: RELOAD_MS })
}

async function destinationState(page: Page, state: string): Promise<string> {
  await page.waitForSelector(`#destination-status[data-state="${state}"]`, { timeout: 15_000 })
  return (await page.textContent('#destination-status')) ?? ''
}

function screenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync(ARTIFACTS, { recursive: true })
  return page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true })
}

describe("the demo's settings panel, as Segment's Actions UI", () => {
  it('shows every setting of the definition with its label, description and type, and every preset with its mapping', async () => {
    const demo = await openDemo(harness.current, { build: 'cdn' })
    for (const [key, setting] of Object.entries(destination.settings as Record<string, Record<string, unknown>>)) {
      const control = demo.page.locator(`[data-setting="${key}"]`)
      expect(await control.count()).toBe(1)
      const row = demo.page.locator('.setting', { has: control })
      const text = (await row.textContent()) ?? ''
      expect(text).toContain(String(setting.label))
      expect(text).toContain(String(setting.description))
      expect(text).toContain(String(setting.type))
      for (const choice of (setting.choices as Array<string | { value: string }> | undefined) ?? []) {
        expect(text).toContain(typeof choice === 'string' ? choice : choice.value)
      }
    }
    for (const preset of destination.presets) {
      const toggle = demo.page.locator(`[data-preset="${preset.name}"]`)
      expect(await toggle.isChecked()).toBe(true)
      const text = (await demo.page.locator('.preset', { has: toggle }).textContent()) ?? ''
      expect(text).toContain(preset.subscribe)
      expect(text).toContain(JSON.stringify(preset.mapping, null, 2))
    }
  })

  it('refuses to save without the required Secret Key, and says why', async () => {
    const demo = await openDemo(harness.current, { build: 'cdn' })
    await demo.page.fill('[data-setting="secretKey"]', '')
    const before = demo.page.url()
    await demo.page.click('#apply')
    expect(await demo.page.textContent('#settings-errors')).toBe('Secret Key is required.')
    expect(demo.page.url()).toBe(before)
  })

  it(
    'serves the saved settings as CDN settings: a bad key fails with its Userlike: message, presets off load no widget, on again loads it',
    async () => {
      const demo = await openDemo(harness.current, { build: 'cdn' })
      const { page } = demo
      // As a source starts: the destination from the CDN settings, pointing at the standalone script.
      expect(await destinationState(page, 'loaded')).toBe('Destination: loaded: the widget is on the page')
      const [plugin] = (await cdnSettings(demo)).remotePlugins
      expect(plugin).toMatchObject({
        name: 'Userlike Web (Actions)',
        creationName: 'Userlike Web (Actions)',
        libraryName: 'userlikeWebDestination',
        url: expect.stringMatching(/^http:\/\/localhost:\d+\/pkg\/web\/userlike-web\.js$/)
      })
      expect(plugin.settings.subscriptions.map((subscription) => subscription.enabled)).toEqual(
        destination.presets.map(() => true)
      )
      expect(await page.locator('script[src$="/pkg/web/userlike-web.js"]').count()).toBe(1)
      expect(demo.widgetRequests).toHaveLength(1)

      // Edit a setting: a key that is not a widget secret.
      await page.fill('[data-setting="secretKey"]', 'not-a-secret')
      await page.uncheck('[data-setting="recordLiveChatEvents"]')
      await saveAndReload(page)
      expect((await cdnSettings(demo)).remotePlugins[0].settings).toMatchObject({
        secretKey: 'not-a-secret',
        recordLiveChatEvents: false
      })
      expect(await destinationState(page, 'failed')).toMatch(
        /^Destination: failed: Userlike: the Secret Key setting must be 64 hexadecimal characters/
      )
      expect(demo.widgetRequests).toHaveLength(1)
      // initialize never rejects (analytics-next would keep the rejection for ready(), unhandled): no page error.
      expect(demo.pageErrors).toEqual([])

      // Every preset off: the runtime creates no plugin, so nothing loads the widget (as the README warns).
      await page.fill('[data-setting="secretKey"]', EXAMPLE_SECRET_KEY)
      for (const preset of destination.presets) await page.uncheck(`[data-preset="${preset.name}"]`)
      await saveAndReload(page)
      expect(await destinationState(page, 'off')).toBe(
        'Destination: off: no mapping is enabled, so the widget does not load'
      )
      expect(
        (await cdnSettings(demo)).remotePlugins[0].settings.subscriptions.every((subscription) => !subscription.enabled)
      ).toBe(true)
      // analytics.ready() resolves once every remote plugin from the CDN settings has loaded: none asked for a widget.
      await page.evaluate(() => (window as unknown as { analytics: { ready(): Promise<unknown> } }).analytics.ready())
      expect(demo.widgetRequests).toHaveLength(1)
      expect(await page.getByTestId('ulsim-bubble').count()).toBe(0)

      // And on again.
      for (const preset of destination.presets) await page.check(`[data-preset="${preset.name}"]`)
      await saveAndReload(page)
      expect(await destinationState(page, 'loaded')).toBe('Destination: loaded: the widget is on the page')
      await page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
      expect(demo.widgetRequests).toHaveLength(2)
      expect(demo.pageErrors).toEqual([])
    },
    RELOADING_TEST_MS
  )
})

describe("the demo's event log, account buttons and pages", () => {
  it(
    'groups events by page load, and Clear empties the log here and on the server',
    async () => {
      const demo = await openDemo(harness.current, { build: 'cdn' })
      const { page } = demo
      await demo.waitForDelivery((body) => body.type === 'page', 'the first page view')
      await page.getByRole('button', { name: 'Add to cart' }).first().click()
      await demo.waitForDelivery((body) => body.event === 'Product Added', 'Product Added')
      await Promise.all([
        page.waitForEvent('load', { timeout: RELOAD_MS }),
        page.locator('.nav').getByRole('link', { name: 'Sunset Hoodie' }).click()
      ])
      await page.waitForSelector('body[data-demo="ready"]', { timeout: RELOAD_MS })
      expect(new URL(page.url()).searchParams.get('writeKey')).toBe(demo.writeKey)
      await demo.waitForDelivery((body) => body.type === 'page' && pathOf(body) === '/product', 'the product page view')

      const groups = page.locator('.page-load')
      await page.waitForFunction(() => document.querySelectorAll('.page-load').length === 2, undefined, {
        timeout: WAIT_MS
      })
      expect(await groups.nth(0).locator('h3').textContent()).toMatch(/^Page load · \/product · /)
      expect(await groups.nth(1).locator('h3').textContent()).toMatch(/^Page load · \/ · /)
      await groups.nth(1).locator('[data-event="Product Added"]').waitFor({ timeout: WAIT_MS })

      await page.click('#clear-log')
      await page.waitForFunction(() => document.querySelectorAll('.delivery').length === 0, undefined, {
        timeout: WAIT_MS
      })
      expect(await page.textContent('#delivery-count')).toBe('0')
      expect(demo.delivered()).toEqual([])
    },
    RELOADING_TEST_MS
  )

  it('signs the visitor out with analytics.reset()', async () => {
    const demo = await openDemo(harness.current)
    const { page } = demo
    await page.getByRole('button', { name: 'Sign in as Jane Doe' }).click()
    await demo.waitForDelivery((body) => body.type === 'identify', 'the identify')
    const userId = (): Promise<unknown> =>
      page.evaluate(async () => {
        const analytics = (window as unknown as { analytics: { user(): Promise<{ id(): unknown }> } }).analytics
        return (await analytics.user()).id()
      })
    expect(await userId()).toBe('jane-1')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForFunction(
      async () => {
        const analytics = (window as unknown as { analytics: { user(): Promise<{ id(): unknown }> } }).analytics
        return (await analytics.user()).id() === null
      },
      undefined,
      { timeout: WAIT_MS }
    )
  })

  it("shows the widget on a first visit with the site's own snippet, answered by the service worker", async () => {
    const demo = await openDemo(harness.current, { snippet: '1' }, 'service-worker')
    await demo.page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
    // Nothing went to the network for the widget: the worker answered every request, the first one included.
    expect(demo.widgetRequests).toEqual([])
    expect(await demo.page.locator('script[src*="userlike-cdn-widgets"]').count()).toBe(1)
  })
})

function pathOf(body: Record<string, unknown>): string {
  return String((body.properties as { path?: string } | undefined)?.path)
}

describe('the demo page at 1280 and 360 px', () => {
  it.each([
    [1280, 860],
    [360, 740]
  ])('lays out at %i px (%i px high) without covering the shop; screenshot in artifacts/', async (width, height) => {
    const demo = await openDemo(harness.current, { build: 'cdn' })
    const { page } = demo
    await page.setViewportSize({ width, height })
    await destinationState(page, 'loaded')
    await page.getByRole('button', { name: 'Add to cart' }).first().click()
    await page.locator('[data-event="Product Added"]').waitFor({ timeout: WAIT_MS })
    // No sideways scrolling, and the log sits beside (wide) or below (narrow) the shop, never over it.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
    const shop = (await page.locator('.shop').boundingBox())!
    const log = (await page.locator('.log').boundingBox())!
    const apart = log.x >= shop.x + shop.width || log.y >= shop.y + shop.height
    expect(apart).toBe(true)
    if (width < 900) expect(log.y).toBeGreaterThanOrEqual(shop.y + shop.height)
    await screenshot(page, `demo-ui-${width}.png`)
  })
})
