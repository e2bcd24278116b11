/**
 * Builds the package:
 *   dist/esm   ES modules, the runtime's plugin and mapping engine split into a lazily loaded chunk
 *   dist/cjs   one CommonJS file
 *   dist/types declarations (tsc)
 *   dist/web/userlike-web.js   one minified script for a plain <script> tag, defining window.userlikeWebDestination
 * The runtime and actions-core's mapping engine are bundled in, with `liquidjs` aliased to build/liquid-stub.ts,
 * so a site's bundler needs neither liquidjs nor Node polyfills.
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { cjsOptions, esmOptions, root, webOptions } from './build-options.mjs'

const dist = path.join(root, 'dist')

rmSync(dist, { recursive: true, force: true })

await Promise.all([
  build(esmOptions('src/index.ts', 'dist/esm')),
  build(cjsOptions('src/index.ts', 'dist/cjs')),
  build(webOptions('build/standalone.ts', 'dist/web', 'userlike-web'))
])

execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit'
})
console.log('Built dist/esm, dist/cjs, dist/types and dist/web/userlike-web.js')
