/**
 * The demo shop's own code: loads the real @segment/analytics-next against the demo server's stand-ins for
 * Segment's CDN and tracking API, with the destination delivered one of three ways (`build`):
 * - `cdn`: as Segment delivers it in production: the settings panel saves the destination's settings and
 *   subscriptions for this source (write key), the server lists it in the source's CDN settings as a remote plugin
 *   pointing at the standalone script, and analytics-next loads and starts it;
 * - `esm` / `web`: as a site registers it itself: the package's default export (the plugin factory), from the ES
 *   module build or the standalone script, called with the settings and subscriptions, then
 *   `analytics.register(...plugins)`.
 */
import { AnalyticsBrowser } from '@segment/analytics-next'
import type * as UserlikePackage from '../../src/index'
import { DEMO_WRITE_KEY, demoQuery, WIDGET_HOST, type DemoDefaults } from '../contract'
import { watchDestination } from './destination-status'
import { followDeliveries } from './event-log'
import { settingsFromQuery, showSettingsPanel, subscriptionsFromQuery } from './settings-panel'

type Factory = typeof UserlikePackage.default
type Definition = typeof UserlikePackage.destination

/** Resolved by the page's import map to the package's ESM build, dist/esm/index.mjs. */
const PACKAGE = 'analytics-browser-actions-userlike'
const BUILDS = ['cdn', 'esm', 'web'] as const

const query = new URLSearchParams(location.search)
const defaults = JSON.parse(document.getElementById('demo-defaults')?.textContent ?? '{}') as DemoDefaults
const requestedBuild = demoQuery(query, 'build') ?? defaults.build
const page = {
  widget: (demoQuery(query, 'widget') ?? defaults.widget) === 'real' ? 'real' : 'simulator',
  build: BUILDS.find((build) => build === requestedBuild) ?? 'esm',
  snippet: demoQuery(query, 'snippet') === '1',
  simulator: demoQuery(query, 'simulator') === 'classic' ? 'classic' : 'current',
  writeKey: demoQuery(query, 'writeKey') ?? DEMO_WRITE_KEY
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (!element) throw new Error(`the page has no #${id}`)
  return element as T
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

/** Saves the destination for this source, as the Segment app does; the server then serves it as CDN settings. */
async function saveForSource(settings: Record<string, unknown>, subscriptions: unknown[]): Promise<void> {
  const response = await fetch(`/api/sources/${encodeURIComponent(page.writeKey)}/destination`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ settings, subscriptions })
  })
  if (!response.ok) throw new Error(`the demo server did not save the settings: ${response.status}`)
}

async function main(): Promise<void> {
  keepQueryInLinks()
  const proceed = page.widget === 'simulator' ? await routeWidgetToSimulator() : await unrouteWidget()
  if (!proceed) return
  if (page.snippet) addSiteSnippet()
  followDeliveries(page.writeKey)

  const { factory, definition } = await loadPackage()
  const settings = settingsFromQuery(definition, query, defaults as unknown as Record<string, unknown>)
  const subscriptions = subscriptionsFromQuery(definition, query)
  showSettingsPanel(definition, { ...page, settings, subscriptions })
  watchDestination(
    WIDGET_HOST,
    subscriptions.some((subscription) => subscription.enabled)
  )
  if (page.build === 'cdn') await saveForSource(settings, subscriptions)

  const protocol = location.protocol === 'https:' ? 'https' : 'http'
  const analytics = AnalyticsBrowser.load(
    // cdnURL: the workspace settings come from this server's /v1/projects/<writeKey>/settings.
    { writeKey: page.writeKey, cdnURL: location.origin },
    { integrations: { 'Segment.io': { apiHost: `${location.host}/v1`, protocol } } }
  )
  ;(window as unknown as { analytics: unknown }).analytics = analytics

  if (page.build !== 'cdn') {
    const created = await factory({ ...settings, subscriptions } as unknown as Parameters<Factory>[0])
    await analytics.register(...(Array.isArray(created) ? created : [created]))
  }
  await analytics.page()

  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-product]')) {
    button.addEventListener('click', () => {
      void analytics.track('Product Added', {
        product_id: button.dataset.product,
        name: button.dataset.name,
        price: Number(button.dataset.price)
      })
    })
  }
  byId('sign-in').addEventListener('click', () => {
    void analytics.identify('jane-1', { name: 'Jane Doe', email: 'jane@example.com', plan: 'gold' })
  })
  byId('sign-out').addEventListener('click', () => {
    void analytics.reset()
  })
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

main().catch((error: unknown) => {
  console.error('Userlike demo:', error)
  setStatus(`The demo failed to start: ${error instanceof Error ? error.message : String(error)}`, 'failed')
})
