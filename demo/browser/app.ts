/**
 * The demo shop's own code: loads the real @segment/analytics-next against the demo server's stand-ins for
 * Segment's CDN and tracking API, with the destination delivered one of three ways (`build`):
 * - `cdn`: as Segment delivers it in production: the settings panel saves the destination's settings and
 *   subscriptions for this source (write key), the server lists it in the source's CDN settings as a remote plugin
 *   pointing at the standalone script, and analytics-next loads and starts it;
 * - `esm` / `web`: as a site registers it itself: the package's default export (the plugin factory), from the ES
 *   module build or the standalone script, called with the settings and subscriptions, then
 *   `analytics.register(...plugins)`.
 * With a consent model (`consent=opt-in|opt-out`), Segment's consent tools wrap analytics before it loads, with the
 * page's stand-in consent manager as their source of categories.
 */
import { createWrapper } from '@segment/analytics-consent-tools'
import { AnalyticsBrowser } from '@segment/analytics-next'
import type * as UserlikePackage from '../../src/index'
import {
  CHECKOUT_PAGE,
  CONSENT_MODELS,
  DEMO_CONSENT_CATEGORY,
  DEMO_WRITE_KEY,
  demoQuery,
  WIDGET_HOST,
  type ConsentModel,
  type DemoDefaults,
  type SourceDestination
} from '../contract'
import { addToCart, showCartLink, showCheckout } from './cart'
import { startConsentManager, type ConsentManager } from './consent-banner'
import { holdForConsent, watchDestination } from './destination-status'
import { byId } from './dom'
import { followDeliveries } from './event-log'
import { defaultMappings, mappingsFromQuery } from './mappings'
import { settingsFromQuery, showSettingsPanel } from './settings-panel'

type Factory = typeof UserlikePackage.default
type Definition = typeof UserlikePackage.destination

/** Resolved by the page's import map to the package's ESM build, dist/esm/index.mjs. */
const PACKAGE = 'analytics-browser-actions-userlike'
const BUILDS = ['cdn', 'esm', 'web'] as const

const query = new URLSearchParams(location.search)
const defaults = JSON.parse(document.getElementById('demo-defaults')?.textContent ?? '{}') as DemoDefaults
const requestedBuild = demoQuery(query, 'build') ?? defaults.build
const requestedConsent = demoQuery(query, 'consent')
const page = {
  widget: (demoQuery(query, 'widget') ?? defaults.widget) === 'real' ? 'real' : 'simulator',
  build: BUILDS.find((build) => build === requestedBuild) ?? 'esm',
  snippet: demoQuery(query, 'snippet') === '1',
  simulator: demoQuery(query, 'simulator') === 'classic' ? 'classic' : 'current',
  writeKey: demoQuery(query, 'writeKey') ?? DEMO_WRITE_KEY,
  consent: CONSENT_MODELS.find((model) => model === requestedConsent)
}

function setStatus(text: string, state: string): void {
  byId('status').textContent = text
  document.body.dataset.demo = state
}

/** Links between the shop's pages keep the query string: the same source, settings and simulator on every page. */
function keepQueryInLinks(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-keep-query]')) {
    link.search = location.search
  }
}

// ---- the widget URL: simulator (service worker) or the real thing --------------------------------------------

const RELOADED = 'userlike-demo-reloaded'
/** How long a newly registered worker may take to claim the page; it usually does at once, on a loaded machine later. */
const CLAIM_WAIT_MS = 10_000

/**
 * Makes sure the service worker that answers the widget URL with the simulator controls this page before the
 * destination loads the widget. Returns false when the page is about to reload.
 */
async function routeWidgetToSimulator(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) {
    throw new Error('this browser has no service workers, so the simulator cannot stand in for the widget')
  }
  if (navigator.serviceWorker.controller) {
    sessionStorage.removeItem(RELOADED)
    return true
  }
  await navigator.serviceWorker.register('/sw.js')
  await navigator.serviceWorker.ready
  if (!navigator.serviceWorker.controller) {
    // The worker claims the page when it activates.
    await new Promise<void>((resolve) => {
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true })
      setTimeout(resolve, CLAIM_WAIT_MS)
    })
  }
  if (navigator.serviceWorker.controller) return true
  if (sessionStorage.getItem(RELOADED) === null) {
    sessionStorage.setItem(RELOADED, '1')
    location.reload()
    return false
  }
  // A hard reload (Shift+Reload) bypasses service workers: the widget request then goes to the internet.
  console.warn('Userlike demo: the simulator service worker does not control this page; reload it normally.')
  return true
}

