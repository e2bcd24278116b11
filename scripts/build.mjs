/**
 * Builds the package:
 *   dist/esm   ES modules, the runtime's plugin and mapping engine split into a lazily loaded chunk
 *   dist/cjs   one CommonJS file
 *   dist/types declarations (tsc)
 *   dist/web/userlike-web.js   one minified script for a plain <script> tag, defining window.userlikeWebDestination
 * The runtime and actions-core's mapping engine are bundled in, with `liquidjs` aliased to src/liquid-stub.ts,
 * so a site's bundler needs neither liquidjs nor Node polyfills.
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dist = path.join(root, 'dist')

const shared = {
  absWorkingDir: root,
  bundle: true,
  platform: 'browser',
  target: 'es2019',
  alias: { liquidjs: './src/liquid-stub.ts' },
  // `@segment/analytics-next` is only ever imported for its types.
  external: ['@segment/analytics-next'],
  legalComments: 'none',
  logLevel: 'warning'
}

rmSync(dist, { recursive: true, force: true })

await Promise.all([
  build({
    ...shared,
    entryPoints: { index: 'src/index.ts' },
    outdir: 'dist/esm',
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]'
  }),
  build({
    ...shared,
    entryPoints: { index: 'src/index.ts' },
    outdir: 'dist/cjs',
    format: 'cjs',
    outExtension: { '.js': '.cjs' }
  }),
  build({
    ...shared,
    entryPoints: { 'userlike-web': 'src/web.ts' },
    outdir: 'dist/web',
    format: 'iife',
    minify: true
  })
])

execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit'
})
console.log('Built dist/esm, dist/cjs, dist/types and dist/web/userlike-web.js')
