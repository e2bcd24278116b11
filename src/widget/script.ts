import type { BrowserDestinationDependencies } from '@segment/browser-destination-runtime/types'
import { reportError, userlikeError } from '../userlike-error'

/** No page waits longer than this for the widget: analytics-next holds `ready()` until `initialize` settles. */
export const WIDGET_LOAD_TIMEOUT_MS = 10_000

const WIDGET_HOST = 'userlike-cdn-widgets.s3-eu-west-1.amazonaws.com'

/** The widget script for a key that `parseSecretKey` accepted. */
export function widgetScriptUrl(secretKey: string): string {
  return `https://${WIDGET_HOST}/${secretKey}.js`
}

/** True when the page already has this widget's script, in any form Userlike has served it (the site's own snippet). */
export function hasWidgetScript(secretKey: string): boolean {
  // `src` is the resolved address (lower-case host): compared without scheme, query and fragment, it must be the
  // current host's path or the path form older snippets use.
  const locations = [
    `//${WIDGET_HOST}/${secretKey}.js`,
    `//s3-eu-west-1.amazonaws.com/userlike-cdn-widgets/${secretKey}.js`
  ]
  return [...document.scripts].some(({ src }) => locations.includes(src.replace(/^https?:|[?#].*/g, '')))
}

/**
 * Loads the widget script once per page, and settles within `WIDGET_LOAD_TIMEOUT_MS` whatever the network does.
 */
export async function loadWidgetScript(
  secretKey: string,
  loadScript: BrowserDestinationDependencies['loadScript']
): Promise<void> {
  if (hasWidgetScript(secretKey)) return

  // A widget that throws while it starts raises a window error in the same task as its load event (muted, with
  // no file name, across origins); the timer forgets errors from earlier tasks, which are other scripts'.
  let startError: ErrorEvent | undefined
  const onError = (event: ErrorEvent): void => {
    startError = event
    setTimeout(() => (startError = undefined))
  }
  addEventListener('error', onError)

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(widgetUnavailable(`did not load within ${WIDGET_LOAD_TIMEOUT_MS / 1000} s`)),
      WIDGET_LOAD_TIMEOUT_MS
    )
    void loadScript(widgetScriptUrl(secretKey))
      .then(
        () => {
          if (startError)
            reportError('the widget script threw while starting; live chat may not work on this page.', startError)
          resolve()
        },
        (cause: unknown) =>
          reject(
            widgetUnavailable('could not be loaded (unknown key, network error, ad blocker or CSP)', {
              cause
            })
          )
      )
      .finally(() => {
        clearTimeout(timer)
        removeEventListener('error', onError)
      })
  })
}

function widgetUnavailable(problem: string, options?: { cause: unknown }): Error {
  return userlikeError(`the widget script ${problem}; live chat is off on this page, analytics goes on.`, options)
}
