/**
 * A jest reporter that prints, for the browser tests, one line as each test starts and one as it ends:
 *   ▶ browser  live-chat.test.ts › the demo shop in Chromium, ... › delivers the four Live Chat events ...
 *   ✓ browser  live-chat.test.ts › ... (3.2 s)
 * so that a slow or hanging run on a loaded machine says which scenario it is in (jest's default reporter
 * names a test only after its whole file has finished). Unit tests are many and fast; they stay quiet.
 */
const path = require('node:path')

const MARKS = { passed: '✓', failed: '✕', skipped: '-', pending: '-', todo: '-' }

class ScenarioReporter {
  constructor(globalConfig, options = {}) {
    this.projects = new Set(options.projects ?? ['browser'])
  }

  /** `browser  file › describe › test`, or undefined for a test of a quiet project. */
  name(test, info) {
    const project = test.context.config.displayName?.name
    if (!this.projects.has(project)) return undefined
    return `${project}  ${[path.basename(test.path), ...info.ancestorTitles, info.title].join(' › ')}`
  }

  /** A file's start: its beforeAll hooks (where some files drive the page for all their tests) run after this. */
  onTestStart(test) {
    const project = test.context.config.displayName?.name
    if (this.projects.has(project)) process.stderr.write(`▶ ${project}  ${path.basename(test.path)}: starting\n`)
  }

  onTestCaseStart(test, info) {
    const name = this.name(test, info)
    if (name) process.stderr.write(`▶ ${name}\n`)
  }

  onTestCaseResult(test, result) {
    const name = this.name(test, result)
    if (!name) return
    const seconds = result.duration == null ? '' : ` (${(result.duration / 1000).toFixed(1)} s)`
    process.stderr.write(`${MARKS[result.status] ?? result.status} ${name}${seconds}\n`)
  }
}

module.exports = ScenarioReporter
