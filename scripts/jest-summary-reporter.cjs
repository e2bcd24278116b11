/**
 * A jest reporter that writes the run's totals as one plain line, `tests: N passed, N failed, N skipped`, to
 * artifacts/test-summary.txt; .ci/run prints it last, so that a CI log ends with what ran in a form any reader
 * can parse (jest's own summary says "N passed, N total" and is followed by more lines).
 */
const { mkdirSync, writeFileSync } = require('node:fs')
const path = require('node:path')

class SummaryReporter {
  constructor(globalConfig) {
    this.file = path.join(globalConfig.rootDir, 'artifacts', 'test-summary.txt')
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    // A file that fails to run has no failed tests of its own; it counts as one failure.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites
    mkdirSync(path.dirname(this.file), { recursive: true })
    writeFileSync(this.file, `tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}

module.exports = SummaryReporter
