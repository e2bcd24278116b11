/**
 * The page harness every browser measure runs on. One headless Chromium (Debian's, scripts/chromium.json); a local
 * server on 127.0.0.1 that stands in for the site, Segment's CDN (settings, the standalone scripts) and its tracking
 * API; the Userlike CDN answered by Playwright routing with the widget stand-in (bench/widget.mjs). `sample` runs
 * one page in a fresh browser context, bounded in time, and retries a page that crashed or hung.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { root } from '../scripts/build-options.mjs'
import { widgetScriptUrl } from '../src/widget/loader.ts'
import { artefacts } from './bytes.mjs'
import { widgetSource } from './widget.mjs'

const chromiumConfig = createRequire(import.meta.url)('../scripts/chromium.json')

export const SECRET_KEY = '0123456789abcdef'.repeat(4)
/** The real widget URL, from the module that builds it in src/: the stand-in answers exactly that. */
export const WIDGET_URL = widgetScriptUrl(SECRET_KEY)
/** Each sample's page gets this long; past it the sample counts as hung and is retried. */
const SAMPLE_TIMEOUT_MS = 30_000
/** A sample that keeps failing this many times stops the benchmark, which reports why. */
const MAX_ATTEMPTS = 4

/** Progress lines go to stderr, so that stdout holds only the results. */
export function progress(line) {
  process.stderr.write(`${line}\n`)
}

/** analytics-next as a site's bundler would ship it, both ways a page uses it (see `scriptPage` and page-load). */
async function analyticsBundle() {
  const contents = `import { Analytics, AnalyticsBrowser } from '@segment/analytics-next'
window.BenchAnalytics = Analytics
const writeKey = document.currentScript && document.currentScript.dataset.writeKey
if (writeKey) window.analytics = AnalyticsBrowser.load({ writeKey, cdnURL: location.origin })`
  const result = await build({
    stdin: { contents, resolveDir: root },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    minify: true,
    write: false,
    logLevel: 'warning'
  })
  return result.outputFiles[0].text
}

const send = (res, status, type, body) => {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
  res.end(body)
}

/**
 * The local server. Fixed routes: `/analytics.js`, the standalone scripts (`/dist/web/userlike-web.js`,
 * `/floor.js`), the tracking API (any POST under `/v1/`). `routes` adds a measure's own: path to
 * `(url) => ({ type, body, delayMs? })`, `url` the request's full address.
 */
async function startServer(routes) {
  const files = {
    '/analytics.js': { type: 'text/javascript', body: await analyticsBundle() },
    '/dist/web/userlike-web.js': { type: 'text/javascript', body: readFileSync(artefacts.ours.web, 'utf8') },
    '/floor.js': { type: 'text/javascript', body: readFileSync(artefacts.floor.web, 'utf8') }
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    if (req.method === 'POST' && url.pathname.startsWith('/v1/')) {
      req.resume().on('end', () => send(res, 200, 'application/json', '{"success":true}'))
      return
    }
    const file = files[url.pathname]
    const fresh = url.searchParams.get('fresh')
    const answer =
      file && fresh ? { ...file, body: `${file.body}\n//# bench ${fresh}\n` } : (file ?? routes[url.pathname]?.(url))
    if (!answer) return send(res, 404, 'text/plain', 'not found')
    setTimeout(() => send(res, 200, answer.type, answer.body), answer.delayMs ?? 0)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://127.0.0.1:${server.address().port}` }
}

function launch() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || chromiumConfig.defaultPath,
    args: chromiumConfig.args
  })
}

