/**
 * The package as a site gets it today (it is not on a registry): `npm run build && npm pack`, then the tarball
 * installed. This runs `npm pack` for real, checks what the tarball holds, unpacks it where `npm install` would
 * (node_modules/<name>) and bundles a site against it: the dist/ files alone must be enough, with no warning.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const repo = path.resolve(__dirname, '../..')
const run = promisify(execFile)

beforeAll(() => {
  if (!existsSync(path.join(repo, 'dist/esm/index.mjs'))) {
    throw new Error('dist/ is missing: `npm test` builds it first; alone, run `npm run build`')
  }
})

describe('the package tarball (npm pack)', () => {
  it('holds the builds, their types, the README and package.json, and bundles into a site without a warning', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'userlike-pack-'))
    const { stdout } = await run('npm', ['pack', '--pack-destination', work, '--json'], {
      cwd: repo,
      maxBuffer: 16 * 1024 * 1024
    })
    const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>
    const files = packed.files.map((file) => file.path)
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'dist/esm/index.mjs',
        'dist/cjs/index.cjs',
        'dist/web/userlike-web.js',
        'dist/types/index.d.ts'
      ])
    )
    expect(files.filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md'].includes(file))).toEqual(
      []
    )

    // npm install unpacks the tarball's package/ directory into node_modules/<name>.
    const unpacked = path.join(work, 'unpacked')
    mkdirSync(unpacked)
    await run('tar', ['-xzf', path.join(work, packed.filename), '-C', unpacked])
    const installed = path.join(work, 'analytics-browser-actions-userlike')
    renameSync(path.join(unpacked, 'package'), installed)
    const bundled = await run(process.execPath, [path.join(__dirname, 'bundle-site.mjs'), 'esbuild-split', installed], {
      cwd: repo,
      maxBuffer: 64 * 1024 * 1024
    })
    const site = JSON.parse(bundled.stdout) as { files: Record<string, string>; warnings: string[] }
    expect(site.warnings).toEqual([])
    expect(Object.values(site.files).join('\n')).toContain('Userlike Web (Actions)')
  }, 60_000)
})
