/**
 * The demo shop's own code: loads the real @segment/analytics-next against the demo server's stand-ins for
 * Segment's CDN and tracking API, and registers the destination exactly as a site does: the package's default
 * export (the plugin factory), called with the settings and the presets as subscriptions, then
 * `analytics.register(...plugins)`.
 */
import { AnalyticsBrowser } from '@segment/analytics-next'
import type * as UserlikePackage from '../../src/index'

type Factory = typeof UserlikePackage.default
type Definition = typeof UserlikePackage.destination

interface DemoDefaults {
  secretKey: string
  recordLiveChatEvents: boolean
  widget: 'simulator' | 'real'
}

interface DeliveredEvent {
  endpoint: string
  receivedAt: string
  body: Record<string, unknown>
}

/** Resolved by the page's import map to the package's ESM build, dist/esm/index.mjs. */
const PACKAGE = 'analytics-browser-actions-userlike'

const query = new URLSearchParams(location.search)
const defaults = JSON.parse(document.getElementById('demo-defaults')?.textContent ?? '{}') as DemoDefaults
const settings = {
  secretKey: query.get('key') ?? defaults.secretKey,
  recordLiveChatEvents: query.has('record') ? query.get('record') === '1' : defaults.recordLiveChatEvents,
  widget: (query.get('widget') ?? defaults.widget) === 'real' ? 'real' : 'simulator',
  build: query.get('build') === 'web' ? 'web' : 'esm',
  snippet: query.get('snippet') === '1',
  writeKey: query.get('writeKey') ?? 'demo-write-key'
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

// ---- the settings form -------------------------------------------------------------------------------------

function showSettings(): void {
  byId<HTMLInputElement>('setting-key').value = settings.secretKey
  byId<HTMLInputElement>('setting-record').checked = settings.recordLiveChatEvents
  byId<HTMLSelectElement>('setting-widget').value = settings.widget
  byId<HTMLSelectElement>('setting-build').value = settings.build
  byId<HTMLInputElement>('setting-snippet').checked = settings.snippet
  byId<HTMLFormElement>('settings').addEventListener('submit', (event) => {
    event.preventDefault()
    const next = new URLSearchParams({
      key: byId<HTMLInputElement>('setting-key').value,
      record: byId<HTMLInputElement>('setting-record').checked ? '1' : '0',
      widget: byId<HTMLSelectElement>('setting-widget').value,
      build: byId<HTMLSelectElement>('setting-build').value
    })
    if (byId<HTMLInputElement>('setting-snippet').checked) next.set('snippet', '1')
    location.search = next.toString()
  })
}

// ---- the widget URL: simulator (service worker) or the real thing --------------------------------------------

const RELOADED = 'userlike-demo-reloaded'

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
    // The worker claims the page when it activates; give it a moment.
    await new Promise<void>((resolve) => {
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true })
      setTimeout(resolve, 2000)
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

// ---- the live log of what Segment received ------------------------------------------------------------------

function describe(body: Record<string, unknown>): { title: string; detail: unknown } {
  const context = (body.context ?? {}) as Record<string, unknown>
  const integration = context.integration
  switch (body.type) {
    case 'track':
      return {
        title: `track · ${String(body.event)}`,
        detail: integration ? { properties: body.properties, 'context.integration': integration } : body.properties
      }
    case 'identify':
      return { title: `identify · ${String(body.userId ?? body.anonymousId)}`, detail: { traits: body.traits } }
    case 'page':
      return { title: `page · ${String((body.properties as { path?: string } | undefined)?.path ?? '')}`, detail: {} }
    default:
      return { title: String(body.type), detail: body }
  }
}

function showDelivery({ endpoint, receivedAt, body }: DeliveredEvent): void {
  const { title, detail } = describe(body)
  const item = document.createElement('li')
  item.className = `delivery delivery--${String(body.type)}`
  if (typeof body.event === 'string' && body.event.startsWith('Live Chat')) item.classList.add('delivery--live-chat')
  item.dataset.event = typeof body.event === 'string' ? body.event : String(body.type)
  const head = document.createElement('div')
  head.className = 'delivery-head'
  const name = document.createElement('strong')
  name.textContent = title
  const meta = document.createElement('span')
  meta.textContent = `POST /v1/${endpoint} · ${new Date(receivedAt).toLocaleTimeString()}`
  head.append(name, meta)
  item.append(head)
  if (detail && Object.keys(detail).length > 0) {
    const pre = document.createElement('pre')
    pre.textContent = JSON.stringify(detail, null, 2)
    item.append(pre)
  }
  const log = byId('deliveries')
  log.prepend(item)
  byId('delivery-count').textContent = String(log.children.length)
}

function followDeliveries(): void {
  const stream = new EventSource(`/api/events/stream?writeKey=${encodeURIComponent(settings.writeKey)}`)
  stream.onmessage = (message: MessageEvent<string>) => showDelivery(JSON.parse(message.data) as DeliveredEvent)
}

// ---- analytics and the destination ----------------------------------------------------------------------------

async function loadDestinationFactory(): Promise<{ factory: Factory; definition: Definition }> {
  if (settings.build === 'web') {
    // The standalone script, loaded by a plain <script> tag in the page's <head>.
    const factory = (window as unknown as { userlikeWebDestination?: Factory & { destination: Definition } })
      .userlikeWebDestination
    if (typeof factory !== 'function') throw new Error('dist/web/userlike-web.js did not define userlikeWebDestination')
    return { factory, definition: factory.destination }
  }
  const module = (await import(PACKAGE)) as typeof UserlikePackage
  return { factory: module.default, definition: module.destination }
}

async function main(): Promise<void> {
  showSettings()
  const proceed = settings.widget === 'simulator' ? await routeWidgetToSimulator() : await unrouteWidget()
  if (!proceed) return
  followDeliveries()

  const protocol = location.protocol === 'https:' ? 'https' : 'http'
  const analytics = AnalyticsBrowser.load(
    // cdnURL: the workspace settings come from this server's /v1/projects/<writeKey>/settings.
    { writeKey: settings.writeKey, cdnURL: location.origin },
    { integrations: { 'Segment.io': { apiHost: `${location.host}/v1`, protocol } } }
  )
  ;(window as unknown as { analytics: unknown }).analytics = analytics

  const { factory, definition } = await loadDestinationFactory()
  const subscriptions = (definition.presets ?? []).map((preset) => ({ ...preset, enabled: true }))
  const created = await factory({
    secretKey: settings.secretKey,
    recordLiveChatEvents: settings.recordLiveChatEvents,
    subscriptions
  } as Parameters<Factory>[0])
  const plugins = Array.isArray(created) ? created : [created]
  await analytics.register(...plugins)
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
  setStatus(
    `analytics-next ready · destination from ${settings.build === 'web' ? 'dist/web/userlike-web.js' : 'dist/esm/index.mjs'} · ` +
      `widget: ${settings.widget === 'real' ? 'real (internet)' : 'simulator'}`,
    'ready'
  )
}

main().catch((error: unknown) => {
  console.error('Userlike demo:', error)
  setStatus(`The demo failed to start: ${error instanceof Error ? error.message : String(error)}`, 'failed')
})
