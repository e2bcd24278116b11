/**
 * The demo server: a shop page that runs the real `@segment/analytics-next` with this destination, a Userlike
 * widget simulator, and a stand-in for Segment's CDN settings and tracking API. Nothing is fetched from the
 * internet. `demo/main.ts` is its command line; the browser tests start it in-process.
 */
import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { build } from 'esbuild'
import {
  CHAT_LINK_SELECTOR,
  CHECKOUT_PAGE,
  demoQuery,
  EXAMPLE_SECRET_KEY,
  WIDGET_HOST,
  widgetScriptUrl,
  type DeliveredEvent,
  type DemoDefaults,
  type SourceDestination
} from './contract'
import { fillShop } from './shop'

export const REPO_ROOT = path.resolve(__dirname, '..')
const DIST = path.join(REPO_ROOT, 'dist')
const PUBLIC = path.join(__dirname, 'public')

/** The destination as Segment's CDN settings name it, and the global its standalone script defines. */
export const DESTINATION_NAME = 'Userlike Web (Actions)'
export const LIBRARY_NAME = 'userlikeWebDestination'
export const STANDALONE_SCRIPT = '/pkg/web/userlike-web.js'

export interface DemoServerOptions {
  /** 0 picks a free port. */
  port: number
  host?: string
  defaults?: Partial<DemoDefaults>
}

export interface DemoServer {
  url: string
  port: number
  server: Server
  /** Every event delivered so far (a retry of one counts once), optionally only those sent with one write key. */
  delivered(writeKey?: string): DeliveredEvent[]
  close(): Promise<void>
}

interface BrowserAssets {
  'app.js': string
  'widget-simulator.js': string
  'sw.js': string
}

let assets: Promise<BrowserAssets> | undefined

/** Bundles the browser side of the demo (once per process), in memory. */
export function buildBrowserAssets(): Promise<BrowserAssets> {
  assets ??= (async () => {
    const common = {
      absWorkingDir: REPO_ROOT,
      bundle: true,
      write: false,
      platform: 'browser',
      target: 'es2020',
      legalComments: 'none',
      logLevel: 'warning'
    } as const
    const [app, simulator, worker] = await Promise.all([
      // The page's code is an ES module: it imports the package through the page's import map, as a site would.
      build({ ...common, entryPoints: ['demo/browser/app.ts'], format: 'esm', minify: true }),
      build({ ...common, entryPoints: ['demo/browser/widget-simulator.ts'], format: 'iife' }),
      build({ ...common, entryPoints: ['demo/browser/service-worker.ts'], format: 'iife' })
    ])
    return {
      'app.js': app.outputFiles[0].text,
      'widget-simulator.js': simulator.outputFiles[0].text,
      'sw.js': worker.outputFiles[0].text
    }
  })()
  return assets
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml'
}

const HEX_KEY = /^[0-9a-f]{64}$/i

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * The workspace settings analytics-next asks Segment's CDN for: the Segment.io destination, pointed here, and, once
 * the demo's settings panel saved this destination for the source, the destination as a remote plugin (where the
 * page does not register it itself). With consent categories, as Segment's Consent Management serves them: the
 * destination's categories on its `integrations` entry (analytics-next merges that entry into the remote plugin's
 * settings; the consent tools read it there) and on the remote plugin's settings, and the source's
 * `consentSettings`, where `hasUnmappedDestinations` (Segment.io itself maps to no category) keeps the consent tools
 * from dropping every event to Segment.
 */
function cdnSettings(writeKey: string, host: string, saved: SourceDestination | undefined): unknown {
  const categories = saved?.consentCategories ?? []
  const consent = categories.length > 0 ? { consentSettings: { categories } } : {}
  const remotePlugins =
    saved && saved.delivery === 'cdn'
      ? [
          {
            name: DESTINATION_NAME,
            creationName: DESTINATION_NAME,
            libraryName: LIBRARY_NAME,
            url: `http://${host}${STANDALONE_SCRIPT}`,
            settings: { ...saved.settings, ...consent, subscriptions: saved.subscriptions }
          }
        ]
      : []
  return {
    integrations: {
      'Segment.io': { apiKey: writeKey, apiHost: `${host}/v1`, protocol: 'http', addBundledMetadata: true },
      ...(categories.length > 0 ? { [DESTINATION_NAME]: consent } : {})
    },
    plan: { track: { __default: { enabled: true } }, identify: { __default: { enabled: true } } },
    enabledMiddleware: {},
    metrics: { sampleRate: 0 },
    remotePlugins,
    ...(categories.length > 0 ? { consentSettings: { allCategories: categories, hasUnmappedDestinations: true } } : {})
  }
}

