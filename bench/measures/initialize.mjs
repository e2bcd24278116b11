/**
 * `initialize` to ready: main-thread CPU time, ours beside the floor's, in pairs. Each side's page loads
 * analytics-next and its standalone script compiled cold (`freshScript`), collects garbage, waits for the page to
 * go quiet, then times from the factory call until every plugin has loaded, between two `performance.mark`s whose
 * thread CPU timestamps (`tts`) a Chromium trace records. The figure is the median of the pairs' differences.
 */
/* global window, document, requestIdleCallback -- in the page */
import { SECRET_KEY, WIDGET_URL, freshScript, median, quantile, timeForMore } from '../harness.mjs'

/** Pairs per trace (and per retry). */
const BATCH = 5

const SIDES = {
  ours: { script: '/dist/web/userlike-web.js', global: 'userlikeWebDestination' },
  floor: { script: '/floor.js', global: 'floorWebDestination' }
}

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
async function timeInitialize({ global, secretKey, id, widgetUrl }) {
  window.analytics = new window.BenchAnalytics({ writeKey: 'bench' })
  const factory = window[global]
  const isFloor = global === 'floorWebDestination'
  const subscriptions = isFloor
    ? [{ name: 'noop', partnerAction: 'noop', subscribe: 'type = "identify"', mapping: {}, enabled: true }]
    : factory.destination.presets.map((preset) => ({ ...preset, enabled: true }))
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
 * One side's page, with the destination registered and its widget started (timed: the marks are read from a trace
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
    widgetUrl: WIDGET_URL
  })
}

/**
 * Sample `id`'s figures from the trace, in ms: main-thread CPU time to ready (`ready`), in the insertion's idle
 * callbacks (`insert`), the two together (`cpu`, the verdict's), and wall-clock time to ready (`wall`).
 */
function figuresOf(events, id) {
  const marks = (name) =>
    events.filter((event) => event.name === `bench-${name}-${id}` && typeof event.tts === 'number')
  const [start, ready] = ['start', 'ready'].map((name) => {
    const [event] = marks(name)
    if (!event) throw new Error(`the trace has no thread time for bench-${name}-${id}`)
    return event
  })
  const ends = marks('insert-end')
  const insert = marks('insert-start').reduce((sum, begin, i) => sum + (ends[i].tts - begin.tts) / 1000, 0)
  const readyMs = (ready.tts - start.tts) / 1000
  return { ready: readyMs, insert, cpu: readyMs + insert, wall: (ready.ts - start.ts) / 1000 }
}

/**
 * `pairs` pairs after `warmUp` (or fewer if `until`, a Date.now() value, passes first; at least 10), the two sides
 * in alternating order. Per figure of `figuresOf`, each side's median and the median of the pairs' differences with its quartiles.
 */
export async function measureInitialize(harness, { pairs, warmUp, until, report }) {
  harness.setWidget({ costMs: 0, sizeKB: 0, latencyMs: 0 })
  await harness.fresh()
  const samples = []
  // Pairs run in batches: one trace per batch (starting and reading a trace costs more than a pair), and a batch
  // is what a crash or hang retries.
  let stepStarted = Date.now()
  for (let first = 0; first < warmUp + pairs && timeForMore(first, warmUp + 10, until, stepStarted); first += BATCH) {
    stepStarted = Date.now()
    const batch = Array.from({ length: Math.min(BATCH, warmUp + pairs - first) }, (_, j) => first + j)
    const label = `initialize, pairs ${first + 1} to ${first + batch.length}`
    const pairsOfBatch = await harness.sample(label, async (page) => {
      const browser = harness.browser()
      // Only user-timing marks: the trace's own cost stays off the renderer's main thread.
      await browser.startTracing(undefined, { categories: ['blink.user_timing'] })
      let trace
      try {
        for (const i of batch) {
          for (const side of i % 2 ? ['ours', 'floor'] : ['floor', 'ours'])
            await runSide(harness, page, side, `${side}-${i}`)
        }
      } finally {
        trace = await browser.stopTracing()
      }
      const events = JSON.parse(trace.toString('utf8')).traceEvents
      return batch.map((i) => ({ ours: figuresOf(events, `ours-${i}`), floor: figuresOf(events, `floor-${i}`) }))
    })
    samples.push(...pairsOfBatch.filter((_, j) => batch[j] >= warmUp))
    report(`initialize: ${samples.length}/${pairs} pairs`)
  }
  const summary = (key) => {
    const differences = samples.map((pair) => pair.ours[key] - pair.floor[key])
    return {
      ours: median(samples.map((pair) => pair.ours[key])),
      floor: median(samples.map((pair) => pair.floor[key])),
      overFloor: median(differences),
      quartiles: [quantile(differences, 0.25), quantile(differences, 0.75)]
    }
  }
  return {
    pairs: samples.length,
    cpuMs: summary('cpu'),
    readyCpuMs: summary('ready'),
    insertCpuMs: summary('insert'),
    wallMs: summary('wall'),
    ...(process.env.BENCH_SAMPLES ? { samples } : {})
  }
}
