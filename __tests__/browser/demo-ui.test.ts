/**
 * The demo as a newcomer meets it (`npm start`'s defaults: the destination from Segment's CDN settings, the shop's
 * example mappings), driven end to end in Chromium: the Actions UI generated from the definition (settings, this
 * source's mappings, the mapping editor, every action), saved as this source's CDN settings (a `remotePlugins`
 * entry, the production path); the shop's example mappings in effect; the consent banner with Segment's consent
 * tools; the widget simulator's API; the destination's status, the event log, sign-out, the pages, and the layout at
 * 1280 and 360 px (screenshots in artifacts/).
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { parseFql, validate } from '@segment/destination-subscriptions'
import type { Page } from 'playwright-core'
import { destination } from '../../src'
import {
  CHECKOUT_PAGE,
  DEMO_CONSENT_CATEGORY,
  EXAMPLE_SECRET_KEY,
  NPM_START_DEFAULTS,
  SIMULATOR_CALLS
} from '../../demo/contract'
import { CART_THRESHOLD, EXAMPLE_MAPPINGS, PRODUCTS } from '../../demo/shop'
import { EXAMPLE_WIDGET_URL } from '../../src/test-facts'
import { ARTIFACTS, openDemo, tracked, useHarness, type DemoPage, WAIT_MS } from './harness'

const harness = useHarness(NPM_START_DEFAULTS)

/** Generous: a reload on a loaded 2-core machine can take seconds. */
const RELOAD_MS = 20_000
/** For a test that reloads the page several times: each reload may take up to RELOAD_MS on a loaded machine. */
const RELOADING_TEST_MS = 120_000
/** After the event that proves the page got that far, how long something that must not happen is given to happen. */
const QUIET_MS = 1_000

/** The source's mappings as the demo starts: the preset, then the shop's examples. */
const SOURCE_MAPPINGS = [...destination.presets, ...EXAMPLE_MAPPINGS]
const DESTINATION_NAME = 'Userlike Web (Actions)'
const CONSENT_CHANGED = 'Segment Consent Preference Updated'

interface Subscription {
  name: string
  subscribe: string
  partnerAction: string
  mapping: Record<string, unknown>
  enabled: boolean
}

interface RemotePlugin {
  name: string
  creationName: string
  libraryName: string
  url: string
  settings: Record<string, unknown> & { subscriptions: Subscription[] }
}

interface CdnSettings {
  integrations: Record<string, unknown>
  remotePlugins: RemotePlugin[]
  consentSettings?: unknown
}

/** The CDN settings analytics-next gets for this page's source, as the demo server serves them. */
async function cdnSettings(demo: DemoPage): Promise<CdnSettings> {
  const response = await fetch(new URL(`/v1/projects/${demo.writeKey}/settings`, harness.current.server.url))
  return (await response.json()) as CdnSettings
}

/** Clicks "Save and reload" and waits for the reloaded page to be ready. */
async function saveAndReload(page: Page): Promise<void> {
  await Promise.all([page.waitForEvent('load', { timeout: RELOAD_MS }), page.click('#apply')])
  await page.waitForSelector('body[data-demo="ready"]', { timeout: RELOAD_MS })
}

/** Follows a link of the shop to its next page, once that page is ready. */
async function follow(page: Page, link: ReturnType<Page['locator']>): Promise<void> {
  await Promise.all([page.waitForEvent('load', { timeout: RELOAD_MS }), link.click()])
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

/** The calls made on the simulated widget's `window.userlike` on this page, by method name, in order. */
function widgetCalls(page: Page): Promise<string[]> {
  return page.evaluate((name) => ((window as unknown as Record<string, string[]>)[name] ?? []).slice(), SIMULATOR_CALLS)
}

async function callsOf(page: Page, method: string): Promise<number> {
  return (await widgetCalls(page)).filter((call) => call === method).length
}

/** The simulated messenger's panel: open (the messenger is showing) or not. */
const messenger = (page: Page) => page.getByTestId('ulsim-panel')

async function closeMessenger(page: Page): Promise<void> {
  await page.getByTestId('ulsim-bubble').click()
  await messenger(page).waitFor({ state: 'hidden', timeout: WAIT_MS })
}

/** Waits until `count` track events named `event` were delivered; returns the last one. */
async function deliveredTrack(demo: DemoPage, event: string, count = 1): Promise<Record<string, unknown>> {
  await demo.waitForDelivery(() => tracked(demo, event).length >= count, `${count} × ${event}`)
  return tracked(demo, event)[count - 1]
}

const propertiesOf = (body: Record<string, unknown>) => body.properties as Record<string, unknown>
const consentOf = (body: Record<string, unknown>) =>
  (body.context as { consent?: { categoryPreferences?: unknown } }).consent?.categoryPreferences

/** Resolves once analytics-next has loaded every plugin of the CDN settings (this destination's initialize). */
function analyticsReady(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { analytics: { ready(): Promise<unknown> } }).analytics.ready())
}

