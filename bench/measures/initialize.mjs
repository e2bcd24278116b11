/**
 * What `initialize` costs the page: main-thread CPU time, ours beside the floor's, in pairs. Each side's page
 * (bench/sides.mjs) registers the destination between `performance.mark`s; a Chromium trace records each mark's
 * thread CPU timestamp (`tts`). The figure is the median of the pairs' differences.
 */
import { median, quantile, timeForMore } from '../harness.mjs'
import { runSide } from '../sides.mjs'

/** Pairs per trace (and per retry). */
const BATCH = 5

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
