/**
 * Byte measurements shared by `npm run bench` and `npm run size`: gzipped sizes of the package's standalone
 * script and of what a bundler-based site pays eagerly and lazily for the ESM build, beside the same figures for
 * the floor destination (bench/floor). Both are built here, into bench/.build, with the package's own esbuild
 * options (scripts/build-options.mjs): the same bytes as `npm run build` writes to dist/, without its type
 * declarations, whose tsc run would cost the bench half a minute on a loaded machine.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { esmOptions, root, webOptions } from '../scripts/build-options.mjs'

export const buildDir = path.join(root, 'bench/.build')

/** The artefacts measured for each side: its standalone script and its ESM entry. */
export const artefacts = {
  ours: {
    entries: { esm: 'src/index.ts', web: 'build/standalone.ts', name: 'userlike-web' },
    web: path.join(buildDir, 'ours/web/userlike-web.js'),
    esm: path.join(buildDir, 'ours/esm/index.mjs')
  },
  floor: {
    entries: { esm: 'bench/floor/index.ts', web: 'bench/floor/web.ts', name: 'floor-web' },
    web: path.join(buildDir, 'floor/web/floor-web.js'),
    esm: path.join(buildDir, 'floor/esm/index.mjs')
  }
}

/** gzip at the highest level, as a CDN or a size budget would count it. */
export function gzipSize(bytes) {
  return gzipSync(bytes, { level: 9 }).length
}

/**
 * Builds both sides, ours and the floor, into bench/.build/<side> with the package's build options. Each side gets
 * the package's `sideEffects` list, rewritten from dist/ to its own folder, so that a bundler treats its chunks as it
 * treats the published package's (otherwise the repository's package.json, which names only dist/, would apply).
 */
export async function buildSides() {
  const { sideEffects } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
  const packageJson = JSON.stringify({ sideEffects: sideEffects.map((file) => file.replace('./dist/', './')) })
  await Promise.all(
    Object.entries(artefacts).map(async ([side, { entries }]) => {
      const out = path.join(buildDir, side)
      rmSync(out, { recursive: true, force: true })
      mkdirSync(out, { recursive: true })
      writeFileSync(path.join(out, 'package.json'), packageJson)
      await Promise.all([
        build(esmOptions(entries.esm, path.join(out, 'esm'))),
        build(webOptions(entries.web, path.join(out, 'web'), entries.name))
      ])
    })
  )
}

/**
 * Bundles a one-line site (`import userlike from '<esm entry>'; window.x = userlike`) with esbuild, code splitting
 * and minification on, and splits the output into what the page loads at once (the entry chunk and everything
 * it imports statically) and what it loads on demand (the dynamically imported chunks).
 */
export async function consumerCost(name, esmEntry) {
  const dir = path.join(buildDir, `consumer-${name}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'site.js'), `import userlike from ${JSON.stringify(esmEntry)}; window.x = userlike\n`)
  const result = await build({
    absWorkingDir: dir,
    entryPoints: ['site.js'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    splitting: true,
    minify: true,
    metafile: true,
    outdir: path.join(dir, 'out'),
    logLevel: 'warning'
  })
  const outputs = result.metafile.outputs
  const js = Object.keys(outputs).filter((file) => file.endsWith('.js'))
  const entry = js.find((file) => outputs[file].entryPoint !== undefined)
  const eager = new Set()
  const visit = (file) => {
    if (eager.has(file)) return
    eager.add(file)
    for (const { path: imported, kind } of outputs[file].imports) if (kind === 'import-statement') visit(imported)
  }
  visit(entry)
  const size = (files) => files.reduce((sum, file) => sum + gzipSize(readFileSync(path.join(dir, file))), 0)
  return { eager: size([...eager]), lazy: size(js.filter((file) => !eager.has(file))) }
}

/** Every byte figure of one side: `web` (standalone script), `eager` and `lazy` (bundler-based site), gzipped. */
export async function measureSide(name) {
  const { web, esm } = artefacts[name]
  return { web: gzipSize(readFileSync(web)), ...(await consumerCost(name, esm)) }
}

/** Builds both sides and measures them. */
export async function measureBytes() {
  await buildSides()
  const [ours, floor] = await Promise.all([measureSide('ours'), measureSide('floor')])
  return { ours, floor }
}

/**
 * The standalone script of Segment's classic analytics.js Userlike integration, gzipped: the figure this project is
 * compared with (issue 13), printed beside ours.
 */
export const CLASSIC_INTEGRATION_BYTES = 15122

/** The gated byte figures, keyed as in bench/targets.mjs. */
export function byteFigures({ ours, floor }) {
  return { webOverFloor: ours.web - floor.web, eager: ours.eager }
}
