/**
 * What the demo's parts agree on: the server (demo/server.ts), the page's scripts (demo/browser/*, bundled by
 * esbuild, the service worker and the simulator included), the browser tests' harness and the bench. Facts about
 * Userlike's CDN come from the destination's own module (src/widget/loader.ts); this file adds only the demo's.
 */
import { WIDGET_HOST, pathFormWidgetUrl } from '../src/widget/loader'

export { WIDGET_HOST, widgetScriptUrl } from '../src/widget/loader'

/** The example key from Userlike's developer documentation: the key the demo starts with. */
export const EXAMPLE_SECRET_KEY = '8a3707ab96df8354253c158a25f908b84dc655c27d5828a1a97d99f08bfba6f4'

/** The source the demo page sends to when its query names none. */
export const DEMO_WRITE_KEY = 'demo-write-key'

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
}

/** The query parameters the demo page and its server read (the settings panel adds one per setting). */
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
}

/** One query parameter of the demo, by its name in `DemoQuery`. */
export function demoQuery(search: URLSearchParams, name: keyof DemoQuery): string | null {
  return search.get(name)
}

/** One call analytics-next made to the tracking API, as the server received it. */
export interface DeliveredEvent {
  /** The endpoint: t, i, p, ... or batch. */
  endpoint: string
  receivedAt: string
  body: Record<string, unknown>
}
