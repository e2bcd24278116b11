/**
 * Drives the demo shop in a real headless Chromium (Debian's, through playwright-core; never a downloaded one),
 * with the demo server standing in for Segment's CDN and tracking API and, per test, the Userlike CDN answered
 * by request interception: the widget simulator, a 404, or a blocked request.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import chromiumConfig from '../../scripts/chromium.json'
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core'
import { isWidgetScriptUrl, type DeliveredEvent, type DemoDefaults, type DemoQuery } from '../../demo/contract'
import { startDemoServer, type DemoServer } from '../../demo/server'

/** How long a browser test waits for something the page should do (a delivery, a message, an element). */
export const WAIT_MS = 10_000

export const REPO = path.resolve(__dirname, '../..')
export const ARTIFACTS = path.join(REPO, 'artifacts')

export function chromiumPath(): string {
  const executable = process.env.CHROME_PATH || chromiumConfig.defaultPath
  if (!existsSync(executable)) {
    throw new Error(
      `No Chromium at ${executable}${process.env.CHROME_PATH ? ' (from CHROME_PATH)' : ''}: the browser tests need one. ` +
        'On Debian or Ubuntu, as root: `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium` ' +
        '(`node scripts/ensure-chromium.mjs` does this), or point CHROME_PATH at an installed Chromium or Chrome. ' +
        'These tests never download a browser.'
    )
  }
  return executable
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumConfig.args })
}

/** A browser and a demo server shared by the tests of one file. */
export interface Harness {
  browser: Browser
  server: DemoServer
}

/** `defaults`: what the demo server's pages start with where their query says nothing (as `npm start` passes them). */
export async function startHarness(defaults: Partial<DemoDefaults> = {}): Promise<Harness> {
  const browser = await launchChromium()
  try {
    return { browser, server: await startDemoServer({ port: 0, defaults }) }
  } catch (error) {
    await browser.close()
    throw error
  }
}

export async function stopHarness(harness: Harness | undefined): Promise<void> {
  await Promise.all([harness?.browser.close(), harness?.server.close()])
}

/** Pages a test opened and has not closed: closed after each test, so that a test states its scenario only. */
const openPages = new Set<WatchedPage>()

/**
 * The browser harness of one test file: a browser and a demo server (with `defaults`, see startHarness) started
 * before its tests and stopped after them; every page a test opens is closed after it. Read `.current` inside a test.
 */
export function useHarness(defaults: Partial<DemoDefaults> = {}): { readonly current: Harness } {
  let harness: Harness | undefined
  beforeAll(async () => {
    harness = await startHarness(defaults)
  })
  afterEach(() => Promise.all([...openPages].map((page) => page.close())))
  afterAll(() => stopHarness(harness))
  return {
    get current(): Harness {
      if (!harness) throw new Error('the harness did not start')
      return harness
    }
  }
}

/** A page of a test, in its own browser context, sending with its own write key. */
export interface WatchedPage extends Deliveries {
  context: BrowserContext
  page: Page
  writeKey: string
  /** Errors the page did not catch. */
  pageErrors: Error[]
  /** The page's console, as `type: text` lines. */
  console: string[]
  close(): Promise<void>
}

/** A new page in `context`, with `initScripts` run before its own, collecting its uncaught errors and console lines. */
export async function newWatchedPage(
  context: BrowserContext,
  server: DemoServer,
  writeKey: string,
  initScripts: Array<() => void> = []
): Promise<WatchedPage> {
  for (const script of initScripts) await context.addInitScript(script)
  const page = await context.newPage()
  const pageErrors: Error[] = []
  const console: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error))
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`))
  const watched: WatchedPage = {
    ...deliveriesOf(server, writeKey),
    context,
    page,
    writeKey,
    pageErrors,
    console,
    close: () => {
      openPages.delete(watched)
      return context.close()
    }
  }
  openPages.add(watched)
  return watched
}

/** What the demo server's tracking-API stand-in received from one page (its write key). */
export interface Deliveries {
  /** Events delivered to the tracking-API stand-in with this page's write key. */
  delivered(): DeliveredEvent[]
  /** Waits until delivered events include one matching `match` (10 s at most), and returns its body. */
  waitForDelivery(match: (body: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>>
}

export function deliveriesOf(server: DemoServer, writeKey: string): Deliveries {
  const delivered = (): DeliveredEvent[] => server.delivered(writeKey)
  return {
    delivered,
    async waitForDelivery(match, what) {
      const deadline = Date.now() + WAIT_MS
      for (;;) {
        const found = delivered().find((entry) => match(entry.body))
        if (found) return found.body
        if (Date.now() > deadline) {
          const seen = delivered().map((entry) => `${String(entry.body.type)} ${String(entry.body.event ?? '')}`)
          throw new Error(`${what} was not delivered within 10 s; delivered: ${seen.join(', ') || 'nothing'}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
  }
}

/**
 * An init script (Playwright `addInitScript`) that records when the widget's script element entered the page, as
 * `window.__widgetScriptAt` (performance.now()). Init scripts are serialized into the page, so each must be
 * self-contained: this one cannot import the CDN's host and matches its name as written here; the page probes of
 * faults.test.ts and wild-pages.test.ts read the time from it rather than each watching for the script.
 */
export function watchWidgetScript(): void {
  new MutationObserver((records, observer) => {
    const added = records.flatMap((record) => Array.from(record.addedNodes))
    if (added.some((node) => node instanceof HTMLScriptElement && node.src.includes('userlike-cdn-widgets'))) {
      Object.defineProperty(window, '__widgetScriptAt', { value: performance.now() })
      observer.disconnect()
    }
  }).observe(document, { childList: true, subtree: true })
}

