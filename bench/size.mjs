/**
 * `npm run size`: the size gate, part of `npm test`. Builds both sides and measures their gzipped bytes
 * (bench/bytes.mjs), prints them against the targets of bench/targets.mjs and, with `--check`, exits non-zero
 * when a figure exceeds its gate.
 */
import { CLASSIC_INTEGRATION_BYTES, byteFigures, measureBytes } from './bytes.mjs'
import { targets, verdict } from './targets.mjs'

const args = new Set(process.argv.slice(2))
const bytes = await measureBytes()
const figures = byteFigures(bytes)
const failed = []
for (const [key, value] of Object.entries(figures)) {
  const { target, holds } = verdict(key, value)
  const { gate, unit, atMost } = targets[key]
  const withinGate = gate === undefined || value <= gate
  if (!withinGate) failed.push(key)
  const budget = gate === undefined || gate === atMost ? '' : `; not met yet, gated at ${gate} B`
  console.log(
    `${withinGate ? (holds ? 'ok  ' : 'MISS') : 'FAIL'} ${key}: ${value} ${unit} (target ${target}, ${atMost} B${budget})`
  )
}
console.log(
  `     standalone script: ${bytes.ours.web} B gzipped (floor ${bytes.floor.web} B; the classic integration ${CLASSIC_INTEGRATION_BYTES} B)`
)
if (args.has('--check') && failed.length > 0) {
  console.error(
    `Size budget exceeded: ${failed.join(', ')}. The budgets are in bench/targets.mjs; \`npm run bench\` shows the details.`
  )
  process.exit(1)
}
