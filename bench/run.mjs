/**
 * `npm run bench [-- --quick] [-- --widget-ms N --widget-kb N]`: builds the package and the floor destination
 * (bench/floor, same esbuild options) into bench/.build, measures bytes (bench/bytes.mjs) and, in headless Chromium over one page
 * harness (bench/harness.mjs), the measures of bench/measures/: per-event cost, heap, page load and `initialize`.
 * Prints progress to stderr, then the tables with each verdict from bench/targets.mjs, and writes
 * bench/results.json. Bounded: each measure stops sampling at its share of the time budget (3 minutes; `--quick`
 * about one). Method and how to read the figures: docs/benchmark.md.
 */
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { root } from '../scripts/build-options.mjs'
import { CLASSIC_INTEGRATION_BYTES, byteFigures, measureBytes } from './bytes.mjs'
import { progress, startHarness } from './harness.mjs'
import { initializeRoutes } from './sides.mjs'
import { measureBigTrait } from './measures/big-trait.mjs'
import { measureEvents } from './measures/events.mjs'
import { measureHeap } from './measures/heap.mjs'
import { measureInitialize } from './measures/initialize.mjs'
import { measurePageLoad, pageLoadProbes } from './measures/page-load.mjs'
import { VARIANTS, pageLoadRoutes } from './shop.mjs'
import { targets, verdict } from './targets.mjs'
import { WIDGET_DEFAULTS } from './widget.mjs'

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'widget-ms': { type: 'string', default: String(WIDGET_DEFAULTS.costMs) },
    'widget-kb': { type: 'string', default: String(WIDGET_DEFAULTS.sizeKB) }
  }
})
/** Sample counts, and when each measure stops sampling, in seconds from the start. */
const plan = options.quick
  ? { rounds: 3, pairs: 20, warmUp: 2, batches: 20, bigTraitRuns: 5, pageLoadUntilS: 25, initializeUntilS: 50 }
  : { rounds: 10, pairs: 120, warmUp: 5, batches: 30, bigTraitRuns: 15, pageLoadUntilS: 90, initializeUntilS: 150 }
