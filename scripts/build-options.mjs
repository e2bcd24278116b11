/**
 * The esbuild options of every build of a destination, in one place: scripts/build.mjs builds this package with
 * them, and the benchmark (bench/) builds its floor destination with the very same ones, so that the two are
 * measured alike.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Shared by every format. */
export const shared = {
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

/** ES modules: the runtime's plugin and mapping engine split into a lazily loaded chunk. */
export function esmOptions(entry, outdir) {
  return {
    ...shared,
    entryPoints: { index: entry },
    outdir,
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]'
  }
}

/** One CommonJS file. */
export function cjsOptions(entry, outdir) {
  return { ...shared, entryPoints: { index: entry }, outdir, format: 'cjs', outExtension: { '.js': '.cjs' } }
}

/** One minified script for a plain <script> tag; `name` is the output file's name without `.js`. */
export function webOptions(entry, outdir, name) {
  return { ...shared, entryPoints: { [name]: entry }, outdir, format: 'iife', minify: true }
}