/** The saved destination in a request body, or undefined when it is not one. */
function parseSourceDestination(text: string): SourceDestination | undefined {
  try {
    const value = JSON.parse(text) as Partial<SourceDestination> | null
    const settings = value?.settings
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return undefined
    if (!Array.isArray(value?.subscriptions)) return undefined
    const categories = Array.isArray(value.consentCategories) ? value.consentCategories : []
    return {
      settings,
      subscriptions: value.subscriptions,
      // Unsaid: as Segment's CDN delivers a destination.
      delivery: value.delivery === 'page' ? 'page' : 'cdn',
      consentCategories: categories.filter((category): category is string => typeof category === 'string')
    }
  } catch {
    return undefined
  }
}

/** The shop's pages: the same page frame (analytics, settings panel, log) around each page's own content. */
const PAGES: Record<string, string> = {
  '/': 'home.html',
  '/index.html': 'home.html',
  '/product': 'product.html',
  [CHECKOUT_PAGE.path]: 'checkout.html'
}

/**
 * A page. `?build=web` loads the standalone script with a plain `<script>` tag; `?snippet=1` adds the site's own
 * Userlike snippet, as a site that already embeds Userlike has it (inert in a `<template>`: the page inserts it
 * once the simulator's service worker controls the page, so that a first visit does not ask the real CDN);
 * `?csp=strict` serves it with `strictContentSecurityPolicy`.
 */
function renderPage(url: URL, defaults: DemoDefaults, content: string): string {
  const template = readFileSync(path.join(PUBLIC, 'index.html'), 'utf8')
  const head: string[] = []
  if ((demoQuery(url.searchParams, 'build') ?? defaults.build) === 'web') {
    head.push(`<script src="${STANDALONE_SCRIPT}"></script>`)
  }
  const key = (demoQuery(url.searchParams, 'key') ?? defaults.secretKey).trim()
  if (demoQuery(url.searchParams, 'snippet') === '1' && HEX_KEY.test(key)) {
    const snippet = `<script async src="${escapeHtml(widgetScriptUrl(key))}"></script>`
    head.push(`<template id="site-snippet">${snippet}</template>`)
  }
  const json = JSON.stringify(defaults).replace(/</g, '\\u003c')
  return template
    .replace('<!--demo:defaults-->', `<script id="demo-defaults" type="application/json">${json}</script>`)
    .replace('<!--demo:head-->', head.join('\n    '))
    .replace('<!--demo:page-->', fillShop(readFileSync(path.join(PUBLIC, 'pages', content), 'utf8')))
}

/**
 * `?csp=strict`: a Content-Security-Policy that lets scripts come only from this server and the Userlike CDN (no
 * inline script, no eval). The page's one inline script, its import map, is allowed by its hash, as a site with a
 * strict CSP must do: import maps cannot be external files. Inline styles stay allowed (the shop's swatches).
 */