function bounded(promise, ms, what) {
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms / 1000} s`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Starts the server and the browser. `widget`: the stand-in's cost (`costMs`, `sizeKB`) and the CDN's latency
 * (`latencyMs`), changed between measures with `setWidget`. `initScripts` run in every page before its own;
 * `sampleTimeoutMs` bounds each sample (bench/harness-check.mjs shortens it).
 * Returns `{ origin, sample, setWidget, cdp, fresh, retries, close }`; `retries` lists every failed attempt, and
 * `fresh()` makes the next sample start in a new context (a new renderer process): each measure starts with one,
 * so that none inherits the isolate another has warmed, grown or fragmented.
 *
 * Every sample navigates one long-lived page to a fresh document: a new page costs a new renderer process, about a
 * second on a loaded 2-core machine, where a navigation costs a tenth of that. The renderer's V8 isolate then
 * outlives each document; see `freshScript` for how a sample still compiles the measured script cold.
 */
export async function startHarness({ routes = {}, widget, initScripts = [], sampleTimeoutMs = SAMPLE_TIMEOUT_MS }) {
  const { server, origin } = await startServer(routes)
  let widgetBody = widgetSource(widget)
  let latencyMs = widget.latencyMs
  const retries = []
  let browser = await launch()
  let current // { context, page, cdp? }

  async function open() {
    if (!browser.isConnected()) browser = await launch()
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await context.route(WIDGET_URL, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, latencyMs))
      // The context may be gone by then (a sample that gave up): nothing left to answer.
      await route
        .fulfill({
          contentType: 'text/javascript',
          headers: { 'Cross-Origin-Resource-Policy': 'cross-origin' },
          body: widgetBody
        })
        .catch(() => undefined)
    })
    for (const script of initScripts) await context.addInitScript(script)
    return { context, page: await context.newPage() }
  }

  async function discard() {
    const closing = current?.context.close() ?? Promise.resolve()
    current = undefined
    // A browser that does not close a context in time is replaced.
    await bounded(closing, 5_000, 'closing the context').catch(async () => {
      await bounded(browser.close(), 5_000, 'closing the browser').catch(() => undefined)
    })
  }

  /**
   * Runs `run(page)` on the long-lived page. A page that crashes, a browser that dies, or a sample that takes longer
   * than SAMPLE_TIMEOUT_MS is retried on a new page (a new browser if the old one is gone), at most MAX_ATTEMPTS
   * times in all; then the benchmark stops and says why.
   */
  async function sample(label, run) {
    for (let attempt = 1; ; attempt++) {
      try {
        current ??= await bounded(open(), sampleTimeoutMs, 'opening a page')
        const { page } = current
        // A crashed renderer leaves the sample's next step waiting forever: fail at once instead.
        const crashed = new Promise((_, reject) => page.once('crash', () => reject(new Error('the page crashed'))))
        const running = run(page)
        for (const settled of [running, crashed]) settled.catch(() => undefined) // abandoned when the other loses
        return await bounded(Promise.race([running, crashed]), sampleTimeoutMs, label)
      } catch (error) {
        const reason = String(error?.message ?? error).split('\n')[0]
        retries.push({ label, attempt, reason })
        progress(`  ${label}: attempt ${attempt} failed (${reason})${attempt < MAX_ATTEMPTS ? ', retrying' : ''}`)
        await discard()
        if (attempt >= MAX_ATTEMPTS)
          throw new Error(`${label} failed ${attempt} times; last: ${reason}`, { cause: error })
      }
    }
  }

  /** A DevTools Protocol session on the current page (for the heap's garbage collection and figures). */
  async function cdp() {
    if (!current) throw new Error('cdp() is for use inside a sample')
    current.cdp ??= await current.context.newCDPSession(current.page)
    return current.cdp
  }

  async function close() {
    await bounded(browser.close(), 10_000, 'closing the browser').catch(() => undefined)
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }

  function setWidget(next) {
    widgetBody = widgetSource(next)
    latencyMs = next.latencyMs
  }

  return { origin, sample, setWidget, cdp, fresh: discard, retries, close, browser: () => browser }
}

/**
 * The address of a standalone script whose source differs from every other sample's by a trailing comment: V8
 * keeps compiled scripts per isolate, keyed by their source, and the long-lived page's isolate would otherwise
 * hand a sample the code an earlier one compiled. A site's first page view compiles it cold; so does each sample.
 */
export function freshScript(file, id) {
  return `${file}?fresh=${encodeURIComponent(id)}`
}

/** A blank page with the given scripts, for the measures that drive one destination by hand. */
export function scriptPage(scripts) {
  return {
    type: 'text/html',
    body: `<!doctype html><html><head>${scripts.map((src) => `<script src="${src}"></script>`).join('')}</head><body></body></html>`
  }
}

export function median(values) {
  return quantile(values, 0.5)
}

/** The `q` quantile of `values`, interpolated between the two nearest ranks. */
export function quantile(values, q) {
  const sorted = [...values].sort((x, y) => x - y)
  const rank = (sorted.length - 1) * q
  const below = Math.floor(rank)
  return sorted[below] + (sorted[Math.min(below + 1, sorted.length - 1)] - sorted[below]) * (rank - below)
}

/**
 * Whether another step of a measure fits before `until` (a Date.now() value), judging by the last step's length:
 * `last` is the Date.now() at which it started. The first `atLeast` steps always run.
 */
export function timeForMore(step, atLeast, until, last) {
  return step < atLeast || Date.now() + (Date.now() - last) <= until
}
