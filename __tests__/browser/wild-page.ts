/**
 * Pages as sites build them, for the loader's browser tests: each is a plain HTML page fulfilled by request
 * interception on the demo server's origin, running the real analytics-next (bundled here, as a site's build would)
 * and this destination's standalone script, either as Segment's CDN loads it (`remotePlugins` in the CDN settings,
 * `libraryName: 'userlikeWebDestination'`) or registered by the page itself. The demo server delivers the events.
 * The Userlike CDN is answered per test: by default a small widget stand-in that records what it found when it
 * started and offers `window.__widget.fire(name, globalCtx, sessionCtx)` to play a widget event.
 */
import { execFile } from 'node:child_process'
import type { Page, Route } from 'playwright-core'
import { destination } from '../../src/index'
import { EXAMPLE_SECRET_KEY, isWidgetScriptUrl } from '../../demo/contract'
import { newWatchedPage, REPO, WAIT_MS, type Harness, type WatchedPage } from './harness'

/** What the stand-in widget knew when it started, in the page as `window.__widget`. */
export interface WidgetStart {
  userlikeData: unknown
  src: string
}

/** Runs as the widget script: reads what the real widget reads, and plays events through the global callback. */
export const WIDGET_STAND_IN = `(() => {
  const widget = {
    started: { userlikeData: JSON.parse(JSON.stringify(window.userlikeData || null)), src: document.currentScript && document.currentScript.src },
    fire: (name, globalCtx, sessionCtx) => window.userlikeTrackingEvent(name, globalCtx, sessionCtx)
  }
  window.userlike = { setData: (data) => (widget.data = data), userlikeUpdateAPI: () => (widget.updates = (widget.updates || 0) + 1) }
  window.__widget = widget
})()`

let analyticsBundle: Promise<string> | undefined

/**
 * analytics-next as one classic script defining `window.AnalyticsBrowser` (and `window.SegmentConsentTools`, Segment's
 * consent tools' `createWrapper`, for the `consent` option), built with this package's esbuild plugin
 * that keeps esbuild's export helper to own properties (scripts/build-options.mjs): Segment's own CDN build of
 * analytics-next has no such helper, and a page with an extended Object.prototype must be able to run it. Built in a
 * child process: the build options are an ES module, which Jest's CommonJS runtime cannot import.
 */
function analyticsScript(): Promise<string> {
  const source = `
    import { build } from 'esbuild'
    import { ownExportsOnly } from './scripts/build-options.mjs'
    const result = await build({
      stdin: { contents: "import { AnalyticsBrowser } from '@segment/analytics-next'; import { createWrapper } from '@segment/analytics-consent-tools'; window.AnalyticsBrowser = AnalyticsBrowser; window.SegmentConsentTools = { createWrapper }", resolveDir: '.', loader: 'js' },
      bundle: true, write: false, format: 'iife', target: 'es2020', minify: true, logLevel: 'warning', plugins: [ownExportsOnly]
    })
    process.stdout.write(result.outputFiles[0].text)`
  analyticsBundle ??= new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--input-type=module', '-e', source],
      { cwd: REPO, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(stdout))
    )
  )
  return analyticsBundle
}

export type WidgetAnswer = 'stand-in' | 'hang' | ((route: Route) => Promise<void>)

export interface WildPageOptions {
  /**
   * How the destination reaches the page: `cdn` as Segment's CDN settings load it (remotePlugins), `register` the
   * page registers the standalone script's factory itself, `modules` the same from module scripts only, `none`
   * analytics without Userlike.
   */
  path: 'cdn' | 'register' | 'modules' | 'none'
  /** Destination settings besides the defaults (the example key, recording on, loadWidget immediately). */
  settings?: Record<string, unknown>
  /** Markup at the start of <head>, before any script (a Trusted Types policy, a tag, an old library). */
  head?: string
  /** Page script run after analytics is created and before the destination is registered (`register`, `modules`). */
  beforeRegister?: string
  /** The page's Content-Security-Policy header, if any. */
  csp?: string
  widget?: WidgetAnswer
  /** Markup of the page's body (an image, a product). */
  body?: string
  /** Scripts run in the page before any of its own (Playwright `addInitScript`). */
  initScripts?: Array<() => void>
  /** What `page.goto` waits for. */
  waitUntil?: 'load' | 'domcontentloaded' | 'commit'
  /** Segment's Consent Management: the destination's categories, and the site's consent tools (see `ConsentPage`). */
  consent?: ConsentPage
  /** Page script run after analytics is created and before its first `page()` (a source middleware, say). */
  beforePage?: string
  /**
   * The workspace's own mappings for the page's destination, beside the presets: `{ name, subscribe (FQL),
   * partnerAction, mapping, enabled }` (see `mapping`).
   */
  mappings?: unknown[]
}