describe("the demo's Actions UI, as Segment's app shows it for one source", () => {
  it('shows every setting of the definition with its label, description, type and choices', async () => {
    const demo = await openDemo(harness.current)
    for (const [key, setting] of Object.entries(destination.settings as Record<string, Record<string, unknown>>)) {
      const control = demo.page.locator(`[data-setting="${key}"]`)
      expect(await control.count()).toBe(1)
      const row = demo.page.locator('.setting', { has: control })
      const text = (await row.textContent()) ?? ''
      expect(text).toContain(String(setting.label))
      expect(text).toContain(String(setting.description))
      expect(text).toContain(String(setting.type))
      for (const choice of (setting.choices as Array<string | { value: string; label: string }> | undefined) ?? []) {
        expect(text).toContain(typeof choice === 'string' ? choice : choice.value)
        if (typeof choice !== 'string' && !setting.multiple) {
          // A choice as the owner picks it, by its label: Load Widget's "When the visitor opens the chat" too.
          expect(await control.locator(`option[value="${choice.value}"]`).textContent()).toBe(choice.label)
        }
      }
    }
    // The demo's own default: the shop's "Chat with us" links.
    expect(await demo.page.inputValue('[data-setting="chatButtonSelector"]')).toBe('a[href="#chat"]')
  })

  it("lists the source's mappings (the preset, then the shop's examples), each on, with its trigger and mapping", async () => {
    const demo = await openDemo(harness.current)
    const rows = demo.page.locator('.mapping-row')
    expect(await rows.count()).toBe(SOURCE_MAPPINGS.length)
    for (const [index, mapping] of SOURCE_MAPPINGS.entries()) {
      const toggle = demo.page.locator(`[data-mapping="${mapping.name}"]`)
      expect(await toggle.isChecked()).toBe(true)
      const text = (await rows.nth(index).textContent()) ?? ''
      expect(text).toContain(mapping.name)
      expect(text).toContain(mapping.subscribe)
      expect(text).toContain(JSON.stringify(mapping.mapping, null, 2))
    }
    expect(await rows.nth(0).textContent()).toContain('preset')
  })

  it('lists every action with its fields, and the editor offers each field as its type says, filled with its default', async () => {
    const demo = await openDemo(harness.current)
    const { page } = demo
    for (const [key, action] of Object.entries(destination.actions)) {
      const card = page.locator(`[data-action="${key}"]`)
      const text = (await card.textContent()) ?? ''
      expect(text).toContain(action.title)
      expect(text).toContain(action.description)
      const fields = Object.entries(action.fields as unknown as Record<string, Record<string, unknown>>)
      for (const [, field] of fields) {
        expect(text).toContain(String(field.label))
        expect(text).toContain(String(field.description))
      }

      await card.getByRole('button', { name: `Add a mapping for ${action.title}` }).click()
      expect(await page.inputValue('#mapping-action')).toBe(key)
      expect(await page.inputValue('#mapping-trigger')).toBe(action.defaultSubscription)
      for (const [fieldKey, field] of fields) {
        const control = page.locator(`[data-field="${fieldKey}"]`)
        if (field.type === 'boolean') {
          // A checkbox, ticked where the default is true (Visible has none: unticked).
          expect(await control.getAttribute('type')).toBe('checkbox')
          expect(await control.isChecked()).toBe(field.default === true)
        } else {
          // An object or a path, as JSON: {"@path":"$.properties"}.
          expect(await control.inputValue()).toBe(JSON.stringify(field.default))
        }
      }
      await page.click('#mapping-cancel')
    }
  })

  it('refuses to save without the required Secret Key, and says why', async () => {
    const demo = await openDemo(harness.current)
    await demo.page.fill('[data-setting="secretKey"]', '')
    const before = demo.page.url()
    await demo.page.click('#apply')
    expect(await demo.page.textContent('#settings-errors')).toBe('Secret Key is required.')
    expect(demo.page.url()).toBe(before)
  })

  it(
    'serves the saved settings as CDN settings: a bad key fails with its Userlike: message, every mapping off loads no widget, on again loads it',
    async () => {
      const demo = await openDemo(harness.current)
      const { page } = demo
      // As a source starts: the destination from the CDN settings, pointing at the standalone script.
      expect(await destinationState(page, 'loaded')).toBe('Destination: loaded: the widget is on the page')
      const [plugin] = (await cdnSettings(demo)).remotePlugins
      expect(plugin).toMatchObject({
        name: DESTINATION_NAME,
        creationName: DESTINATION_NAME,
        libraryName: 'userlikeWebDestination',
        url: expect.stringMatching(/^http:\/\/localhost:\d+\/pkg\/web\/userlike-web\.js$/)
      })
      expect(plugin.settings.subscriptions).toEqual(
        SOURCE_MAPPINGS.map((mapping) => expect.objectContaining({ name: mapping.name, enabled: true }))
      )
      expect(await page.locator('script[src$="/pkg/web/userlike-web.js"]').count()).toBe(1)
      expect(demo.widgetRequests).toHaveLength(1)

      // Edit a setting: a key that is not a widget secret.
      await page.fill('[data-setting="secretKey"]', 'not-a-secret')
      await page.uncheck('[data-setting="recordLiveChatEvents"]')
      expect(await page.textContent('#unsaved-changes')).toBe('Unsaved changes: Save and reload applies them.')
      await saveAndReload(page)
      expect((await cdnSettings(demo)).remotePlugins[0].settings).toMatchObject({
        secretKey: 'not-a-secret',
        recordLiveChatEvents: false
      })
      expect(await destinationState(page, 'failed')).toMatch(
        /^Destination: failed: Userlike: the Secret Key setting must be 64 hexadecimal characters/
      )
      expect(await page.textContent('#destination-messages')).toMatch(/^Userlike: the Secret Key setting/)
      expect(demo.widgetRequests).toHaveLength(1)
      // initialize never rejects (analytics-next would keep the rejection for ready(), unhandled): no page error.
      expect(demo.pageErrors).toEqual([])

      // Every mapping off: the runtime creates no plugin, so nothing loads the widget (as the README warns).
      await page.fill('[data-setting="secretKey"]', EXAMPLE_SECRET_KEY)
      for (const mapping of SOURCE_MAPPINGS) await page.uncheck(`[data-mapping="${mapping.name}"]`)
      await saveAndReload(page)
      expect(await destinationState(page, 'off')).toBe(
        'Destination: off: no mapping is enabled, so the widget does not load'
      )
      expect(
        (await cdnSettings(demo)).remotePlugins[0].settings.subscriptions.every((subscription) => !subscription.enabled)
      ).toBe(true)
      // The switched-off mappings stay listed, off, after the reload.
      for (const mapping of SOURCE_MAPPINGS) {
        expect(await page.isChecked(`[data-mapping="${mapping.name}"]`)).toBe(false)
      }
      // analytics.ready() resolves once every remote plugin from the CDN settings has loaded: none asked for a widget.
      await analyticsReady(page)
      expect(demo.widgetRequests).toHaveLength(1)
      expect(await page.getByTestId('ulsim-bubble').count()).toBe(0)

      // And on again.
      for (const mapping of SOURCE_MAPPINGS) await page.check(`[data-mapping="${mapping.name}"]`)
      await saveAndReload(page)
      expect(await destinationState(page, 'loaded')).toBe('Destination: loaded: the widget is on the page')
      await page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
      expect(demo.widgetRequests).toHaveLength(2)
      expect(demo.pageErrors).toEqual([])
    },
    RELOADING_TEST_MS
  )

  it(
    "adds a mapping (action, FQL trigger, fields, name), refuses invalid FQL with the parser's error, and saves it as a subscription that takes effect after the reload; toggled and removed likewise",
    async () => {
      const demo = await openDemo(harness.current)
      const { page } = demo
      const name = 'Chat on add to cart'
      const toggle = page.locator(`[data-mapping="${name}"]`)

      await page.click('#new-mapping')
      await page.selectOption('#mapping-action', 'openMessenger')
      // Not FQL: a parenthesis left open. The editor says so as the owner types, and refuses to add it.
      const broken = 'type = "track" and (event = "Product Added"'
      const parserError = (parseFql(broken) as { error: Error }).error.message
      await page.fill('#mapping-trigger', broken)
      expect(await page.textContent('#mapping-trigger-check')).toBe(`Not valid FQL: ${parserError}`)
      await page.fill('#mapping-name', name)
      await page.click('#mapping-submit')
      expect(await page.textContent('#mapping-errors')).toBe(`The trigger is not valid FQL: ${parserError}.`)
      expect(await toggle.count()).toBe(0)

      // Valid FQL, read back as the runtime reads it; the field's default (on) switched off; added with Enter.
      const trigger = 'type = "track" and event = "Product Added"'
      await page.fill('#mapping-trigger', trigger)
      expect(await page.textContent('#mapping-trigger-check')).toBe(`The runtime reads it as: ${trigger}`)
      await page.uncheck('[data-field="oncePerSession"]')
      await page.press('#mapping-name', 'Enter')
      const row = page.locator('.mapping-row', { has: toggle })
      await row.waitFor({ timeout: WAIT_MS })
      const text = (await row.textContent()) ?? ''
      expect(text).toContain('not saved yet')
      expect(text).toContain(trigger)
      expect(text).toContain('"oncePerSession": false')
      expect(await page.isHidden('#mapping-editor-panel')).toBe(true)

      // Off, saved: a subscription that is off; the page still lists it after the reload.
      await toggle.uncheck()
      await saveAndReload(page)
      const subscription = {
        name,
        subscribe: trigger,
        partnerAction: 'openMessenger',
        mapping: { oncePerSession: false }
      }
      const saved = (): Promise<Subscription[]> =>
        cdnSettings(demo).then((settings) => settings.remotePlugins[0].settings.subscriptions)
      expect((await saved()).find((candidate) => candidate.name === name)).toEqual({ ...subscription, enabled: false })
      expect(await toggle.isChecked()).toBe(false)
      expect(await row.textContent()).not.toContain('not saved yet')
      await page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
      await page.getByRole('button', { name: 'Add to cart' }).first().click()
      await deliveredTrack(demo, 'Product Added')
      await page.waitForTimeout(QUIET_MS)
      expect(await messenger(page).isVisible()).toBe(false)
      expect(await callsOf(page, 'userlikeStartChat')).toBe(0)

      // On, saved: an add to cart (still under the example's €200) opens the messenger.
      await toggle.check()
      await saveAndReload(page)
      expect((await saved()).find((candidate) => candidate.name === name)).toEqual({ ...subscription, enabled: true })
      await page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
      await page.getByRole('button', { name: 'Add to cart' }).first().click()
      const added = await deliveredTrack(demo, 'Product Added', 2)
      expect(propertiesOf(added).cart_total).toBeLessThanOrEqual(CART_THRESHOLD)
      await messenger(page).waitFor({ state: 'visible', timeout: WAIT_MS })
      expect(await callsOf(page, 'userlikeStartChat')).toBe(1)

      // Removed, saved: gone from the subscriptions and the list.
      await page.getByRole('button', { name: `Remove ${name}` }).click()
      expect(await toggle.count()).toBe(0)
      await saveAndReload(page)
      expect((await saved()).map((candidate) => candidate.name)).toEqual(SOURCE_MAPPINGS.map((mapping) => mapping.name))
      expect(await toggle.count()).toBe(0)
      expect(demo.pageErrors).toEqual([])
    },
    RELOADING_TEST_MS
  )

  it('edits a mapping in place: its trigger and fields change, its name may stay', async () => {
    const demo = await openDemo(harness.current)
    const { page } = demo
    const { name } = EXAMPLE_MAPPINGS.find((mapping) => mapping.partnerAction === 'setChatButtonVisibility')!
    await page.getByRole('button', { name: `Edit ${name}` }).click()
    expect(await page.textContent('#mapping-editor-title')).toBe(`Edit mapping: ${name}`)
    expect(await page.inputValue('#mapping-name')).toBe(name)
    const trigger = 'type = "page" and name = "Cart"'
    await page.fill('#mapping-trigger', trigger)
    await page.check('[data-field="visible"]')
    await page.click('#mapping-submit')
    const row = page.locator('.mapping-row', { has: page.locator(`[data-mapping="${name}"]`) })
    expect(await row.textContent()).toContain(trigger)
    expect(await row.textContent()).toContain('"visible": true')
    expect(await page.locator('.mapping-row').count()).toBe(SOURCE_MAPPINGS.length)
    expect(await page.textContent('#mapping-status')).toBe(`${name} updated. Save and reload to apply.`)
  })

  it('refuses a second mapping of the same name, and a field that is not JSON where JSON is asked', async () => {
    const demo = await openDemo(harness.current)
    const { page } = demo
    await page.locator('[data-action="updateCustomData"]').getByRole('button').click()
    await page.fill('[data-field="customData"]', '{"cart": ')
    await page.fill('#mapping-name', EXAMPLE_MAPPINGS[0].name)
    await page.click('#mapping-submit')
    expect(await page.textContent('#mapping-errors')).toBe(
      'Custom Data (customData) must be a JSON object, for example {"@path":"$.properties"}. ' +
        `Name: another mapping is already named "${EXAMPLE_MAPPINGS[0].name}".`
    )
    expect(await page.locator('.mapping-row').count()).toBe(SOURCE_MAPPINGS.length)
  })
})

