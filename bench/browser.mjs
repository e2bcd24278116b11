/**
 * Main-thread time and memory of the standalone scripts in headless Chromium (playwright-core), ours beside the
 * floor's, in one run. Everything is served through `page.route` from a made-up origin: the page, a local
 * `@segment/analytics-next` bundle, the destination's script, and bench/widget-simulator.js for the widget URL.
 * Nothing reaches the network.
 */
/* global window, document, MutationObserver, Node, HTMLScriptElement -- in page.evaluate */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { root } from '../scripts/build-options.mjs'
import { artefacts } from './bytes.mjs'

const chromiumConfig = createRequire(import.meta.url)('../scripts/chromium.json')

// localhost is a secure context, as cross-origin isolation requires; page.route answers, nothing listens there.
const ORIGIN = 'http://localhost:8723'
const WIDGET_HOST = 'https://userlike-cdn-widgets.s3-eu-west-1.amazonaws.com/'
const SECRET_KEY = '0123456789abcdef'.repeat(4)
/** A cross-origin-isolated page, where `performance.now()` has 5 µs resolution instead of 100 µs. */
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
const CROSS_ORIGIN_OK = { 'Cross-Origin-Resource-Policy': 'cross-origin' }

/** What each side's page calls: its global factory, and the settings (with subscriptions) to call it with. */
const sides = {
  ours: { script: artefacts.ours.web, global: 'userlikeWebDestination' },
  floor: { script: artefacts.floor.web, global: 'floorWebDestination' }
}

async function analyticsBundle() {
  const result = await build({
    stdin: {
      contents: "import { Analytics } from '@segment/analytics-next'; window.BenchAnalytics = Analytics",
      resolveDir: root
    },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    minify: true,
    write: false,
    logLevel: 'warning'
  })
  return result.outputFiles[0].text
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || chromiumConfig.defaultPath,
    args: chromiumConfig.args
  })
}

/** A page with analytics-next loaded and an `Analytics` instance (no destinations) at `window.analytics`. */
async function openPage(browser, files) {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(WIDGET_HOST)) {
      return route.fulfill({ contentType: 'text/javascript', headers: CROSS_ORIGIN_OK, body: files.widget })
    }
    if (url === `${ORIGIN}/`) return route.fulfill({ contentType: 'text/html', headers: ISOLATED, body: files.html })
    if (url === `${ORIGIN}/analytics.js`)
      return route.fulfill({ contentType: 'text/javascript', body: files.analytics })
    for (const side of Object.keys(sides)) {
      if (url === `${ORIGIN}/${side}.js`) return route.fulfill({ contentType: 'text/javascript', body: files[side] })
    }
    return route.abort()
  })
  await page.goto(`${ORIGIN}/`)
  const isolated = await page.evaluate(() => {
    window.analytics = new window.BenchAnalytics({ writeKey: 'bench' })
    return window.crossOriginIsolated
  })
  if (!isolated) throw new Error('the bench page is not cross-origin isolated: timers would be coarse')
  const cdp = await context.newCDPSession(page)
  return { context, page, cdp }
}

/** Loads the side's standalone script. */
async function loadScript(page, side) {
  await page.evaluate(
    (src) =>
      new Promise((resolve, reject) => {
        const script = document.createElement('script')
        script.src = src
        script.onload = resolve
        script.onerror = reject
        document.head.append(script)
      }),
    `/${side}.js`
  )
}

/**
 * Calls the side's factory and registers its plugins with analytics, until every plugin has loaded (`initialize`
 * settled). Returns, in ms of wall-clock time taken in the page (`performance.now()`):
 * - `ms`: the destination's own work, without the widget: from the start until the page would go idle waiting for
 *   the widget's script (a MutationObserver sees the insertion; 20 microtask hops later everything queued has run),
 *   less the browser's own time to insert the script element and start its fetch (timed around `insertBefore`),
 *   plus from the end of the widget simulator's run to ready. Without a script insertion (the floor), the whole time.
 * - `fetchStartMs`: that insertion, which any way of loading the widget pays.
 * The probes (the MutationObserver, its hops and the `insertBefore` wrapper) run once before the clock starts.
 *
 * With `floorLoadsWidget`, the floor, once ready (after its clock has stopped), loads the same widget script the
 * way the runtime's `loadScript` inserts it, but bare (an element, its `src`, `insertBefore`, its load event), with
 * the probes still in place: so that a measure of the whole call (the main thread's CPU time, taken around it by
 * the caller) charges both sides the script's insertion, its arrival and the widget's run, and their difference
 * leaves them out as the wall-clock `ms` does. Both sides then let one task go by, for what ready queued.
 */
