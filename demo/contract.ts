/**
 * What the demo's parts agree on: the server (demo/server.ts), the page's scripts (demo/browser/*, bundled by
 * esbuild, the service worker and the simulator included), the browser tests' harness and the bench. Facts about
 * Userlike's CDN come from the destination's own module (src/widget/loader.ts); this file adds only the demo's.
 */
import { EXAMPLE_SECRET_KEY } from '../src/test-facts'
import { WIDGET_HOST, pathFormWidgetUrl } from '../src/widget/loader'

export { WIDGET_HOST, widgetScriptUrl } from '../src/widget/loader'

/** The key the demo starts with: the example key from Userlike's developer documentation, as the tests know it. */
export { EXAMPLE_SECRET_KEY }

/** The source the demo page sends to when its query names none. */
export const DEMO_WRITE_KEY = 'demo-write-key'

/**
 * The one consent category the demo's stand-in consent manager asks for, and the workspace maps to this destination
 * (numbered as OneTrust numbers its Functional category).
 */
export const DEMO_CONSENT_CATEGORY = { id: 'C0003', name: 'Functional' } as const

/** Segment's two consent models, as `@segment/analytics-consent-tools` names them. */
export type ConsentModel = 'opt-in' | 'opt-out'
export const CONSENT_MODELS: readonly ConsentModel[] = ['opt-in', 'opt-out']

/** The shop's own "Chat with us" links, and the demo's default Chat Button Selector setting, which matches them. */
export const CHAT_LINK_SELECTOR = 'a[href="#chat"]'

/** The checkout page: its page call is named (`analytics.page('Checkout')`); the shop's other pages are not. */
export const CHECKOUT_PAGE = { path: '/checkout', name: 'Checkout' } as const

/**
 * The widget simulator records each call made on `window.userlike` here, by method name, in order (also the ones
 * it ignores): what a test asserts as "the widget's calls".
 */
export const SIMULATOR_CALLS = '__ulsimCalls'

/** The host and folder of the path form of the widget URL that older snippets use. */
const pathForm = new URL(pathFormWidgetUrl(EXAMPLE_SECRET_KEY))
const PATH_FORM_HOST = pathForm.hostname
const PATH_FORM_PREFIX = pathForm.pathname.slice(0, -`${EXAMPLE_SECRET_KEY}.js`.length)

/** True for a request for a widget script, in either form Userlike serves it. */
export function isWidgetScriptUrl(url: URL): boolean {
  const onCdn =
    url.hostname === WIDGET_HOST || (url.hostname === PATH_FORM_HOST && url.pathname.startsWith(PATH_FORM_PREFIX))
  return onCdn && url.pathname.endsWith('.js')
}

/**
 * How the page gets the destination: `cdn` as Segment's CDN serves it (a `remotePlugins` entry in the CDN settings,
 * pointing at the standalone script: the production path), `esm` the package's ES module build and `web` its
 * standalone script on a `<script>` tag, both registered with `analytics.register`.
 */
export type DemoBuild = 'cdn' | 'esm' | 'web'

/** What the page starts with when its query string says nothing else (the server writes it into the page). */
export interface DemoDefaults {
  secretKey: string
  recordLiveChatEvents: boolean
  /** `simulator`: a service worker answers the widget URL with the simulator; `real`: the URL is left alone. */
  widget: 'simulator' | 'real'
  /** `esm` unless set: the browser tests' `build` query values keep their meaning; `npm start` serves `cdn`. */
  build: DemoBuild
  /** The Chat Button Selector the settings panel starts with: the shop's "Chat with us" links. */
  chatButtonSelector: string
  /**
   * Whether the shop's example mappings (demo/shop.ts) are among the source's mappings when the query names none:
   * on under `npm start`; off by default, so that the other browser tests' pages carry the preset alone.
   */
  exampleMappings: boolean
}

/**
 * What `npm start` serves beside the server's defaults: the destination as Segment's CDN delivers it, and the shop's
 * example mappings. The demo's own UI tests start their server with these, to drive the page a newcomer sees.
 */
export const NPM_START_DEFAULTS = { build: 'cdn', exampleMappings: true } as const satisfies Partial<DemoDefaults>

/** The query parameters the demo page and its server read (the settings panel adds one per setting, below). */
export interface DemoQuery {
  /** The source (Segment write key) the page sends to; `DEMO_WRITE_KEY` when absent. */
  writeKey: string
  /** The Userlike secret key the page's snippet is written for (with `snippet`). */
  key: string
  widget: DemoDefaults['widget']
  build: DemoBuild
  /** `1`: the page carries Userlike's own snippet, as a site that already embeds Userlike. */
  snippet: '1'
  /** `classic`: the simulator ends a chat with `chat_quit`, as the widget of 2018 did. */
  simulator: 'classic' | 'current'
  /** `strict`: the page is served with a strict Content Security Policy. */
  csp: 'strict'
  /** The source's mappings, as JSON (`[{ name, subscribe, partnerAction, mapping }]`); absent: the defaults. */
  mappings: string
  /** Comma-separated names of the mappings switched off (all are on unless named here). */
  off: string
  /** The stand-in consent manager's model; absent: no consent management on the page. */
  consent: ConsentModel
}

/**
 * The query parameter of each setting the demo has a short name for (`?load=immediately`); any other setting is
 * named by its key.
 */
export const SETTING_QUERY_NAMES: Readonly<Record<string, string>> = {
  secretKey: 'key',
  recordLiveChatEvents: 'record',
  loadWidget: 'load',
  chatButtonColor: 'color',
  chatButtonPosition: 'position',
  chatButtonSelector: 'selector',
  additionalWidgetEvents: 'events'
}

/** One query parameter of the demo, by its name in `DemoQuery`. */
export function demoQuery(search: URLSearchParams, name: keyof DemoQuery): string | null {
  return search.get(name)
}

/**
 * What the Segment app saved for one source (write key), as the page PUTs it to the demo server: the destination's
 * settings and subscriptions, how the page gets the destination (`cdn`: the server lists it in the source's CDN
 * settings as a remote plugin; `page`: the page registers it itself, so the CDN settings list no plugin), and the
 * consent categories the destination needs (none: no consent management).
 */
export interface SourceDestination {
  settings: Record<string, unknown>
  subscriptions: unknown[]
  delivery: 'cdn' | 'page'
  consentCategories: string[]
}

/** One call analytics-next made to the tracking API, as the server received it. */
export interface DeliveredEvent {
  /** The endpoint: t, i, p, ... or batch. */
  endpoint: string
  receivedAt: string
  body: Record<string, unknown>
}
