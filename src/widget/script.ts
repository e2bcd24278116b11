import type { BrowserDestinationDependencies } from '@segment/browser-destination-runtime/types'
import { UserlikeError } from '../userlike-error'

/** No page waits longer than this for the widget: analytics-next holds `ready()` until `initialize` settles. */
export const WIDGET_LOAD_TIMEOUT_MS = 10_000

const WIDGET_HOST = 'userlike-cdn-widgets.s3-eu-west-1.amazonaws.com'
const WIDGET_UNAVAILABLE = '; live chat is off on this page, and analytics goes on without it.'

/** Where Userlike has served widget scripts: the current host, and the path form older snippets use. */
const WIDGET_SCRIPT_LOCATIONS: ReadonlyArray<{ host: string; path: (key: string) => string }> = [
  { host: WIDGET_HOST, path: (key) => `/${key}.js` },
  { host: 's3-eu-west-1.amazonaws.com', path: (key) => `/userlike-cdn-widgets/${key}.js` }
]

/** The widget script for a key that `parseSecretKey` accepted. */
export function widgetScriptUrl(secretKey: string): string {
  return `https://${WIDGET_HOST}/${secretKey}.js`
}

/** True when the page already has this widget's script, in any form Userlike has served it (the site's own snippet). */
export function hasWidgetScript(secretKey: string): boolean {
  return Array.from(document.scripts).some((script) => {
    const url = parseUrl(script.src)
    return (
      url !== undefined &&
      WIDGET_SCRIPT_LOCATIONS.some(({ host, path }) => url.hostname === host && url.pathname === path(secretKey))
    )
  })
}

/**
 * Loads the widget script once per page, and settles within `WIDGET_LOAD_TIMEOUT_MS` whatever the network does.
 */
export async function loadWidgetScript(
  secretKey: string,
  loadScript: BrowserDestinationDependencies['loadScript']
): Promise<void> {
  if (hasWidgetScript(secretKey)) return

  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    const problem = `did not load within ${WIDGET_LOAD_TIMEOUT_MS / 1000} s`
    timer = setTimeout(
      () => reject(new UserlikeError(`the widget script ${problem}${WIDGET_UNAVAILABLE}`)),
      WIDGET_LOAD_TIMEOUT_MS
    )
  })
  const load = loadScript(widgetScriptUrl(secretKey)).catch((cause: unknown) => {
    const problem = 'could not be loaded (unknown key, network error, ad blocker or Content-Security-Policy)'
    throw new UserlikeError(`the widget script ${problem}${WIDGET_UNAVAILABLE}`, { cause })
  })
  try {
    await Promise.race([load, timeout])
  } finally {
    clearTimeout(timer)
  }
}

function parseUrl(src: string): URL | undefined {
  try {
    return new URL(src)
  } catch {
    return undefined
  }
}