export interface WildPage extends WatchedPage {
  /** Widget-script URLs requested, in order. */
  widgetRequests: string[]
  /** Widget requests still unanswered (`hang`). */
  pendingWidgetRequests(): number
  userlikeMessages(): string[]
}

let pages = 0

function subscriptions(): unknown[] {
  return (destination.presets ?? []).map((preset) => ({ ...preset, enabled: true }))
}

function pageHtml(options: WildPageOptions, origin: string, writeKey: string): string {
  const settings = {
    secretKey: EXAMPLE_SECRET_KEY,
    recordLiveChatEvents: true,
    loadWidget: 'immediately',
    ...options.settings,
    ...consentPluginSettings(options.consent),
    subscriptions: [...subscriptions(), ...(options.mappings ?? [])]
  }
  const cdnSettings = {
    integrations: {
      'Segment.io': { apiKey: writeKey, apiHost: `${new URL(origin).host}/v1`, protocol: 'http' },
      ...consentIntegrations(options.consent)
    },
    ...consentCdnSettings(options.consent),
    plan: { track: { __default: { enabled: true } }, identify: { __default: { enabled: true } } },
    enabledMiddleware: {},
    metrics: { sampleRate: 0 },
    remotePlugins:
      options.path === 'cdn'
        ? [
            {
              name: destination.name,
              creationName: destination.name,
              libraryName: 'userlikeWebDestination',
              url: `${origin}/pkg/web/userlike-web.js`,
              settings
            }
          ]
        : []
  }
  const start = `
    window.analytics = ${analyticsLoad(options.consent, `{ writeKey: ${JSON.stringify(writeKey)}, cdnSettings: ${JSON.stringify(cdnSettings)} }`)}
    ${options.beforePage ?? ''}
    window.analytics.page()
    ${
      options.path === 'register' || options.path === 'modules'
        ? `window.__registered = (async () => {
            const plugins = await window.userlikeWebDestination(${JSON.stringify(settings)})
            ${options.beforeRegister ?? ''}
            await window.analytics.register(...plugins)
          })()`
        : ''
    }`
  const scripts =
    options.path === 'modules'
      ? `<script type="module">import '/wild/analytics.js'; import '/pkg/web/userlike-web.js'; ${start}</script>`
      : `${cmpStandIn(options.consent)}<script src="/wild/analytics.js"></script>
    ${options.path === 'register' ? '<script src="/pkg/web/userlike-web.js"></script>' : ''}
    <script>${start}</script>`
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    ${options.head ?? ''}
    <title>A shop</title>
    ${scripts}
  </head>
  <body>
    <h1>A shop</h1>
    ${options.body ?? '<p>Products.</p>'}
  </body>
</html>`
}

/** Opens one page built from `options` on the demo server's origin; every other origin is refused. */
export async function openWildPage({ browser, server }: Harness, options: WildPageOptions): Promise<WildPage> {
  const writeKey = `wild-${process.pid}-${++pages}`
  const origin = new URL(server.url).origin
  const context = await browser.newContext({ serviceWorkers: 'block' })
  const widgetRequests: string[] = []
  let pending = 0
  const analytics = await analyticsScript()
  const widget = options.widget ?? 'stand-in'

  await context.route('**/*', async (route: Route) => {
    const url = new URL(route.request().url())
    if (url.origin === origin) {
      if (url.pathname === '/wild/page') {
        return route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: options.csp ? { 'content-security-policy': options.csp } : {},
          body: pageHtml(options, origin, writeKey)
        })
      }
      if (url.pathname === '/wild/analytics.js') {
        return route.fulfill({ status: 200, contentType: 'text/javascript', body: analytics })
      }
      if (url.pathname === '/wild/image.svg') {
        // An image that takes a moment, as a shop's hero image does: the load event waits for it.
        await new Promise((resolve) => setTimeout(resolve, 300))
        return route
          .fulfill({
            status: 200,
            contentType: 'image/svg+xml',
            body: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
          })
          .catch(() => undefined)
      }
      return route.continue()
    }
    if (isWidgetScriptUrl(url)) {
      widgetRequests.push(url.href)
      if (widget === 'hang') {
        pending++
        return
      }
      if (widget === 'stand-in') {
        return route.fulfill({ status: 200, contentType: 'text/javascript', body: WIDGET_STAND_IN })
      }
      return widget(route)
    }
    return route.abort('internetdisconnected')
  })

  const watched = await newWatchedPage(context, server, writeKey, options.initScripts)
  await watched.page.goto(`${origin}/wild/page`, { waitUntil: options.waitUntil ?? 'load' })
  return {
    ...watched,
    widgetRequests,
    pendingWidgetRequests: () => pending,
    userlikeMessages: () => watched.console.filter((message) => message.includes('Userlike:'))
  }
}

/** Resolves when the stand-in widget has started in the page, with what it found. */
export async function widgetStarted(page: Page): Promise<WidgetStart> {
  await page.waitForFunction(() => (window as unknown as { __widget?: unknown }).__widget !== undefined, undefined, {
    timeout: WAIT_MS
  })
  return page.evaluate(() => (window as unknown as { __widget: { started: WidgetStart } }).__widget.started)
}

/** The widget playing one event through `window.userlikeTrackingEvent`, as the real one does. */
export async function fireWidgetEvent(page: Page, name: string, sessionCtx: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    ([eventName, session]) =>
      (window as unknown as { __widget: { fire(...args: unknown[]): void } }).__widget.fire(eventName, {}, session),
    [name, sessionCtx] as const
  )
}

/**
 * Segment's Consent Management on a wild page. The workspace maps the destination to `categories` (none: no consent
 * settings for it): Segment's CDN settings then carry them in the destination's `integrations` entry (which
 * analytics-next merges into the remote plugin's settings; they are on those settings too) and list the mapped
 * categories at the top, with `hasUnmappedDestinations`. With a `model`, the site runs Segment's consent tools
 * (`createWrapper`) in that consent model, asking a stand-in CMP in the page (`window.__cmp`, see `cmpStandIn`);
 * without one, the site runs no consent tools and its events carry no consent stamp. The consent tools run on the
 * `cdn` and `register` paths (classic scripts).
 */
export interface ConsentPage {
  categories: string[]
  model?: 'opt-in' | 'opt-out'
  /**
   * The visitor's choice as the CMP reports it on their first page (`{ C0003: true, ... }`); the next pages of the
   * visit keep what they chose since with `window.__cmp.set`. Absent: the visitor has not answered yet, and the
   * consent tools hold every event (and, opt-in, analytics' start) until they do.
   */
  initial?: Record<string, boolean>
}

/** Where the stand-in CMP keeps the visitor's choice: the page's storage, for the next pages of the visit. */
const CMP_STORAGE_KEY = 'cmp-stand-in:categories'

function consentPluginSettings(consent: ConsentPage | undefined): Record<string, unknown> {
  return consent?.categories.length ? { consentSettings: { categories: consent.categories } } : {}
}

function consentIntegrations(consent: ConsentPage | undefined): Record<string, unknown> {
  // An Actions destination's entry as Segment's CDN settings hold it: no classic component, and its categories.
  return consent
    ? { [destination.name]: { versionSettings: { componentTypes: [] }, ...consentPluginSettings(consent) } }
    : {}
}

function consentCdnSettings(consent: ConsentPage | undefined): Record<string, unknown> {
  return consent ? { consentSettings: { allCategories: consent.categories, hasUnmappedDestinations: true } } : {}
}

/**
 * A consent management platform as Segment's consent tools use one: the visitor's categories, kept in the page's
 * storage for the next pages, a promise of the visitor's first answer, and `set(categories)` (the visitor's choice
 * in the banner), which tells the listeners the tools registered through `registerOnConsentChanged`.
 */
function cmpStandIn(consent: ConsentPage | undefined): string {
  if (!consent?.model) return ''
  const key = JSON.stringify(CMP_STORAGE_KEY)
  return `<script>(() => {
    const stored = localStorage.getItem(${key})
    let answer
    const cmp = {
      categories: stored ? JSON.parse(stored) : ${JSON.stringify(consent.initial ?? null)},
      answered: new Promise((resolve) => (answer = resolve)),
      listeners: [],
      set(categories) {
        cmp.categories = categories
        localStorage.setItem(${key}, JSON.stringify(categories))
        answer()
        for (const listener of cmp.listeners) listener({ ...categories })
      }
    }
    if (cmp.categories) answer()
    window.__cmp = cmp
  })()</script>\n    `
}

/** The expression creating the page's analytics: wrapped by Segment's consent tools where the page runs them. */
function analyticsLoad(consent: ConsentPage | undefined, loadSettings: string): string {
  if (!consent?.model) return `AnalyticsBrowser.load(${loadSettings})`
  // The tools replace the instance's `load` with theirs, which resolves to nothing: the page keeps the instance.
  return `((analytics) => (analytics.load(${loadSettings}), analytics))(
      SegmentConsentTools.createWrapper({
        getCategories: () => window.__cmp.answered.then(() => ({ ...window.__cmp.categories })),
        registerOnConsentChanged: (changed) => window.__cmp.listeners.push(changed),
        shouldLoadSegment: (ctx) => ctx.load({ consentModel: ${JSON.stringify(consent.model)} })
      })(new AnalyticsBrowser())
    )`
}

/** The visitor's choice in the stand-in CMP's banner, mid-page (see `ConsentPage`). */
export async function chooseConsent(page: Page, categories: Record<string, boolean>): Promise<void> {
  await page.evaluate(
    (chosen) => (window as unknown as { __cmp: { set(categories: unknown): void } }).__cmp.set(chosen),
    categories
  )
}

// ---- the widget's control (issue 19) ----------------------------------------------------------------------------

/**
 * Builds the page's analytics-next bundle ahead of time (seconds on a busy machine), so that the first test's page
 * does not pay for it within its own timeout: call it in a `beforeAll` with a timeout of its own.
 */
export async function prepareWildPages(): Promise<void> {
  await analyticsScript()
}

/** A mapping a workspace adds for one of the destination's actions, enabled, for `openWildPage`'s `mappings`. */
export function mapping(
  partnerAction: keyof typeof destination.actions,
  subscribe: string,
  fields: Record<string, unknown> = {}
): Record<string, unknown> {
  return { name: `${partnerAction} on ${subscribe}`, subscribe, partnerAction, mapping: fields, enabled: true }
}

/** The legacy API's methods the control stand-in offers (unless told to omit some). */
export const CONTROL_STAND_IN_METHODS = [
  'setData',
  'userlikeUpdateAPI',
  'userlikeStartChat',
  'userlikeShowButton',
  'userlikeHideButton',
  'logout'
] as const

export interface ControlStandIn {
  /** Methods of `CONTROL_STAND_IN_METHODS` its `window.userlike` lacks. */
  omit?: Array<(typeof CONTROL_STAND_IN_METHODS)[number]>
  /**
   * The one form of the ready callback it calls, where a function is there: the documented `userlike.userlikeReady()`
   * on its own object, or the global `window.userlikeReady()`; `none`: neither.
   */
  ready: 'userlike.userlikeReady' | 'window.userlikeReady' | 'none'
  /** Milliseconds after it started (assigned `window.userlike`) before it calls the ready callback. */
  readyAfterMs: number
  /**
   * Declares `userlike` as a global of its script (`var userlike`) too: where the widget runs before the destination
   * starts, `window.userlike` is then a property the page cannot redefine (not configurable).
   */
  declaredWithVar?: boolean
}

/** One entry of the control stand-in's record, in the page as `window.__widget.calls`. */
export interface WidgetCall {
  /** A method called on `window.userlike`, or `ready` / `ready returned` around its call of the ready callback. */
  method: string
  /** The call's arguments as JSON (a copy taken when it was called). */
  args?: unknown[]
}

/**
 * A widget stand-in that also offers the control methods: it records every call on `window.userlike` in order
 * (`window.__widget.calls`), and marks when it calls its form of the ready callback (`ready`) and when that call
 * returned (`ready returned`): what the destination did inside it sits between the two. Like `WIDGET_STAND_IN`, it
 * records what it found when it started and plays widget events with `window.__widget.fire`.
 */
export function controlStandIn(options: ControlStandIn): WidgetAnswer {
  const source = `(() => {
  const options = ${JSON.stringify({ omit: [], ...options })}
  const calls = []
  const widget = {
    started: { userlikeData: JSON.parse(JSON.stringify(window.userlikeData || null)), src: document.currentScript && document.currentScript.src },
    calls,
    fire: (name, globalCtx, sessionCtx) => window.userlikeTrackingEvent(name, globalCtx, sessionCtx)
  }
  const api = {}
  for (const method of ${JSON.stringify(CONTROL_STAND_IN_METHODS)}) {
    if (options.omit.includes(method)) continue
    api[method] = function (...args) {
      calls.push({ method, args: JSON.parse(JSON.stringify(args)) })
      if (method === 'setData') widget.data = args[0]
    }
  }
  window.__widget = widget
  window.userlike = api
  setTimeout(() => {
    calls.push({ method: 'ready' })
    if (options.ready === 'userlike.userlikeReady' && typeof window.userlike.userlikeReady === 'function') window.userlike.userlikeReady()
    if (options.ready === 'window.userlikeReady' && typeof window.userlikeReady === 'function') window.userlikeReady()
    calls.push({ method: 'ready returned' })
  }, options.readyAfterMs)
})()${options.declaredWithVar ? '\nvar userlike = window.userlike' : ''}`
  return (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: source })
}

/** What the control stand-in recorded so far (none before it started). */
export function widgetCalls(page: Page): Promise<WidgetCall[]> {
  return page.evaluate(() => (window as unknown as { __widget?: { calls?: WidgetCall[] } }).__widget?.calls ?? [])
}

/** The chat button the messenger stand-in draws (`messengerWidget`), as the real widget draws its own. */
export const WIDGET_BUTTON_ID = 'userlike-widget-button'

export interface MessengerWidgetOptions {
  /** How long the Userlike CDN takes to answer, in ms. */
  delayMs?: number
  /** The ready callback the widget calls once up: the documented `userlike.userlikeReady()`, or the older global. */
  ready?: 'object' | 'global'
}

/**
 * A widget stand-in with the calls the chat button's tests need. It offers `window.userlike` with the legacy API,
 * recording in `window.__widget.log` each `userlikeStartChat` ('open'), `userlikeShowButton` ('show') and
 * `userlikeHideButton` ('hide'); draws its own chat button (`WIDGET_BUTTON_ID`, bottom right, which opens the
 * messenger as the real one does; once there is a body); then, in the same task, logs 'ready' and calls its ready
 * callback. Like
 * `WIDGET_STAND_IN` it records what it found (`widgetStarted`) and plays events (`fireWidgetEvent`), through the
 * tracking callback where one is defined, as the real widget does.
 */
export function messengerWidget({ delayMs = 0, ready = 'object' }: MessengerWidgetOptions = {}): WidgetAnswer {
  const body = `(() => {
  const widget = {
    started: { userlikeData: JSON.parse(JSON.stringify(window.userlikeData || null)), src: document.currentScript && document.currentScript.src },
    fire: (name, globalCtx, sessionCtx) => typeof window.userlikeTrackingEvent === 'function' && window.userlikeTrackingEvent(name, globalCtx, sessionCtx),
    log: []
  }
  window.__widget = widget
  const record = (entry) => () => { widget.log.push(entry) }
  window.userlike = {
    setData: (data) => (widget.data = data),
    userlikeUpdateAPI: () => {},
    userlikeStartChat: record('open'),
    userlikeShowButton: record('show'),
    userlikeHideButton: record('hide')
  }
  const up = () => {
    const button = document.createElement('button')
    button.id = ${JSON.stringify(WIDGET_BUTTON_ID)}
    button.setAttribute('aria-label', 'Chat with us')
    button.style.cssText = 'position:fixed;right:20px;bottom:20px;width:60px;height:60px;border-radius:50%'
    button.addEventListener('click', () => window.userlike.userlikeStartChat())
    document.body.append(button)
    widget.log.push('ready')
    const readyCallback = ${ready === 'object' ? 'window.userlike.userlikeReady' : 'window.userlikeReady'}
    if (typeof readyCallback === 'function') readyCallback()
  }
  // A site's snippet in <head> may run before there is a body to draw the button in.
  if (document.body) up()
  else addEventListener('DOMContentLoaded', up)
})()`
  return async (route) => {
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs))
    // The page may be gone by then.
    await route.fulfill({ status: 200, contentType: 'text/javascript', body }).catch(() => undefined)
  }
}

/** What the messenger stand-in logged so far ('ready', 'open', ...); empty before it ran. */
export function messengerLog(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __widget?: { log?: string[] } }).__widget?.log ?? [])
}

/**
 * An init script that collects the page's CSP and Trusted Types violations from its start, as
 * `effectiveDirective blockedURI sample` lines; read them with `violations`.
 */
export function watchViolations(): void {
  const seen: string[] = []
  Object.defineProperty(window, '__violations', { value: seen })
  document.addEventListener('securitypolicyviolation', (event) =>
    seen.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sample}`)
  )
}

export function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)
}

/** Waits (bounded) until the control stand-in's record has an entry for which `match` holds, and returns the record. */
export async function waitForWidgetCall(
  page: Page,
  match: (call: WidgetCall) => boolean,
  what: string
): Promise<WidgetCall[]> {
  const deadline = Date.now() + WAIT_MS
  for (;;) {
    const calls = await widgetCalls(page)
    if (calls.some(match)) return calls
    if (Date.now() > deadline) {
      throw new Error(`${what} did not happen within 10 s; the widget saw: ${calls.map((c) => c.method).join(', ')}`)
    }
    await page.waitForTimeout(50)
  }
}
