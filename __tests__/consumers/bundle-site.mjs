/**
 * Bundles site-entry.js for the browser with the bundler named on the command line (esbuild, esbuild-split, vite,
 * webpack), resolving the package by its name as an installed dependency, with no Node polyfills or aliases. The
 * package is this checkout, or the directory given as a second argument (an unpacked `npm pack` tarball).
 * Prints { files: { name: code }, warnings: [text] } as JSON (every warning the bundler printed or would have
 * printed), or exits non-zero with the bundler's errors.
 */
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, symlinkSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '../..')
const site = mkdtempSync(path.join(tmpdir(), 'userlike-site-'))
mkdirSync(path.join(site, 'node_modules'))
const packageDir = path.resolve(process.argv[3] ?? repo)
symlinkSync(packageDir, path.join(site, 'node_modules', 'analytics-browser-actions-userlike'), 'dir')
copyFileSync(path.join(here, 'site-entry.js'), path.join(site, 'index.js'))
const out = path.join(site, 'out')
const warnings = []

async function esbuild(options) {
  const { build, formatMessages } = await import('esbuild')
  // logLevel silent: the warnings come back in the result and are reported in the JSON instead of on stderr.
  const result = await build({
    absWorkingDir: site,
    entryPoints: ['index.js'],
    bundle: true,
    platform: 'browser',
    outdir: out,
    logLevel: 'silent',
    ...options
  })
  warnings.push(...(await formatMessages(result.warnings, { kind: 'warning' })))
}

const bundlers = {
  esbuild: () => esbuild({ format: 'iife' }),
  // A site with code splitting (ES modules): esbuild then follows the package's lazy chunks as chunks of its own.
  'esbuild-split': () => esbuild({ format: 'esm', splitting: true }),
  async vite() {
    const { build } = await import('vite')
    const record = (message) => warnings.push(message)
    await build({
      root: site,
      logLevel: 'warn',
      customLogger: {
        info() {},
        warn: record,
        warnOnce: record,
        error: record,
        clearScreen() {},
        hasErrorLogged: () => false,
        hasWarned: false
      },
      configFile: false,
      build: { outDir: out, minify: false, rollupOptions: { input: path.join(site, 'index.js') } }
    })
  },
  async webpack() {
    const { default: webpack } = await import('webpack')
    const stats = await new Promise((resolve, reject) =>
      webpack(
        {
          context: site,
          mode: 'production',
          target: 'web',
          entry: './index.js',
          output: { path: out },
          optimization: { minimize: false }
        },
        (error, result) => (error ? reject(error) : resolve(result))
      )
    )
    if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }))
    if (stats.hasWarnings()) warnings.push(stats.toString({ all: false, warnings: true }))
  }
}

const bundler = bundlers[process.argv[2]]
if (!bundler) throw new Error(`unknown bundler ${process.argv[2]}`)
await bundler()

const files = {}
const collect = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) collect(file)
    else if (entry.name.endsWith('.js')) files[path.relative(out, file)] = readFileSync(file, 'utf8')
  }
}
collect(out)
process.stdout.write(JSON.stringify({ files, warnings }))
