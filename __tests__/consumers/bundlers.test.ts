import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Plugin } from '@segment/analytics-next'
import { VALID_KEY, presetSubscriptions } from '../../src/test-utils'

const repo = path.resolve(__dirname, '../..')
const run = promisify(execFile)

type Bundler = 'esbuild' | 'esbuild-split' | 'vite' | 'webpack'

interface BundledSite {
  files: Record<string, string>
  /** Every warning the bundler printed: the site's only import is this package, so each one is ours. */
  warnings: string[]
}

/** The bundled site, built by `bundle-site.mjs` in a child process (Vite is ESM-only). */
async function bundle(bundler: Bundler): Promise<BundledSite> {
  const { stdout } = await run(process.execPath, [path.join(__dirname, 'bundle-site.mjs'), bundler], {
    cwd: repo,
    maxBuffer: 64 * 1024 * 1024
  })
  return JSON.parse(stdout) as BundledSite
}

async function bundleSite(bundler: Bundler): Promise<Record<string, string>> {
  return (await bundle(bundler)).files
}

beforeAll(() => {
  if (!existsSync(path.join(repo, 'dist/esm/index.mjs'))) {
    throw new Error('dist/ is missing: `npm test` builds it first; alone, run `npm run build`')
  }
})

describe('a site that bundles the package', () => {
  it.each(['esbuild', 'esbuild-split', 'vite', 'webpack'] as const)(
    'builds with %s for the browser without a warning, with no Node polyfills, liquidjs or server engine',
    async (bundler) => {
      const { files, warnings } = await bundle(bundler)
      // A site's build log must stay clean: e.g. esbuild's "Ignoring this import because ... was marked as having
      // no side effects" when package.json's sideEffects contradicts the package's own imports.
      expect(warnings).toEqual([])
      const code = Object.values(files).join('\n')
      expect(code).toContain('Userlike Web (Actions)')
      expect(code).not.toMatch(/require\(["'](events|liquidjs|util|buffer)["']\)/)
      // The server-side engine that the root of actions-core would pull in (its error types, fetch client).
      expect(code).not.toContain('IntegrationError')
      expect(code).not.toContain('cross-fetch')
    },
    60_000
  )

  it('runs: the bundled default export makes the plugins, and the named export is the definition', async () => {
    const files = await bundleSite('esbuild')
    ;(0, eval)(files['index.js'])
    const { factory, destination } = (window as unknown as { userlikeConsumer: Record<string, never> })
      .userlikeConsumer as unknown as {
      factory: (settings: unknown) => Promise<Plugin[]>
      destination: { slug: string }
    }
    expect(destination.slug).toBe('actions-userlike-web')
    const plugins = await factory({ secretKey: VALID_KEY, subscriptions: presetSubscriptions() })
    expect(plugins.map((plugin) => plugin.name)).toEqual(['Userlike Web (Actions) identifyVisitor'])
  }, 60_000)

  it('loads the runtime lazily: webpack puts the mapping engine in a chunk of its own', async () => {
    const files = await bundleSite('webpack')
    const [entry] = Object.entries(files).filter(([name]) => name === 'main.js')
    const lazy = Object.entries(files).filter(([name]) => name !== 'main.js')
    expect(entry[1]).not.toContain('parseFql')
    expect(lazy.some(([, code]) => code.includes('parseFql'))).toBe(true)
  }, 60_000)
})

describe('the CommonJS build', () => {
  it('can be required, with the factory as default and the definition named', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cjs = require(path.join(repo, 'dist/cjs/index.cjs')) as {
      default: { pluginName: string }
      destination: { name: string }
    }
    expect(cjs.default.pluginName).toBe('Userlike Web (Actions)')
    expect(cjs.destination.name).toBe('Userlike Web (Actions)')
  })
})
