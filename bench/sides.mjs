/**
 * The two sides every in-page measure compares, ours and the floor: a blank page per side with analytics-next and
 * the side's standalone script (compiled cold: `freshScript`), and `runSide`, which registers the destination in
 * it, timed between `performance.mark`s that the `initialize` measure reads from a trace.
 */
/* global window, document, requestIdleCallback -- in the page */
import { destination } from '../src/index.ts'
import { SECRET_KEY, WIDGET_URL, freshScript } from './harness.mjs'
import { BUTTON_ID } from './widget.mjs'

const SIDES = {
  ours: { script: '/dist/web/userlike-web.js', global: 'userlikeWebDestination' },
  floor: { script: '/floor.js', global: 'floorWebDestination' }
}

/** The server route of the sides' pages: `/initialize?side=ours|floor&sample=<id>`. */
export const initializeRoutes = {
  '/initialize': (url) => {
    const side = SIDES[url.searchParams.get('side')]
    const script = freshScript(side.script, url.searchParams.get('sample'))
    return {
      type: 'text/html',
      body: `<!doctype html><html><head><script src="/analytics.js"></script><script src="${script}"></script></head><body></body></html>`
    }
  }
}

/**
 * In the page: one timed run. Timed, between `performance.mark`s: from the factory call until every plugin has
 * loaded (`start`, `ready`), and each later idle callback (`insert-start`, `insert-end`): ours schedules the
 * widget itself (`loadWidget` default, `afterPageLoad`: the page has loaded, so when it is next idle) and inserts
 * it there. The floor, once ready, inserts the same script bare, as a site's own snippet would, between the same
 * marks. The time in between (waiting for idleness, the script's arrival and run) is not timed: the renderer does
 * other work then, which is not ours, and the widget's own cost is the page-load measure's. The sample ends once
 * the script is inserted (the next sample's navigation cancels its request).
 */
async function timeInitialize({ global, secretKey, id, widgetUrl, presets }) {
  window.analytics = new window.BenchAnalytics({ writeKey: 'bench' })
  const factory = window[global]
  const isFloor = global === 'floorWebDestination'
  const subscriptions = isFloor
    ? [{ name: 'noop', partnerAction: 'noop', subscribe: 'type = "identify"', mapping: {}, enabled: true }]
    : presets.map((preset) => ({ ...preset, enabled: true }))
  const inserted = new Promise((resolve) => {
    new PerformanceObserver((list, observer) => {
      if (list.getEntriesByName(`bench-insert-end-${id}`).length === 0) return
      observer.disconnect()
      resolve()
    }).observe({ type: 'mark' })
  })
  const timed = (run) => {
    performance.mark(`bench-insert-start-${id}`)
    try {
      return run()
    } finally {
      performance.mark(`bench-insert-end-${id}`)
    }
  }
  await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 100 }))
  const idle = window.requestIdleCallback
  window.requestIdleCallback = (callback, options) => idle((deadline) => timed(() => callback(deadline)), options)

  performance.mark(`bench-start-${id}`)
  const plugins = await factory({ secretKey, recordLiveChatEvents: true, subscriptions })
  // analytics-next starts a destination's load without waiting for it: wait for every plugin's load.
  const loads = []
  for (const plugin of plugins) {
    const load = plugin.load
    plugin.load = (...args) => {
      const loading = load.apply(plugin, args)
      loads.push(loading)
      return loading
    }
  }
  await window.analytics.register(...plugins)
  await Promise.all(loads)
  performance.mark(`bench-ready-${id}`)
  if (isFloor) {
    timed(() => {
      const script = document.createElement('script')
      script.src = widgetUrl
      document.head.appendChild(script)
    })
  }
  await inserted
}

/**
 * One side's page, with the destination registered and its widget script inserted (timed: the marks are read from a trace
 * by `measureInitialize`; the events and heap measures start from here too).
 */
export async function runSide(harness, page, side, id) {
  await page.goto(`${harness.origin}/initialize?side=${side}&sample=${id}`)
  const cdp = await harness.cdp()
  await cdp.send('HeapProfiler.collectGarbage')
  return page.evaluate(timeInitialize, {
    global: SIDES[side].global,
    secretKey: SECRET_KEY,
    id,
    widgetUrl: WIDGET_URL,
    // The standalone script defines only the plugin factory: the presets come from the package's definition.
    presets: destination.presets
  })
}

/** Resolves once the widget stand-in has run (its button is in the page): the events and heap measures start there. */
export function untilWidgetRan(page) {
  // Not `waitForSelector`, whose selector engine would add some 600 KB of Playwright's own to the page's heap.
  return page.waitForFunction((id) => document.getElementById(id) !== null, BUTTON_ID, { timeout: 15_000 })
}