/**
 * What the Userlike CDN does in a test. `service-worker`: the page's own service worker answers (as `npm start`).
 * A function answers each widget request itself, given the simulator's source (a slow, broken or silent CDN).
 */
export type WidgetCdn = 'simulator' | 'not-found' | 'blocked' | 'service-worker' | WidgetAnswer

/** Answers one widget-script request; `simulator` is the widget simulator's source. */
export type WidgetAnswer = (route: Route, simulator: string) => Promise<void>

export interface OpenDemoOptions {
  /** Scripts run in the page before any of its own (Playwright `addInitScript`), e.g. to listen for errors. */
  initScripts?: Array<() => void>
  /**
   * What `page.goto` waits for; `load` by default. A widget request that never answers holds the window's load
   * event, so a hanging CDN needs `domcontentloaded`.
   */
  waitUntil?: 'load' | 'domcontentloaded'
}

export interface DemoPage extends WatchedPage {
  /** Every request for a widget script that reached the network layer (not answered by a service worker). */
  widgetRequests: string[]
  /** Requests to anywhere but the demo server, other than widget scripts; all of them are refused. */
  outsideRequests: string[]
}

let pages = 0

/**
 * Opens the demo page with the given query settings. The page loads the real widget URL (`widget=real`), which
 * this harness answers according to `cdn`; everything not on the demo server is refused and recorded.
 */
export async function openDemo(
  { browser, server }: Harness,
  query: Partial<DemoQuery> & Record<string, string> = {},
  cdn: WidgetCdn = 'simulator',
  options: OpenDemoOptions = {}
): Promise<DemoPage> {
  const writeKey = `browser-test-${process.pid}-${++pages}`
  const context = await browser.newContext({
    serviceWorkers: cdn === 'service-worker' ? 'allow' : 'block',
    viewport: { width: 1280, height: 860 }
  })
  const widgetRequests: string[] = []
  const outsideRequests: string[] = []
  const simulator = await fetchSimulator(server)

  await context.route('**/*', async (route: Route) => {
    const url = new URL(route.request().url())
    if (url.origin === new URL(server.url).origin) return route.continue()
    if (isWidgetScriptUrl(url)) {
      widgetRequests.push(url.href)
      if (typeof cdn === 'function') return cdn(route, simulator)
      if (cdn === 'not-found') return route.fulfill({ status: 404, contentType: 'application/xml', body: '<Error/>' })
      if (cdn === 'blocked') return route.abort('blockedbyclient')
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: simulator })
    }
    outsideRequests.push(url.href)
    return route.abort('internetdisconnected')
  })

  const watched = await newWatchedPage(context, server, writeKey, options.initScripts)
  const { page } = watched

  const search = new URLSearchParams({ writeKey, widget: cdn === 'service-worker' ? 'simulator' : 'real', ...query })
  await page.goto(`${server.url}?${search.toString()}`, { waitUntil: options.waitUntil ?? 'load' })
  await page.waitForSelector('body[data-demo="ready"], body[data-demo="failed"]', { timeout: 15_000 })
  const state = await page.getAttribute('body', 'data-demo')
  if (state !== 'ready') {
    throw new Error(`the demo did not start: ${await page.textContent('#status')}\n${watched.console.join('\n')}`)
  }

  return { ...watched, widgetRequests, outsideRequests }
}

async function fetchSimulator(server: DemoServer): Promise<string> {
  const response = await fetch(new URL('/build/widget-simulator.js', server.url))
  if (!response.ok) throw new Error(`the demo server did not serve the simulator: ${response.status}`)
  return response.text()
}

/** Track events with this name, in delivery order. */
export function tracked(demo: DemoPage, event: string): Record<string, unknown>[] {
  return demo
    .delivered()
    .map((entry) => entry.body)
    .filter((body) => body.type === 'track' && body.event === event)
}

/** Opens the simulated widget and has a whole conversation: start, a visitor message, the agent's reply, the end. */
export async function haveConversation(page: Page): Promise<void> {
  await page.getByTestId('ulsim-bubble').click()
  await page.getByTestId('ulsim-start').click()
  await page.getByTestId('ulsim-send').click()
  await page.getByTestId('ulsim-reply').click()
  await page.getByTestId('ulsim-end').click()
}

/** The next page load of the demo in the same tab (a reload: same query, same storage), once the demo is ready. */
export async function reloadDemo(page: Page): Promise<void> {
  await page.reload()
  await page.waitForSelector('body[data-demo="ready"]', { timeout: 15_000 })
  await page.getByTestId('ulsim-bubble').waitFor()
}

/** Another tab of the same browser on the same demo page (shares cookies and localStorage), once it is ready. */
export async function openTab(demo: DemoPage): Promise<Page> {
  const tab = await demo.context.newPage()
  tab.on('pageerror', (error) => demo.pageErrors.push(error))
  await tab.goto(demo.page.url())
  await tab.waitForSelector('body[data-demo="ready"]', { timeout: 15_000 })
  await tab.getByTestId('ulsim-bubble').waitFor()
  return tab
}

/** How often the simulated widget called the tracking callback with `eventName` on this page. */
export async function widgetSent(page: Page, eventName: string): Promise<number> {
  const trace = (await page.getByTestId('ulsim-trace').textContent()) ?? ''
  return trace.split('\n').filter((line) => line.startsWith(`userlikeTrackingEvent('${eventName}'`)).length
}