/** Real-widget mode: no service worker may answer the widget URL. */
async function unrouteWidget(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return true
  const registrations = await navigator.serviceWorker.getRegistrations()
  await Promise.all(registrations.map((registration) => registration.unregister()))
  if (navigator.serviceWorker.controller) {
    location.reload()
    return false
  }
  return true
}

/**
 * `?snippet=1`: the site's own Userlike snippet, which the server leaves inert in a template. It goes into the page
 * only now that the widget URL is routed, so that even a first visit gets the simulator rather than the real CDN.
 */
function addSiteSnippet(): void {
  const template = document.getElementById('site-snippet')
  if (template instanceof HTMLTemplateElement) document.head.append(document.importNode(template.content, true))
}

// ---- analytics and the destination ----------------------------------------------------------------------------

/** The definition, for the settings panel; and, where the site registers the destination, its plugin factory. */
async function loadPackage(): Promise<{ factory: Factory; definition: Definition }> {
  // The definition comes from the package in every build: the standalone script defines only the factory.
  const module = (await import(PACKAGE)) as typeof UserlikePackage
  if (page.build === 'web') {
    // The standalone script, loaded by a plain <script> tag in the page's <head>.
    const factory = (window as unknown as { userlikeWebDestination?: Factory }).userlikeWebDestination
    if (typeof factory !== 'function') throw new Error('dist/web/userlike-web.js did not define userlikeWebDestination')
    return { factory, definition: module.destination }
  }
  return { factory: module.default, definition: module.destination }
}

/**
 * Saves the destination for this source, as the Segment app does; the server then serves it as CDN settings (as a
 * remote plugin only where the page does not register it itself, so that it never runs twice).
 */
async function saveForSource(saved: SourceDestination): Promise<void> {
  const response = await fetch(`/api/sources/${encodeURIComponent(page.writeKey)}/destination`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(saved)
  })
  if (!response.ok) throw new Error(`the demo server did not save the settings: ${response.status}`)
}

// ---- consent ---------------------------------------------------------------------------------------------------

const CATEGORY = `${DEMO_CONSENT_CATEGORY.name} (${DEMO_CONSENT_CATEGORY.id})`

/**
 * What holds the destination for the visitor's consent, as the status line says it; undefined: nothing. In the
 * opt-in model the consent tools leave a CDN-delivered destination out of the page unless the visitor had accepted
 * when it loaded; otherwise (opt-out, or a destination the page registers itself) it loads and the destination's own
 * consent gate holds it until the events say yes. `grantedBefore`: the visitor accepted earlier on this page.
 */
function consentHold(
  model: ConsentModel,
  grantedAtLoad: boolean,
  grantedBefore: boolean,
  granted: boolean
): string | undefined {
  if (model === 'opt-in' && page.build === 'cdn' && !grantedAtLoad) {
    return granted
      ? `not on this page: the visitor accepted ${CATEGORY} after it loaded; the consent tools (opt-in) load it on the next page`
      : `not on this page: the consent tools (opt-in) leave it out until the visitor accepts ${CATEGORY}, then reloads`
  }
  if (granted) return undefined
  return grantedBefore
    ? `paused: the visitor rejected ${CATEGORY}; their data was taken back and the chat button hidden`
    : `waiting for the visitor's consent to ${CATEGORY}: no widget request before they accept`
}

/** Wraps analytics with Segment's consent tools, fed by the page's consent manager, before it loads. */
function wrapWithConsent(analytics: AnalyticsBrowser, model: ConsentModel, manager: ConsentManager): void {
  const grantedAtLoad = manager.categories()[DEMO_CONSENT_CATEGORY.id]
  let grantedBefore = grantedAtLoad
  holdForConsent(consentHold(model, grantedAtLoad, grantedBefore, grantedAtLoad))
  manager.onChange((categories) => {
    const granted = categories[DEMO_CONSENT_CATEGORY.id]
    holdForConsent(consentHold(model, grantedAtLoad, grantedBefore, granted))
    grantedBefore ||= granted
  })
  createWrapper<AnalyticsBrowser>({
    getCategories: () => manager.categories(),
    registerOnConsentChanged: (changed) => manager.onChange(changed),
    shouldLoadSegment: (ctx) => ctx.load({ consentModel: model })
  })(analytics)
}

// ---- the shop ----------------------------------------------------------------------------------------------------