describe("the shop's example mappings, as the runtime's FQL reads their triggers", () => {
  const matches = (name: string, event: object): boolean => {
    const mapping = EXAMPLE_MAPPINGS.find((candidate) => candidate.name === name)!
    return validate(parseFql(mapping.subscribe), event)
  }
  const added = (cartTotal: number) => ({
    type: 'track',
    event: 'Product Added',
    properties: { cart_total: cartTotal }
  })

  it(`opens the messenger on a cart over €${CART_THRESHOLD} only: a number, strictly over`, () => {
    const name = `Open Messenger on a cart over €${CART_THRESHOLD}`
    expect(matches(name, added(CART_THRESHOLD + 1))).toBe(true)
    expect(matches(name, added(CART_THRESHOLD))).toBe(false)
    expect(matches(name, added(CART_THRESHOLD - 1))).toBe(false)
    expect(matches(name, { type: 'track', event: 'Product Added', properties: { cart_total: '999' } })).toBe(false)
    expect(matches(name, { type: 'track', event: 'Product Added', properties: {} })).toBe(false)
  })

  it('hides the chat button on the page named Checkout and shows it on every other page, named or not', () => {
    const page = (name?: string) => ({ type: 'page', ...(name === undefined ? {} : { name }), properties: {} })
    expect(matches('Hide Chat Button at checkout', page(CHECKOUT_PAGE.name))).toBe(true)
    expect(matches('Hide Chat Button at checkout', page())).toBe(false)
    expect(matches('Show Chat Button on other pages', page(CHECKOUT_PAGE.name))).toBe(false)
    // A page call without a name (every page of the shop but the checkout) counts as "not Checkout".
    expect(matches('Show Chat Button on other pages', page())).toBe(true)
    expect(matches('Show Chat Button on other pages', page('Product'))).toBe(true)
    expect(matches('Show Chat Button on other pages', { type: 'track', event: 'Checkout' })).toBe(false)
  })
})