async function initialize(page, side, { floorLoadsWidget = false } = {}) {
  return page.evaluate(
    async ({ global, secretKey, widgetUrl, floorLoadsWidget }) => {
      let idleAt
      const observer = new MutationObserver(async () => {
        if (idleAt !== undefined) return
        idleAt = null
        for (let hop = 0; hop < 20; hop++) await Promise.resolve()
        idleAt = performance.now()
      })
      observer.observe(document.documentElement, { childList: true, subtree: true })
      let fetchStartMs = 0
      const insertBefore = Node.prototype.insertBefore
      Node.prototype.insertBefore = function (node, child) {
        const before = performance.now()
        try {
          return insertBefore.call(this, node, child)
        } finally {
          if (node instanceof HTMLScriptElement) fetchStartMs += performance.now() - before
        }
      }
      // The probes' own first run (compiling them, the first MutationObserver delivery, the hops) costs about
      // 0.25 ms that is the benchmark's, not the destination's, and only the side that inserts a script would pay
      // it. Run them once on a throw-away element, through the same paths, before the clock starts.
      const probe = document.createElement('i')
      document.body.insertBefore(probe, null)
      while (typeof idleAt !== 'number') await Promise.resolve()
      probe.remove()
      observer.takeRecords()
      idleAt = undefined
      const start = performance.now()
      const factory = window[global]
      const subscriptions =
        global === 'floorWebDestination'
          ? [{ name: 'noop', partnerAction: 'noop', subscribe: 'type = "identify"', mapping: {}, enabled: true }]
          : factory.destination.presets.map((preset) => ({ ...preset, enabled: true }))
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
      const ready = performance.now()
      if (floorLoadsWidget && idleAt === undefined) {
        await new Promise((resolve, reject) => {
          const script = document.createElement('script')
          script.src = widgetUrl
          script.onload = resolve
          script.onerror = reject
          const first = document.getElementsByTagName('script')[0]
          first.parentElement.insertBefore(script, first)
        })
        if (typeof window.benchWidgetRanAt !== 'number') throw new Error('the widget never ran on the floor')
        observer.disconnect()
        Node.prototype.insertBefore = insertBefore
        await new Promise((resolve) => setTimeout(resolve))
        return { ms: ready - start, fetchStartMs: 0 }
      }
      observer.disconnect()
      Node.prototype.insertBefore = insertBefore
      if (floorLoadsWidget) await new Promise((resolve) => setTimeout(resolve))
      const widgetRanAt = window.benchWidgetRanAt
      if (idleAt === undefined) return { ms: ready - start, fetchStartMs }
      if (typeof idleAt !== 'number' || typeof widgetRanAt !== 'number') throw new Error('the widget never ran')
      return { ms: idleAt - start - fetchStartMs + (ready - widgetRanAt), fetchStartMs }
    },
    {
      global: sides[side].global,
      secretKey: SECRET_KEY,
      widgetUrl: `${WIDGET_HOST}${SECRET_KEY}.js`,
      floorLoadsWidget
    }
  )
}

/** CPU time of the renderer's main thread so far, in ms (the Performance domain's `ThreadTime`, in seconds). */
async function threadTimeMs(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics')
  const threadTime = metrics.find(({ name }) => name === 'ThreadTime')
  if (!threadTime) throw new Error('this Chromium reports no ThreadTime metric')
  return threadTime.value * 1000
}

/**
 * The floor has no widget callback; its stand-in is the least a callback can do: hand the widget's event name to
 * analytics.track. `analytics.track` is replaced on both sides by a stub that counts calls and returns a settled
 * promise, so that what is timed ends at the call and does not include analytics-next's pipeline.
 */
async function prepareEvents(page, side) {
  await page.evaluate((isFloor) => {
    window.trackCalls = 0
    window.analytics.track = () => {
      window.trackCalls++
      return Promise.resolve()
    }
    if (isFloor) {
      window.userlikeTrackingEvent = (name) => {
        void window.analytics.track(name)
      }
    }
  }, side === 'floor')
}

/** Median per-event time (µs) of `batches` batches of `perBatch` conversations (4 events each, distinct ids). */
async function timeEvents(page, batches, perBatch) {
  return page.evaluate(
    ({ batches, perBatch }) => {
      const handler = window.userlikeTrackingEvent
      const global = { widget_id: 'bench' }
      const perEvent = []
      let chat = 0
      for (let b = 0; b < batches; b++) {
        const calls = []
        for (let c = 0; c < perBatch; c++) {
          chat++
          const session = { chat_id: chat, operator_id: 7, operator_name: 'Ada' }
          calls.push(
            ['chat_started', session],
            ['message_operator_terminating', session],
            ['message_client_terminating', session],
            ['chat_quit', session]
          )
        }
        const start = performance.now()
        for (const [name, session] of calls) handler(name, global, session)
        perEvent.push(((performance.now() - start) * 1000) / calls.length)
      }
      perEvent.sort((x, y) => x - y)
      return { median: perEvent[perEvent.length >> 1], trackCalls: window.trackCalls }
    },
    { batches, perBatch }
  )
}

/** Runs `count` conversations from `from` (each: start, two messages, end unless `abandon`), then GC and heap. */
async function heapAfter(page, cdp, from, count, abandon) {
  await page.evaluate(
    ({ from, count, abandon }) => {
      const handler = window.userlikeTrackingEvent
      for (let chat = from; chat < from + count; chat++) {
        const session = { chat_id: `chat-${chat}`, operator_id: 7, operator_name: 'Ada' }
        handler('chat_started', {}, session)
        handler('message_operator_terminating', {}, session)
        handler('message_client_terminating', {}, session)
        if (!abandon) handler('chat_quit', {}, session)
      }
    },
    { from, count, abandon }
  )
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  return usedSize
}