/** The shop's own tracking: cart, help, account and checkout buttons. */
function wireShop(analytics: AnalyticsBrowser): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-product]')) {
    button.addEventListener('click', () => {
      const product = {
        sku: button.dataset.product ?? '',
        name: button.dataset.name ?? '',
        price: Number(button.dataset.price)
      }
      const total = addToCart(product)
      void analytics.track('Product Added', {
        product_id: product.sku,
        name: product.name,
        price: product.price,
        currency: 'EUR',
        cart_total: total
      })
    })
  }
  byId('need-help').addEventListener('click', (event) => {
    event.preventDefault()
    void analytics.track('Help Clicked', { page: location.pathname })
  })
  byId('sign-in').addEventListener('click', () => {
    void analytics.identify('jane-1', { name: 'Jane Doe', email: 'jane@example.com', plan: 'gold' })
  })
  byId('sign-out').addEventListener('click', () => {
    void analytics.reset()
  })
  showCheckout((lines, total) => {
    void analytics.track('Order Completed', {
      total,
      currency: 'EUR',
      products: lines.map(({ sku, name, price }) => ({ product_id: sku, name, price }))
    })
  })
}

async function main(): Promise<void> {
  keepQueryInLinks()
  showCartLink()
  const proceed = page.widget === 'simulator' ? await routeWidgetToSimulator() : await unrouteWidget()
  if (!proceed) return
  if (page.snippet) addSiteSnippet()
  followDeliveries(page.writeKey)

  const { factory, definition } = await loadPackage()
  const settings = settingsFromQuery(definition, query, defaults as unknown as Record<string, unknown>)
  const { mappings: subscriptions, problems } = mappingsFromQuery(definition, query, defaults.exampleMappings)
  showSettingsPanel(definition, {
    ...page,
    consent: page.consent ?? '',
    settings,
    mappings: subscriptions,
    defaultMappings: defaultMappings(definition, defaults.exampleMappings),
    mappingProblems: problems
  })
  watchDestination(
    WIDGET_HOST,
    subscriptions.some((subscription) => subscription.enabled)
  )
  const consentCategories: string[] = page.consent ? [DEMO_CONSENT_CATEGORY.id] : []
  await saveForSource({
    settings,
    subscriptions,
    delivery: page.build === 'cdn' ? 'cdn' : 'page',
    consentCategories
  })

  const analytics = new AnalyticsBrowser()
  if (page.consent) wrapWithConsent(analytics, page.consent, startConsentManager(page.consent))
  ;(window as unknown as { analytics: unknown }).analytics = analytics
  const protocol = location.protocol === 'https:' ? 'https' : 'http'
  const loading: unknown = analytics.load(
    // cdnURL: the workspace settings come from this server's /v1/projects/<writeKey>/settings.
    { writeKey: page.writeKey, cdnURL: location.origin },
    { integrations: { 'Segment.io': { apiHost: `${location.host}/v1`, protocol } } }
  )
  // The consent tools' load is an async function: its failure must reach the page's status, not go unhandled.
  if (loading instanceof Promise) loading.catch(failed)

  if (page.build !== 'cdn') {
    // As the CDN settings would give a remote plugin: the destination's consent categories beside its settings.
    const consent = consentCategories.length > 0 ? { consentSettings: { categories: consentCategories } } : {}
    const created = await factory({ ...settings, ...consent, subscriptions } as unknown as Parameters<Factory>[0])
    await analytics.register(...(Array.isArray(created) ? created : [created]))
  }
  // The checkout's page call is named, so that a mapping can tell it from the shop's other pages.
  await (location.pathname === CHECKOUT_PAGE.path ? analytics.page(CHECKOUT_PAGE.name) : analytics.page())

  wireShop(analytics)
  const source = {
    cdn: "Segment's CDN settings (remotePlugins → /pkg/web/userlike-web.js)",
    esm: 'dist/esm/index.mjs, analytics.register',
    web: 'dist/web/userlike-web.js on a script tag, analytics.register'
  }[page.build]
  setStatus(
    `analytics-next ready · destination from ${source} · widget: ${page.widget === 'real' ? 'real (internet)' : `simulator (${page.simulator})`}`,
    'ready'
  )
}

function failed(error: unknown): void {
  console.error('Userlike demo:', error)
  setStatus(`The demo failed to start: ${error instanceof Error ? error.message : String(error)}`, 'failed')
}

main().catch(failed)
