import type { BrowserDestinationDependencies } from '@segment/browser-destination-runtime/types'
import { userlikeError } from '../userlike-error'

/** No page waits longer than this for the widget: analytics-next holds `ready()` until `initialize` settles. */
export const WIDGET_LOAD_TIMEOUT_MS = 10_000

const WIDGET_HOST = 'userlike-cdn-widgets.s3-eu-west-1.amazonaws.com'

/** The widget script for a key that `parseSecretKey` accepted. */
export function widgetScriptUrl(secretKey: string): string {
  return `https://${WIDGET_HOST}/${secretKey}.js`
}

/** True when the page already has this widget's script, in any form Userlike has served it (the site's own snippet). */
export function hasWidgetScript(secretKey: string): boolean {
  // Host and path: the current host, and the path form older snippets use.
  const locations = [
    `${WIDGET_HOST}/${secretKey}.js`,
    `s3-eu-west-1.amazonaws.com/userlike-cdn-widgets/${secretKey}.js`
  ]
  for (const { src } of document.scripts) {
    // Only an address that contains the key can be this widget's: the page's other scripts are not parsed.
    const url = src.includes(secretKey) ? parseUrl(src) : undefined
    if (url && locations.includes(url.hostname + url.pathname)) return true
  }
  return false
}

/**
 * Loads the widget script once per page, and settles within `WIDGET_LOAD_TIMEOUT_MS` whatever the network does.
 */
export async function loadWidgetScript(
  secretKey: string,
  loadScript: BrowserDestinationDependencies['loadScript']
): Promise<void> {
  if (hasWidgetScript(secretKey)) return

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(widgetUnavailable(`did not load within ${WIDGET_LOAD_TIMEOUT_MS / 1000} s`)),
      WIDGET_LOAD_TIMEOUT_MS
    )
    void loadScript(widgetScriptUrl(secretKey))
      .then(
        () => resolve(),
        (cause: unknown) =>
          reject(
            widgetUnavailable('could not be loaded (unknown key, network error, ad blocker or CSP)', {
              cause
            })
          )
      )
      .finally(() => clearTimeout(timer))
  })
}

function widgetUnavailable(problem: string, options?: { cause: unknown }): Error {
  return userlikeError(`the widget script ${problem}; live chat is off on this page, analytics goes on.`, options)
}

function parseUrl(src: string): URL | undefined {
  try {
    return new URL(src)
  } catch {
    return undefined
  }
}