const widget = { ...WIDGET_DEFAULTS, costMs: Number(options['widget-ms']), sizeKB: Number(options['widget-kb']) }
const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`
const report = (line) => progress(`[${elapsed()}] ${line}`)

report('building both sides into bench/.build and measuring bytes…')
const bytes = await measureBytes()
report('bytes measured; starting Chromium')

const harness = await startHarness({
  routes: { ...initializeRoutes, ...pageLoadRoutes() },
  widget,
  initScripts: [pageLoadProbes]
})
let events, heap, bigTrait, pageLoad, initialize
try {
  events = await measureEvents(harness, { batches: plan.batches, perBatch: 250 })
  report('per-event cost measured')
  heap = await measureHeap(harness)
  report('heap measured')
  bigTrait = await measureBigTrait(harness, { runs: plan.bigTraitRuns })
  report('identify with a 1 MB trait measured')
  harness.setWidget(widget)
  pageLoad = await measurePageLoad(harness, {
    rounds: plan.rounds,
    until: started + plan.pageLoadUntilS * 1000,
    report
  })
  initialize = await measureInitialize(harness, {
    pairs: plan.pairs,
    warmUp: plan.warmUp,
    until: started + plan.initializeUntilS * 1000,
    report
  })
} finally {
  await harness.close()
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`
const ms = (n) => `${n.toFixed(2)} ms`
const us = (n) => `${n.toFixed(2)} µs`
const signed = (difference, unit) => (difference < 0 ? `−${unit(-difference)}` : `+${unit(difference)}`)
const check = (key, value) => {
  const { target, holds } = verdict(key, value)
  return `${target}: ${holds ? 'holds' : 'DOES NOT HOLD'}`
}
const markdown = (header, rows) =>
  [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n')

const figures = byteFigures(bytes)
// Over the floor: the floor's own growth (V8's string table, code, GC timing) moves by 100 KB between runs.
const heapGrowth = Math.max(
  heap.ours.ended.growth - heap.floor.ended.growth,
  heap.ours.abandoned.growth - heap.floor.abandoned.growth
)
const overFloor = ({ overFloor, quartiles }) =>
  `${signed(overFloor, ms)} (median of ${initialize.pairs} paired differences; quartiles ${quartiles.map((q) => q.toFixed(2)).join(' to ')})`
const verdicts = {
  webOverFloor: verdict('webOverFloor', figures.webOverFloor),
  eager: verdict('eager', figures.eager),
  initialize: verdict('initialize', initialize.cpuMs.overFloor),
  event: verdict('event', events.oursUs - events.floorUs),
  heap: verdict('heap', heapGrowth),
  bigTrait: verdict('bigTrait', bigTrait.oursMs)
}
const codeTable = markdown(
  ['measure', 'Userlike', 'floor', 'over the floor', 'target'],
  [
    [
      `Standalone script (gzip; the classic integration: ${kb(CLASSIC_INTEGRATION_BYTES)})`,
      kb(bytes.ours.web),
      kb(bytes.floor.web),
      signed(figures.webOverFloor, kb),
      check('webOverFloor', figures.webOverFloor)
    ],
    ['Bundler site, eager (gzip)', kb(bytes.ours.eager), kb(bytes.floor.eager), '', check('eager', figures.eager)],
    [
      'Bundler site, lazy (gzip)',
      kb(bytes.ours.lazy),
      kb(bytes.floor.lazy),
      signed(bytes.ours.lazy - bytes.floor.lazy, kb),
      ''
    ],
    [
      'What `initialize` costs the page: main-thread CPU time',
      ms(initialize.cpuMs.ours),
      ms(initialize.cpuMs.floor),
      overFloor(initialize.cpuMs),
      check('initialize', initialize.cpuMs.overFloor)
    ],
    [
      '… of which to ready',
      ms(initialize.readyCpuMs.ours),
      ms(initialize.readyCpuMs.floor),
      overFloor(initialize.readyCpuMs),
      ''
    ],
    [
      '… of which inserting the widget script',
      ms(initialize.insertCpuMs.ours),
      ms(initialize.insertCpuMs.floor),
      overFloor(initialize.insertCpuMs),
      ''
    ],
    [
      '… to ready, wall-clock',
      ms(initialize.wallMs.ours),
      ms(initialize.wallMs.floor),
      overFloor(initialize.wallMs),
      ''
    ],
    [
      'Widget event to `analytics.track`, each in its own task (median)',
      us(events.oursUs),
      us(events.floorUs),
      signed(events.oursUs - events.floorUs, us),
      check('event', events.oursUs - events.floorUs)
    ],
    [
      '… a message event alone (no stored state)',
      us(events.oursMessageUs),
      us(events.floorMessageUs),
      signed(events.oursMessageUs - events.floorMessageUs, us),
      ''
    ],
    [
      '… a conversation in one burst (1,000 events in one task; no page does this)',
      us(events.oursBurstUs),
      us(events.floorBurstUs),
      signed(events.oursBurstUs - events.floorBurstUs, us),
      ''
    ],
    [
      `An identify with a 1 MB trait, in the destination's plugin (median of ${plan.bigTraitRuns})`,
      ms(bigTrait.oursMs),
      ms(bigTrait.floorMs),
      signed(bigTrait.oursMs - bigTrait.floorMs, ms),
      check('bigTrait', bigTrait.oursMs)
    ],
    [
      'Heap growth, 100 → 10,000 conversations',
      kb(heap.ours.ended.growth),
      kb(heap.floor.ended.growth),
      signed(heap.ours.ended.growth - heap.floor.ended.growth, kb),
      check('heap', heapGrowth)
    ],
    [
      '… then 9,900 more, never ended',
      kb(heap.ours.abandoned.growth),
      kb(heap.floor.abandoned.growth),
      signed(heap.ours.abandoned.growth - heap.floor.abandoned.growth, kb),
      ''
    ]
  ]
)

const variants = pageLoad.variants
const ratio = (value) => `×${value.toFixed(2)}`
const pageTable = markdown(
  ['page', '`load`', 'LCP', 'long tasks before `load`', 'widget ran before `load`', 'chat button ready'],
  VARIANTS.map(({ name, label }) => {
    const v = variants[name]
    const button =
      v.pressToOpenMs !== null
        ? `placeholder ${ms(v.placeholderMs)}; messenger open ${ms(v.pressToOpenMs)} after the press`
        : v.buttonAfterInteractionMs !== null
          ? `${ms(v.buttonAfterInteractionMs)} after the first interaction`
          : v.buttonMs !== null
            ? ms(v.buttonMs)
            : '—'
    return [
      label,
      `${ms(v.loadMs)} (${ratio(v.loadRatio)})`,
      `${ms(v.lcpMs)} (${ratio(v.lcpRatio)})`,
      ms(v.longTaskBeforeLoadMs),
      `${v.widgetBeforeLoad} of ${pageLoad.rounds}`,
      button
    ]
  })
)
const pageVerdicts = {
  defaultLoad: verdict('defaultLoad', variants.afterPageLoad.loadRatio),
  defaultLcp: verdict('defaultLcp', variants.afterPageLoad.lcpRatio),
  defaultWidgetBeforeLoad: verdict('defaultWidgetBeforeLoad', variants.afterPageLoad.widgetBeforeLoad),
  immediatelyVsSnippet: verdict(
    'immediatelyVsSnippet',
    Math.max(variants.immediately.loadMs / variants.snippet.loadMs, variants.immediately.lcpMs / variants.snippet.lcpMs)
  ),
  chatButtonLoad: verdict('chatButtonLoad', variants.onChatButton.loadRatio),
  chatButtonLcp: verdict('chatButtonLcp', variants.onChatButton.lcpRatio),
  chatButtonBeforePress: verdict(
    'chatButtonBeforePress',
    Math.max(variants.onChatButton.requestedBeforeInteraction, variants.onChatButton.widgetBeforeInteraction)
  ),
  chatButtonVsSnippet: verdict('chatButtonVsSnippet', pageLoad.placeholderAfterSnippetMs)
}
const said = ({ target, holds }) => `${target}: ${holds ? 'holds' : 'DOES NOT HOLD'}`
const chatButton = variants.onChatButton
const pageLines = [
  `Default mode (afterPageLoad): load ${ratio(variants.afterPageLoad.loadRatio)}, ${pageVerdicts.defaultLoad.target}: ${pageVerdicts.defaultLoad.holds ? 'holds' : 'DOES NOT HOLD'}; LCP ${ratio(variants.afterPageLoad.lcpRatio)}: ${pageVerdicts.defaultLcp.holds ? 'holds' : 'DOES NOT HOLD'}; widget before load in ${variants.afterPageLoad.widgetBeforeLoad} of ${pageLoad.rounds} pages, ${pageVerdicts.defaultWidgetBeforeLoad.target}: ${pageVerdicts.defaultWidgetBeforeLoad.holds ? 'holds' : 'DOES NOT HOLD'}`,
  `onFirstInteraction: Userlike's CDN asked before the first interaction in ${variants.onFirstInteraction.requestedBeforeInteraction} of ${pageLoad.rounds} pages`,
  `immediately against the snippet: load ${ratio(variants.immediately.loadMs / variants.snippet.loadMs)}, LCP ${ratio(variants.immediately.lcpMs / variants.snippet.lcpMs)}, ${pageVerdicts.immediatelyVsSnippet.target}: ${pageVerdicts.immediatelyVsSnippet.holds ? 'holds' : 'DOES NOT HOLD'}`,
  `onChatButton: load ${ratio(chatButton.loadRatio)}, ${said(pageVerdicts.chatButtonLoad)}; LCP ${ratio(chatButton.lcpRatio)}, ${said(pageVerdicts.chatButtonLcp)} (against afterPageLoad, which does the same before \`load\` without the placeholder: load ${ratio(pageLoad.placeholderOverDefault.loadRatio)}, LCP ${ratio(pageLoad.placeholderOverDefault.lcpRatio)}); Userlike's CDN asked before the press in ${chatButton.requestedBeforeInteraction} of ${pageLoad.rounds} pages, the widget ran in ${chatButton.widgetBeforeInteraction}, ${said(pageVerdicts.chatButtonBeforePress)}`,
  `onChatButton against the snippet: the placeholder at ${ms(chatButton.placeholderMs)} from navigation start, the snippet's button at ${ms(variants.snippet.buttonMs)} (each round's difference: ${signed(pageLoad.placeholderAfterSnippetMs, ms)}), ${said(pageVerdicts.chatButtonVsSnippet)}; from the press to the messenger open: ${ms(chatButton.pressToOpenMs)}`
]

const retries = harness.retries
console.log(`\n${codeTable}\n`)
console.log(
  `Page load, medians of ${pageLoad.rounds} rounds (×: median of each round's ratio to the page without Userlike); widget stand-in ${widget.costMs} ms, ${widget.sizeKB} KB, ${widget.latencyMs} ms away:\n`
)
console.log(`${pageTable}\n`)
for (const line of pageLines) console.log(line)
console.log(
  retries.length === 0
    ? 'Retries: none.'
    : `Retries: ${retries.length} (${retries.map(({ label, reason }) => `${label}: ${reason}`).join('; ')})`
)

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, loadAverage: os.loadavg() },
  options: { quick: options.quick, widget, plan },
  durationS: Math.round((Date.now() - started) / 1000),
  bytes: { ...bytes, classicIntegration: CLASSIC_INTEGRATION_BYTES },
  initialize,
  events,
  heap,
  bigTrait,
  pageLoad,
  retries,
  targets: Object.fromEntries(
    Object.entries({ ...verdicts, ...pageVerdicts }).map(([key, value]) => [
      key,
      { ...value, atMost: targets[key].atMost }
    ])
  ),
  tables: { code: codeTable, pageLoad: pageTable, pageLoadVerdicts: pageLines }
}
writeFileSync(path.join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`)
report('wrote bench/results.json')
// Targets are reported, not asserted: timings depend on the machine. The byte targets are gated by `npm run size`.
