/**
 * The benchmark's stand-in for Userlike's widget script, served for the real widget URL by Playwright routing (no
 * network). It starts the legacy API the destination talks to, keeps the main thread busy for `costMs` in one task
 * (what a page pays for the real widget), shows a chat button and marks it: `userlike-widget-start` when it starts
 * running, `userlike-button-ready` when the button is in the page. Then, in the same task, it calls the documented
 * ready callback `window.userlike.userlikeReady()` where one is set (the destination sets it; the snippet's page has
 * none). `userlike.userlikeStartChat()` marks `userlike-messenger-open`. `sizeKB` pads the script to a realistic size.
 */

/** The id of the stand-in's chat button, which the measures wait for. */
export const BUTTON_ID = 'userlike-button'
/** The mark the stand-in sets when asked to open the messenger (`userlike.userlikeStartChat()`). */
export const MESSENGER_OPEN_MARK = 'userlike-messenger-open'

/**
 * Defaults: 88 ms of main-thread time per page, HTTP Archive's average for Userlike's CDN origin (see
 * shared/reference/userlike-widget.md). No published size figure is at hand: 60 KB is an assumption (`--widget-kb`).
 */
export const WIDGET_DEFAULTS = { costMs: 88, sizeKB: 60, latencyMs: 80 }

/** The stand-in's source for a given cost, in ms of main-thread time, and size, in KB. */
export function widgetSource({ costMs, sizeKB }) {
  const code = `(function () {
  var start = performance.now()
  performance.mark('userlike-widget-start')
  window.benchWidgetRanAt = start
  window.userlike = {
    setData: function () {},
    userlikeUpdateAPI: function () {},
    userlikeStartChat: function () {
      performance.mark('${MESSENGER_OPEN_MARK}')
    }
  }
  while (performance.now() - start < ${Number(costMs)}) {}
  var button = document.createElement('button')
  button.id = '${BUTTON_ID}'
  button.textContent = 'Chat with us'
  button.style.cssText = 'position:fixed;right:16px;bottom:16px;padding:12px 18px;border-radius:24px'
  document.body.appendChild(button)
  performance.mark('userlike-button-ready')
  if (typeof window.userlike.userlikeReady === 'function') window.userlike.userlikeReady()
})()
`
  // A string the engine must scan, as it would the real widget's code; varied so that gzip cannot fold it away.
  const padding = Array.from({ length: Math.max(0, Math.round((sizeKB * 1024 - code.length) / 16)) }, (_, i) =>
    (i * 2654435761).toString(36).padStart(16, '0').slice(-16)
  ).join('')
  return `${code}window.benchWidgetPadding = '${padding}'\n`
}