describe("the shop's example mappings in effect", () => {
  it(`opens the messenger on every "Need help?", and once on a cart over €${CART_THRESHOLD}, whose total reaches the custom data`, async () => {
    const demo = await openDemo(harness.current)
    const { page } = demo
    await page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
    expect(await messenger(page).isVisible()).toBe(false)

    // The visitor asked: opened each time (Once per visitor session off).
    for (const count of [1, 2]) {
      await page.getByRole('link', { name: 'Need help?' }).click()
      await deliveredTrack(demo, 'Help Clicked', count)
      await messenger(page).waitFor({ state: 'visible', timeout: WAIT_MS })
      await closeMessenger(page)
    }
    expect(await callsOf(page, 'userlikeStartChat')).toBe(2)

    // The cart: under the threshold nothing opens; over it, once; the visitor closed it: not again.
    const jacket = page.locator(
      `[data-product="${PRODUCTS.find((product) => product.price > CART_THRESHOLD / 2)!.sku}"]`
    )
    await jacket.click()
    const first = await deliveredTrack(demo, 'Product Added', 1)
    expect(propertiesOf(first).cart_total).toBeLessThanOrEqual(CART_THRESHOLD)
    await page.waitForTimeout(QUIET_MS)
    expect(await messenger(page).isVisible()).toBe(false)
    await jacket.click()
    const second = await deliveredTrack(demo, 'Product Added', 2)
    expect(propertiesOf(second).cart_total).toBeGreaterThan(CART_THRESHOLD)
    await messenger(page).waitFor({ state: 'visible', timeout: WAIT_MS })
    await closeMessenger(page)
    await jacket.click()
    const third = await deliveredTrack(demo, 'Product Added', 3)
    await page.waitForTimeout(QUIET_MS)
    expect(await messenger(page).isVisible()).toBe(false)
    expect(await callsOf(page, 'userlikeStartChat')).toBe(3)

    // Update Custom Data: what operators see beside the contact.
    const total = propertiesOf(third).cart_total as number
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="ulsim-custom"]')?.textContent?.includes(text),
      `cart_total: ${total}`,
      { timeout: WAIT_MS }
    )
    expect(await page.getByTestId('ulsim-custom').textContent()).toContain(`last_product: ${propertiesOf(third).name}`)
    expect(demo.pageErrors).toEqual([])
  }, 60_000)

  it(
    'hides the chat button at checkout (a page call named Checkout) and shows it again on the other pages; the cart goes along',
    async () => {
      const demo = await openDemo(harness.current)
      const { page } = demo
      await page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
      await page.getByRole('button', { name: 'Add to cart' }).first().click()
      await deliveredTrack(demo, 'Product Added')
      expect(await page.textContent('#cart-link')).toBe(`Cart (1) · €${PRODUCTS[0].price.toFixed(2)}`)

      await follow(page, page.locator('#cart-link'))
      expect(new URL(page.url()).pathname).toBe(CHECKOUT_PAGE.path)
      expect(new URL(page.url()).searchParams.get('writeKey')).toBe(demo.writeKey)
      await demo.waitForDelivery(
        (body) => body.type === 'page' && body.name === CHECKOUT_PAGE.name,
        'the checkout page'
      )
      await page.waitForSelector('[data-testid="ulsim"][data-button="hidden"]', { state: 'attached', timeout: WAIT_MS })
      expect(await page.getByTestId('ulsim-bubble').isVisible()).toBe(false)
      expect(await widgetCalls(page)).toContain('userlikeHideButton')
      expect(await page.textContent('#checkout-lines')).toContain(PRODUCTS[0].name)
      expect(await page.textContent('#checkout-total')).toBe(`€${PRODUCTS[0].price.toFixed(2)}`)

      const pageViews = (): Record<string, unknown>[] =>
        demo
          .delivered()
          .map((entry) => entry.body)
          .filter((body) => body.type === 'page')
      const before = pageViews().length
      await follow(page, page.locator('.nav').getByRole('link', { name: 'New arrivals' }))
      await demo.waitForDelivery(() => pageViews().length > before, 'the next page view')
      await page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
      await page.waitForFunction(
        (name) => ((window as unknown as Record<string, string[]>)[name] ?? []).includes('userlikeShowButton'),
        SIMULATOR_CALLS,
        { timeout: WAIT_MS }
      )
      expect(await page.getByTestId('ulsim-bubble').isVisible()).toBe(true)
      // The shop's other pages send an unnamed page call.
      expect(pageViews().at(-1)!.name).toBeUndefined()
      expect(demo.pageErrors).toEqual([])
    },
    RELOADING_TEST_MS
  )

  it('opens the messenger from the shop\'s "Chat with us" link (the demo\'s Chat Button Selector), without following it', async () => {
    const demo = await openDemo(harness.current)
    const { page } = demo
    await page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
    const before = page.url()
    await page.getByRole('link', { name: 'Chat with us' }).click()
    await messenger(page).waitFor({ state: 'visible', timeout: WAIT_MS })
    expect(page.url()).toBe(before)
    expect(await callsOf(page, 'userlikeStartChat')).toBe(1)
  })
})

