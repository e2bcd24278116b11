/**
 * The version every Live Chat event names in `context.integration` (initialize.ts) is this package's: a release
 * bumps package.json, and the package's `version` script writes the new version into src/version.ts. Here and in
 * Segment's monorepo alike, package.json sits beside src/ in the destination's folder.
 */
import { readFileSync } from 'fs'
import { join } from 'path'
import { PACKAGE_VERSION } from '../version'

describe('the version in context.integration', () => {
  it("is the package's version, as package.json beside src/ has it", () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }
    expect(PACKAGE_VERSION).toBe(version)
  })
})
