/**
 * The esbuild options of every build of a destination, in one place: scripts/build.mjs builds this package with
 * them, and the benchmark (bench/) builds its floor destination with the very same ones, so that the two are
 * measured alike.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { minify } from 'terser'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * esbuild's `__export` helper, which builds every module namespace object: `for (var name in all) __defProp(...)`.
 * `for...in` also walks enumerable properties an old library added to Object.prototype, and defining a getter from
 * a non-function throws ("Getter must be a function") when the script starts, on the host page.
 */
const EXPORT_HELPER =
  /for ?\(var (\w+) in (\w+)\)(\s*)([\w$]+)\(([\w$]+), ?\1, ?\{ ?get: ?\2\[\1\], ?enumerable: ?(?:true|!0) ?\}\)/g

/**
 * Makes the `__export` helper take only the module's own exports, so that no script this package ships throws on a
 * page whose Object.prototype an old library extended. Works on the output: esbuild has no option for its helpers.
 */
function ownExports(text) {
  return text.replace(
    EXPORT_HELPER,
    (_match, key, all, space, define, target) =>
      `for(var ${key} in ${all})${space}Object.prototype.hasOwnProperty.call(${all},${key})&&` +
      `${define}(${target},${key},{get:${all}[${key}],enumerable:!0})`
  )
}

/**
 * A plugin that passes each output file's text through `rewrites` (text in, text out, in order) before it is written:
 * the build writes nothing itself, and this plugin writes the rewritten files (or hands them back with
 * `write: false`).
 */
function rewriteOutput(name, ...rewrites) {
  return {
    name,
    setup(build) {
      const write = build.initialOptions.write !== false
      build.initialOptions.write = false
      build.onEnd(async (result) => {
        const files = result.outputFiles ?? []
        const rewritten = await Promise.all(
          files.map(async (file) => {
            let text = file.text
            for (const rewrite of rewrites) text = await rewrite(text, file.path)
            return text === file.text ? file : { path: file.path, contents: new TextEncoder().encode(text), text }
          })
        )
        files.splice(0, files.length, ...rewritten)
        if (!write) return
        await Promise.all(
          rewritten.map(async (file) => {
            await mkdir(path.dirname(file.path), { recursive: true })
            await writeFile(file.path, file.contents)
          })
        )
      })
    }
  }
}

/** Every script this package ships keeps the `__export` helper to own properties (`ownExports`). */
export const ownExportsOnly = rewriteOutput('own-exports-only', ownExports)

/**
 * The standalone script minified once more, by terser, after esbuild: its compressor folds what esbuild's leaves
 * (about 750 B gzipped less for this script, 500 B for the floor, measured when it came in). Safe transforms only
 * (terser's defaults), the same syntax level as the build's target, and the compile hint banner kept. Source maps
 * are not made for this script, so none goes stale.
 */
async function minifyAgain(text, file) {
  if (!file.endsWith('.js')) return text
  const { code } = await minify(text, {
    ecma: 2019,
    compress: { passes: 2 },
    format: { comments: /^# allFunctionsCalledOnLoad$/ }
  })
  if (code === undefined) throw new Error(`terser returned nothing for ${file}`)
  return code
}

/** Shared by every format. */
export const shared = {
  absWorkingDir: root,
  bundle: true,
  platform: 'browser',
  target: 'es2019',
  alias: { liquidjs: './build/liquid-stub.ts' },
  // `@segment/analytics-next` is only ever imported for its types.
  external: ['@segment/analytics-next'],
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [ownExportsOnly]
}

/**
 * ES modules: the runtime's plugin and mapping engine split into a lazily loaded chunk, and so is our start-up part
 * (`loadOnDemand`).
 */
export function esmOptions(entry, outdir) {
  return {
    ...shared,
    entryPoints: { index: entry },
    outdir,
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [...shared.plugins, loadOnDemand]
  }
}

/** `import * as namespace from './x'`, a whole line of a source file. */
const NAMESPACE_IMPORT = /^import \* as (\w+) from '(\.{1,2}\/[^'\n]+)'\n/gm

