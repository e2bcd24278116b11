/**
 * `npm run bench`: builds the package and the floor destination (bench/floor, same esbuild options), then measures
 * bytes (bench/bytes.mjs) and main-thread time and memory in headless Chromium (bench/browser.mjs), prints one
 * table with each figure beside the floor's and whether each target holds, and writes the figures to
 * bench/results.json.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { root } from '../scripts/build-options.mjs'
import { measureBytes, targets as byteTargets } from './bytes.mjs'
import { measureBrowser } from './browser.mjs'

execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' })
const bytes = await measureBytes()
console.log('Measuring in headless Chromium…')
const browser = await measureBrowser()

const kb = (n) => `${(n / 1024).toFixed(2)} KB`
const signed = (difference, unit) => (difference < 0 ? `−${unit(-difference)}` : `+${unit(difference)}`)
const over = (ours, floor, unit) => `${signed(ours - floor, unit)} (×${(ours / floor).toFixed(2)})`
const ms = (n) => `${n.toFixed(2)} ms`
const us = (n) => `${n.toFixed(2)} µs`
const quartiles = (pair) => pair.map((q) => q.toFixed(2)).join(' to ')
const { ours, floor } = browser

const heapGrowth = Math.max(ours.heap.growth, ours.heapAbandoned.growth)
const targets = {
  webOverFloor: {
    holds: bytes.ours.web - bytes.floor.web <= byteTargets.webOverFloor,
    target: '≤ 2 KB over the floor'
  },
  eager: { holds: bytes.ours.eager < byteTargets.eager, target: '< 1.5 KB' },
  initialize: { holds: ours.initializeCpuOverFloorMs < 1, target: '< 1 ms over the floor' },
  event: { holds: ours.eventUs - floor.eventUs < 50, target: '< 50 µs over the floor' },
  heap: { holds: heapGrowth < 100 * 1024, target: '< 100 KB' }
}
const verdict = (key) => `${targets[key].target}: ${targets[key].holds ? 'holds' : 'DOES NOT HOLD'}`

const rows = [
  [
    'Standalone script (gzip)',
    kb(bytes.ours.web),
    kb(bytes.floor.web),
    over(bytes.ours.web, bytes.floor.web, kb),
    verdict('webOverFloor')
  ],
  [
    'Bundler site, eager (gzip)',
    kb(bytes.ours.eager),
    kb(bytes.floor.eager),
    over(bytes.ours.eager, bytes.floor.eager, kb),
    verdict('eager')
  ],
  [
    'Bundler site, lazy (gzip)',
    kb(bytes.ours.lazy),
    kb(bytes.floor.lazy),
    over(bytes.ours.lazy, bytes.floor.lazy, kb),
    ''
  ],
  [
    '`initialize` to ready, main-thread CPU time (median)',
    ms(ours.initializeCpuMs),
    ms(floor.initializeCpuMs),
    `${signed(ours.initializeCpuOverFloorMs, ms)} (median of paired differences; quartiles ${quartiles(ours.initializeCpuOverFloorQuartilesMs)})`,
    verdict('initialize')
  ],
  [
    '… the same, wall-clock time in the page',
    ms(ours.initializeMs),
    ms(floor.initializeMs),
    `${signed(ours.initializeOverFloorMs, ms)} (median of paired differences; quartiles ${quartiles(ours.initializeOverFloorQuartilesMs)})`,
    ''
  ],
  [
    'Widget event to `analytics.track` (median)',
    us(ours.eventUs),
    us(floor.eventUs),
    signed(ours.eventUs - floor.eventUs, us),
    verdict('event')
  ],
  [
    'Heap growth, 100 → 10,000 conversations',
    kb(ours.heap.growth),
    kb(floor.heap.growth),
    signed(ours.heap.growth - floor.heap.growth, kb),
    verdict('heap')
  ],
  [
    '… the same, conversations never ended',
    kb(ours.heapAbandoned.growth),
    kb(floor.heapAbandoned.growth),
    signed(ours.heapAbandoned.growth - floor.heapAbandoned.growth, kb),
    ''
  ]
]
const header = ['measure', 'Userlike', 'floor', 'over the floor', 'target']
const table = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n')
console.log(`\n${table}\n`)
console.log(`Widget script insertion (the browser starting the fetch, left out above): ${ms(ours.widgetFetchStartMs)}`)

const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  bytes,
  browser,
  targets: Object.fromEntries(Object.entries(targets).map(([key, { holds, target }]) => [key, { target, holds }])),
  table
}
writeFileSync(path.join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`)
console.log('Wrote bench/results.json')
// Targets are reported, not asserted: timings depend on the machine. The byte budgets are gated by `npm run size`.
