/**
 * Bundles site-entry.js for the browser with the bundler named on the command line (esbuild, vite, webpack),
 * resolving the package by its name as an installed dependency, with no Node polyfills or aliases.
 * Prints { files: { name: code } } as JSON, or exits non-zero with the bundler's errors.
 */
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, symlinkSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '../..')
const site = mkdtempSync(path.join(tmpdir(), 'userlike-site-'))
mkdirSync(path.join(site, 'node_modules'))
symlinkSync(repo, path.join(site, 'node_modules', 'analytics-browser-actions-userlike'), 'dir')
copyFileSync(path.join(here, 'site-entry.js'), path.join(site, 'index.js'))
const out = path.join(site, 'out')

const bundlers = {
  async esbuild() {
    const { build } = await import('esbuild')
    await build({
      absWorkingDir: site,
      entryPoints: ['index.js'],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      outdir: out,
      logLevel: 'silent'
    })
  },
  async vite() {
    const { build } = await import('vite')
    await build({
      root: site,
      logLevel: 'silent',
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
    if (stats.hasErrors() || stats.hasWarnings()) {
      throw new Error(stats.toString({ all: false, errors: true, warnings: true }))
    }
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
process.stdout.write(JSON.stringify({ files }))