export function strictContentSecurityPolicy(html: string): string {
  const hashes = Array.from(html.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/g), (match) => {
    return `'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`
  })
  return [
    "default-src 'self'",
    `script-src 'self' https://${WIDGET_HOST} ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'"
  ].join('; ')
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {}
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers })
  res.end(body)
}

function sendFile(res: ServerResponse, file: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) {
    send(res, 404, 'text/plain', 'not found')
    return
  }
  send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', readFileSync(file))
}

/** Resolves `relative` inside `base`, refusing anything that climbs out of it. */
function inside(base: string, relative: string): string | undefined {
  const file = path.resolve(base, `.${path.posix.normalize(`/${relative}`)}`)
  return file.startsWith(base + path.sep) ? file : undefined
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** The events of one tracking-API call: a batch holds several. */
function eventsOf(endpoint: string, body: Record<string, unknown>): Record<string, unknown>[] {
  if (endpoint === 'batch' && Array.isArray(body.batch)) {
    return (body.batch as Record<string, unknown>[]).map((event) => ({ writeKey: body.writeKey, ...event }))
  }
  return [body]
}

/**
 * analytics-next delivers at least once: an event whose request a page load cut short is sent again from its stored
 * queue on the next page, with the same `messageId`. Segment's API keeps one event per `messageId`, and so does this
 * stand-in, so that the log and the tests count what a workspace would.
 */
function isRetry(delivered: DeliveredEvent[], event: Record<string, unknown>): boolean {
  const { messageId, writeKey } = event
  return (
    typeof messageId === 'string' &&
    delivered.some((entry) => entry.body.messageId === messageId && entry.body.writeKey === writeKey)
  )
}

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  if (!existsSync(path.join(DIST, 'esm/index.mjs')) || !existsSync(path.join(DIST, 'web/userlike-web.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (`npm start` does).')
  }
  const defaults: DemoDefaults = {
    secretKey: EXAMPLE_SECRET_KEY,
    recordLiveChatEvents: true,
    widget: 'simulator',
    build: 'esm',
    chatButtonSelector: CHAT_LINK_SELECTOR,
    exampleMappings: false,
    ...options.defaults
  }
  const bundles = await buildBrowserAssets()
  let delivered: DeliveredEvent[] = []
  /** Per write key: what the settings panel saved, served in that source's CDN settings. */
  const sources = new Map<string, SourceDestination>()
  const arrivals = new EventEmitter()
  arrivals.setMaxListeners(0)

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const route = url.pathname

    const source = /^\/api\/sources\/([^/]+)\/destination$/.exec(route)
    if (source && req.method === 'PUT') {
      const saved = parseSourceDestination(await readBody(req))
      if (!saved) {
        send(res, 400, 'application/json', '{"error":"expected { settings: {...}, subscriptions: [...] }"}')
        return
      }
      sources.set(decodeURIComponent(source[1]), saved)
      send(res, 200, 'application/json', '{"success":true}')
      return
    }
    if (route === '/api/events' && req.method === 'DELETE') {
      // The log's Clear button: forgets one source's deliveries (all of them without a write key).
      const writeKey = demoQuery(url.searchParams, 'writeKey') ?? undefined
      delivered = writeKey === undefined ? [] : delivered.filter((entry) => entry.body.writeKey !== writeKey)
      send(res, 200, 'application/json', '{"success":true}')
      return
    }
    if (req.method === 'POST' && route.startsWith('/v1/')) {
      const endpoint = route.slice('/v1/'.length)
      let body: Record<string, unknown>
      try {
        body = JSON.parse(await readBody(req)) as Record<string, unknown>
      } catch {
        send(res, 400, 'application/json', '{"error":"invalid JSON"}')
        return
      }
      for (const event of eventsOf(endpoint, body)) {
        if (isRetry(delivered, event)) continue
        const entry = { endpoint, receivedAt: new Date().toISOString(), body: event }
        delivered.push(entry)
        arrivals.emit('event', entry)
      }
      send(res, 200, 'application/json', '{"success":true}')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain', 'method not allowed')
      return
    }

    const settings = /^\/v1\/projects\/([^/]+)\/settings$/.exec(route)
    if (settings) {
      const host = req.headers.host ?? `localhost:${options.port}`
      const writeKey = decodeURIComponent(settings[1])
      send(res, 200, 'application/json', JSON.stringify(cdnSettings(writeKey, host, sources.get(writeKey))))
      return
    }
    if (Object.hasOwn(PAGES, route)) {
      const html = renderPage(url, defaults, PAGES[route])
      const csp = demoQuery(url.searchParams, 'csp') === 'strict'
      send(
        res,
        200,
        CONTENT_TYPES['.html'],
        html,
        csp ? { 'content-security-policy': strictContentSecurityPolicy(html) } : {}
      )
      return
    }
    if (route === '/api/events') {
      const writeKey = demoQuery(url.searchParams, 'writeKey') ?? undefined
      send(res, 200, 'application/json', JSON.stringify(server.delivered(writeKey)))
      return
    }
    if (route === '/api/events/stream') {
      // Server-Sent Events: everything delivered so far, then each event as it arrives.
      const writeKey = demoQuery(url.searchParams, 'writeKey') ?? undefined
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      const push = (entry: DeliveredEvent): void => {
        if (writeKey === undefined || entry.body.writeKey === writeKey) res.write(`data: ${JSON.stringify(entry)}\n\n`)
      }
      delivered.forEach(push)
      arrivals.on('event', push)
      req.on('close', () => arrivals.off('event', push))
      return
    }
    if (route === '/sw.js') {
      // Served from the root so that its scope is the whole demo.
      send(res, 200, CONTENT_TYPES['.js'], bundles['sw.js'])
      return
    }
    if (route === '/build/app.js' || route === '/build/widget-simulator.js') {
      send(res, 200, CONTENT_TYPES['.js'], bundles[route.slice('/build/'.length) as keyof BrowserAssets])
      return
    }
    if (route.startsWith('/pkg/')) {
      const file = inside(DIST, route.slice('/pkg/'.length))
      if (file) sendFile(res, file)
      else send(res, 404, 'text/plain', 'not found')
      return
    }
    const file = inside(PUBLIC, route)
    if (file && file !== path.join(PUBLIC, 'index.html') && !file.startsWith(path.join(PUBLIC, 'pages'))) {
      sendFile(res, file)
    } else send(res, 404, 'text/plain', 'not found')
  }

  const httpServer = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('demo server:', error)
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error')
      else res.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject)
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => {
      httpServer.off('error', reject)
      resolve()
    })
  })
  const port = (httpServer.address() as AddressInfo).port

  const server: DemoServer = {
    url: `http://localhost:${port}/`,
    port,
    server: httpServer,
    delivered: (writeKey) =>
      writeKey === undefined ? [...delivered] : delivered.filter((entry) => entry.body.writeKey === writeKey),
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections()
        httpServer.close(() => resolve())
      })
  }
  return server
}