describe("the demo's consent banner: Segment's consent tools, with a stand-in consent manager", () => {
  it('serves the consent categories in the CDN settings: on the destination, its remote plugin, and the source', async () => {
    const demo = await openDemo(harness.current, { consent: 'opt-out' })
    const settings = await cdnSettings(demo)
    const categories = { consentSettings: { categories: [DEMO_CONSENT_CATEGORY.id] } }
    expect(settings.integrations[DESTINATION_NAME]).toEqual(categories)
    expect(settings.remotePlugins[0].settings).toMatchObject(categories)
    expect(settings.consentSettings).toEqual({
      allCategories: [DEMO_CONSENT_CATEGORY.id],
      hasUnmappedDestinations: true
    })
  })

  it('opt-out: after Reject no widget is requested; Accept in "Privacy settings" loads it at once; each event shows its consent', async () => {
    // Load Widget Immediately: a destination that ignored the visitor's no would request the widget as it starts.
    const demo = await openDemo(harness.current, { consent: 'opt-out', load: 'immediately' })
    const { page } = demo
    const banner = page.getByRole('dialog', { name: 'Privacy settings' })
    await banner.waitFor({ timeout: WAIT_MS })
    const pageView = await demo.waitForDelivery((body) => body.type === 'page', 'the page view')
    expect(consentOf(pageView)).toEqual({ [DEMO_CONSENT_CATEGORY.id]: false })
    expect(await destinationState(page, 'consent')).toMatch(/waiting for the visitor's consent to Functional \(C0003\)/)

    await banner.getByRole('button', { name: 'Reject' }).click()
    const rejected = await deliveredTrack(demo, CONSENT_CHANGED)
    expect(consentOf(rejected)).toEqual({ [DEMO_CONSENT_CATEGORY.id]: false })
    // The destination has started (analytics.ready() waits for its initialize), and the rejection went through.
    await analyticsReady(page)
    await page.waitForTimeout(QUIET_MS)
    expect(demo.widgetRequests).toEqual([])
    expect(await page.getByTestId('ulsim').count()).toBe(0)
    expect(await banner.isVisible()).toBe(false)

    await page.getByRole('link', { name: 'Privacy settings' }).click()
    await banner.getByRole('button', { name: 'Accept' }).click()
    const accepted = await deliveredTrack(demo, CONSENT_CHANGED, 2)
    expect(consentOf(accepted)).toEqual({ [DEMO_CONSENT_CATEGORY.id]: true })
    await page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
    expect(demo.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
    expect(await destinationState(page, 'loaded')).toBe('Destination: loaded: the widget is on the page')
    // The log shows each event with the consent it carried.
    await page.waitForFunction(() => document.querySelectorAll('.consent-badge[data-consent="granted"]').length > 0)
    expect(await page.locator('[data-event="page"] .consent-badge').textContent()).toBe('consent C0003: no')
    expect(await page.locator(`[data-event="${CONSENT_CHANGED}"] .consent-badge`).first().textContent()).toBe(
      'consent C0003: yes'
    )
    expect(demo.pageErrors).toEqual([])
  }, 60_000)

  it(
    'opt-in: the consent tools leave the destination out until the visitor accepts and the next page loads; the choice is kept',
    async () => {
      const demo = await openDemo(harness.current, { consent: 'opt-in', load: 'immediately' })
      const { page } = demo
      const banner = page.getByRole('dialog', { name: 'Privacy settings' })
      await banner.waitFor({ timeout: WAIT_MS })
      expect(await destinationState(page, 'consent')).toMatch(/consent tools \(opt-in\) leave it out/)
      await analyticsReady(page)
      // Not even the standalone script: the consent tools took the destination out of the CDN settings.
      expect(await page.locator('script[src$="/pkg/web/userlike-web.js"]').count()).toBe(0)

      await banner.getByRole('button', { name: 'Accept' }).click()
      await deliveredTrack(demo, CONSENT_CHANGED)
      await page.waitForTimeout(QUIET_MS)
      expect(demo.widgetRequests).toEqual([])
      expect(await destinationState(page, 'consent')).toMatch(/load it on the next page/)

      await page.reload()
      await page.waitForSelector('body[data-demo="ready"]', { timeout: RELOAD_MS })
      await page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
      expect(demo.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
      expect(await banner.isVisible()).toBe(false)
      expect(await destinationState(page, 'loaded')).toBe('Destination: loaded: the widget is on the page')
      expect(demo.pageErrors).toEqual([])
    },
    RELOADING_TEST_MS
  )
})

/**
 * An init script: records which form of the ready callback the widget calls, the global `window.userlikeReady` or
 * the documented `userlike.userlikeReady` (which a page sets on the widget's object once it exists).
 */
function recordReadyForms(): void {
  const calls: string[] = []
  Object.defineProperty(window, '__readyCalls', { value: calls })
  Object.assign(window, { userlikeReady: () => calls.push('window.userlikeReady') })
  let widget: unknown
  Object.defineProperty(window, 'userlike', {
    configurable: true,
    get: () => widget,
    set(value: Record<string, unknown>) {
      widget = value
      value.userlikeReady = () => calls.push('userlike.userlikeReady')
    }
  })
}

describe("the demo's widget simulator", () => {
  it('calls the documented ready callback, userlike.userlikeReady(), and not a global one', async () => {
    // Every mapping off: the destination never starts, so no hook of its own sits on these globals; the site's own
    // snippet loads the simulator.
    const off = SOURCE_MAPPINGS.map((mapping) => mapping.name).join(',')
    const demo = await openDemo(harness.current, { snippet: '1', off }, 'service-worker', {
      initScripts: [recordReadyForms]
    })
    await demo.page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
    expect(await demo.page.evaluate(() => (window as unknown as { __readyCalls: string[] }).__readyCalls)).toEqual([
      'userlike.userlikeReady'
    ])
  })

  it("shows the site's own snippet's widget on a first visit, answered by the service worker", async () => {
    const demo = await openDemo(harness.current, { snippet: '1' }, 'service-worker')
    await demo.page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
    // Nothing went to the network for the widget: the worker answered every request, the first one included.
    expect(demo.widgetRequests).toEqual([])
    expect(await demo.page.locator('script[src*="userlike-cdn-widgets"]').count()).toBe(1)
  })
})

describe("the demo's event log, account buttons and pages", () => {
  it(
    'groups events by page load, and Clear empties the log here and on the server',
    async () => {
      const demo = await openDemo(harness.current)
      const { page } = demo
      await demo.waitForDelivery((body) => body.type === 'page', 'the first page view')
      await page.getByRole('button', { name: 'Add to cart' }).first().click()
      await demo.waitForDelivery((body) => body.event === 'Product Added', 'Product Added')
      await follow(page, page.locator('.nav').getByRole('link', { name: 'Sunset Hoodie' }))
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

  it("keeps one event per messageId, as Segment's API does: a retry from analytics-next's stored queue counts once", async () => {
    const demo = await openDemo(harness.current)
    await demo.waitForDelivery((body) => body.type === 'page', 'the first page view')
    const send = (messageId: string) =>
      demo.page.evaluate(
        async (body) => (await fetch('/v1/t', { method: 'POST', body: JSON.stringify(body) })).status,
        { type: 'track', event: 'Retried', messageId, writeKey: demo.writeKey }
      )
    expect([await send('retried-1'), await send('retried-1'), await send('retried-2')]).toEqual([200, 200, 200])
    expect(tracked(demo, 'Retried').map((body) => body.messageId)).toEqual(['retried-1', 'retried-2'])
  })

  it("signs the visitor out with analytics.reset(): the widget's logout() forgets the contact it showed", async () => {
    const demo = await openDemo(harness.current)
    const { page } = demo
    await page.getByTestId('ulsim-bubble').waitFor({ timeout: 15_000 })
    await page.getByRole('button', { name: 'Sign in as Jane Doe' }).click()
    await demo.waitForDelivery((body) => body.type === 'identify', 'the identify')
    const userId = (): Promise<unknown> =>
      page.evaluate(async () => {
        const analytics = (window as unknown as { analytics: { user(): Promise<{ id(): unknown }> } }).analytics
        return (await analytics.user()).id()
      })
    expect(await userId()).toBe('jane-1')
    await page.waitForFunction(
      () => document.querySelector('[data-testid="ulsim-contact"]')?.textContent?.includes('Jane Doe'),
      undefined,
      { timeout: WAIT_MS }
    )
    expect(await widgetCalls(page)).toEqual(expect.arrayContaining(['setData', 'userlikeUpdateAPI']))
    expect(await page.getByTestId('ulsim-trace').textContent()).toContain('userlike.setData({"user":{"name":"Jane Doe"')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForFunction(
      async () => {
        const analytics = (window as unknown as { analytics: { user(): Promise<{ id(): unknown }> } }).analytics
        return (await analytics.user()).id() === null
      },
      undefined,
      { timeout: WAIT_MS }
    )
    await page.waitForFunction(
      (name) => ((window as unknown as Record<string, string[]>)[name] ?? []).includes('logout'),
      SIMULATOR_CALLS,
      { timeout: WAIT_MS }
    )
    expect(await page.getByTestId('ulsim-contact').textContent()).toBe('Contact: anonymous visitor')
    expect(await page.getByTestId('ulsim-custom').textContent()).toBe('')
    expect(await page.getByTestId('ulsim-trace').textContent()).toContain('userlike.logout()')
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
    const demo = await openDemo(harness.current)
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
    // The Actions UI under both, the mapping editor open.
    const panel = (await page.locator('#segment-app').boundingBox())!
    expect(panel.y).toBeGreaterThanOrEqual(Math.max(shop.y + shop.height, log.y + log.height))
    await page.click('#new-mapping')
    // From the top: a full-page screenshot draws fixed and sticky parts where the viewport is.
    await page.evaluate(() => window.scrollTo(0, 0))
    await screenshot(page, `demo-ui-${width}.png`)
  })
})