/**
 * src/ hands its start-up part to the runtime as `Promise.resolve(startUp)` of `import * as startUp from
 * './initialize'`: a static import, so that Segment's CDN build (webpack, one file per destination, which would merge
 * an `import()` into the chunk other destinations share) and the standalone script carry it in their one file. Here,
 * for bundler sites, each such `Promise.resolve(namespace)` becomes `import('./x')` (the same promise of the same
 * module namespace, the inverse of `hoistDynamicImports`), and the import line goes: the module loads on demand.
 * A namespace named anywhere else in the file would be lost with its import line: the build then fails and says so.
 */
const loadOnDemand = {
  name: 'load-on-demand',
  setup(build) {
    const src = path.join(root, 'src') + path.sep
    build.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => {
      if (!file.startsWith(src)) return undefined
      const source = await readFile(file, 'utf8')
      let contents = source
      for (const [line, namespace, specifier] of source.matchAll(NAMESPACE_IMPORT)) {
        const promised = new RegExp(`\\bPromise\\.resolve\\(${namespace}\\)`, 'g')
        if (!promised.test(contents)) continue
        contents = contents.replace(line, '').replace(promised, `import(${JSON.stringify(specifier)})`)
        if (new RegExp(`\\b${namespace}\\b`).test(contents)) {
          throw new Error(`${path.relative(root, file)} uses ${namespace} other than as Promise.resolve(${namespace})`)
        }
      }
      return contents === source ? undefined : { contents, loader: 'ts' }
    })
  }
}

/** One CommonJS file. */
export function cjsOptions(entry, outdir) {
  return { ...shared, entryPoints: { index: entry }, outdir, format: 'cjs', outExtension: { '.js': '.cjs' } }
}

/**
 * One minified script for a plain <script> tag; `name` is the output file's name without `.js`.
 * The banner is V8's explicit compile hint (Chromium 136+; a plain comment elsewhere): the script's functions are
 * compiled while it streams in, off the main thread, instead of one by one when `initialize` first calls them.
 * `npm run bench` measured `initialize` at about 1 ms less main-thread time with it.
 */
export function webOptions(entry, outdir, name) {
  return {
    ...shared,
    entryPoints: { [name]: entry },
    outdir,
    format: 'iife',
    minify: true,
    banner: { js: '//# allFunctionsCalledOnLoad' },
    plugins: [rewriteOutput('standalone-script', ownExports, minifyAgain), hoistDynamicImports]
  }
}

/** `import('./x')` (relative), with any comments inside the parentheses (the runtime's webpack hints). */
const RELATIVE_DYNAMIC_IMPORT = /\bimport\(\s*(?:\/\*[\s\S]*?\*\/\s*)*(['"])(\.{1,2}\/[^'"\n]+)\1\s*\)/g

/**
 * A single script cannot load anything lazily, so esbuild inlines each dynamically imported module behind a lazy
 * initialiser (a wrapper per module, `"use strict"` in each, an export table), which costs bytes and buys nothing.
 * This plugin turns every relative `import('./x')` into `Promise.resolve(namespace)` of a static
 * `import * as namespace from './x'`: the same promise of the same module namespace. The only difference is when
 * the modules' top-level code runs, at script start instead of first use; in this bundle that code only defines
 * constants and functions. Applies to our sources and the runtime's shim alike (the floor is built the same way).
 */
const hoistDynamicImports = {
  name: 'hoist-dynamic-imports',
  setup(build) {
    build.onLoad({ filter: /\.(ts|js|mjs)$/ }, async ({ path: file }) => {
      const source = await readFile(file, 'utf8')
      const specifiers = []
      const contents = source.replace(RELATIVE_DYNAMIC_IMPORT, (_match, _quote, specifier) => {
        specifiers.push(specifier)
        return `Promise.resolve(__hoisted${specifiers.length - 1})`
      })
      if (specifiers.length === 0) return undefined
      const imports = specifiers.map((specifier, i) => `import * as __hoisted${i} from ${JSON.stringify(specifier)};`)
      return { contents: `${imports.join('')}${contents}`, loader: file.endsWith('.ts') ? 'ts' : 'js' }
    })
  }
}