function median(values) {
  return quantile(values, 0.5)
}

/** The `q` quantile of `values`, interpolated between the two nearest ranks. */
function quantile(values, q) {
  const sorted = [...values].sort((x, y) => x - y)
  const rank = (sorted.length - 1) * q
  const below = Math.floor(rank)
  return sorted[below] + (sorted[Math.min(below + 1, sorted.length - 1)] - sorted[below]) * (rank - below)
}

/**
 * Everything measured in the browser, for both sides: `initializeMs` (factory to every plugin loaded, main-thread
 * ms without the widget's network time) as the median over `pages` fresh pages each, and for ours
 * `initializeOverFloorMs`, the median of the `pages` paired differences (with their quartiles),
 * `event` (µs per widget event, median of batches), `heap` (bytes after 100 and 10,000 conversations).
 */
export async function measureBrowser({ pages = 100, warmUpPairs = 5, batches = 60, perBatch = 250 } = {}) {
  const files = {
    html: '<!doctype html><html><head><script src="/analytics.js"></script></head><body></body></html>',
    analytics: await analyticsBundle(),
    widget: readFileSync(path.join(root, 'bench/widget-simulator.js'), 'utf8'),
    ours: readFileSync(sides.ours.script, 'utf8'),
    floor: readFileSync(sides.floor.script, 'utf8')
  }
  const browser = await launch()
  try {
    const samples = { ours: [], floor: [] }
    const differences = []
    const cpuSamples = { ours: [], floor: [] }
    const cpuDifferences = []
    const fetchStart = []
    // Pairs: one fresh page per side, back to back, in alternating order, so that both sides of a pair see the same
    // machine; the figure is the median of the pairs' differences, which cancels what the machine does meanwhile.
    // The first pairs warm the browser up and do not count.
    for (let i = 0; i < warmUpPairs + pages; i++) {
      const pair = {}
      for (const side of i % 2 ? ['ours', 'floor'] : ['floor', 'ours']) {
        const { context, page, cdp } = await openPage(browser, files)
        await loadScript(page, side)
        await cdp.send('Performance.enable')
        const cpuBefore = await threadTimeMs(cdp)
        const { ms, fetchStartMs } = await initialize(page, side, { floorLoadsWidget: true })
        pair.cpu = { ...pair.cpu, [side]: (await threadTimeMs(cdp)) - cpuBefore }
        pair[side] = ms
        if (side === 'ours') pair.fetchStartMs = fetchStartMs
        await context.close()
      }
      if (i < warmUpPairs) continue
      samples.ours.push(pair.ours)
      samples.floor.push(pair.floor)
      differences.push(pair.ours - pair.floor)
      cpuSamples.ours.push(pair.cpu.ours)
      cpuSamples.floor.push(pair.cpu.floor)
      cpuDifferences.push(pair.cpu.ours - pair.cpu.floor)
      fetchStart.push(pair.fetchStartMs)
    }

    const result = {}
    for (const side of Object.keys(sides)) {
      const { context, page } = await openPage(browser, files)
      await loadScript(page, side)
      await initialize(page, side)
      await prepareEvents(page, side)
      await timeEvents(page, 5, perBatch) // warm-up: the JIT settles
      const events = await timeEvents(page, batches, perBatch)
      if (events.trackCalls === 0) throw new Error(`${side}: no widget event reached analytics.track`)
      result[side] = {
        initializeCpuMs: median(cpuSamples[side]),
        initializeMs: median(samples[side]),
        ...(side === 'ours'
          ? {
              initializeCpuOverFloorMs: median(cpuDifferences),
              initializeCpuOverFloorQuartilesMs: [quantile(cpuDifferences, 0.25), quantile(cpuDifferences, 0.75)],
              initializeOverFloorMs: median(differences),
              initializeOverFloorQuartilesMs: [quantile(differences, 0.25), quantile(differences, 0.75)],
              widgetFetchStartMs: median(fetchStart),
              // BENCH_SAMPLES=1 keeps every pair, to look at the spread.
              ...(process.env.BENCH_SAMPLES ? { samples, cpuSamples } : {})
            }
          : {}),
        eventUs: events.median
      }
      await context.close()
    }

    for (const side of Object.keys(sides)) {
      for (const abandon of [false, true]) {
        const { context, page, cdp } = await openPage(browser, files)
        await loadScript(page, side)
        await initialize(page, side)
        await prepareEvents(page, side)
        const after100 = await heapAfter(page, cdp, 0, 100, abandon)
        const after10000 = await heapAfter(page, cdp, 100, 9900, abandon)
        result[side][abandon ? 'heapAbandoned' : 'heap'] = { after100, after10000, growth: after10000 - after100 }
        await context.close()
      }
    }
    return result
  } finally {
    await browser.close()
  }
}
