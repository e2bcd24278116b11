/**
 * `npm run size`: the size budget, checked in CI. Builds the package (unless `--no-build`) and the floor, measures
 * the gzipped bytes with the benchmark's own module (bench/bytes.mjs), prints them, and with `--check` exits
 * non-zero when a budget does not hold.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { root } from '../scripts/build-options.mjs'
import { checkBudgets, measureBytes } from './bytes.mjs'

const args = new Set(process.argv.slice(2))
if (!args.has('--no-build')) {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' })
}
const bytes = await measureBytes()
const checks = checkBudgets(bytes)
for (const { name, value, budget, target, holds, meetsTarget } of checks) {
  const goal = meetsTarget ? `target ${target} B met` : `target ${target} B not met yet`
  console.log(`${holds ? 'ok  ' : 'FAIL'} ${name}: ${value} B gzipped (budget ${budget} B; ${goal})`)
}
if (args.has('--check') && checks.some(({ holds }) => !holds)) {
  console.error('Size budget exceeded; see bench/bytes.mjs for the budgets and `npm run bench` for the details.')
  process.exit(1)
}
