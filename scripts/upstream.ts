/**
 * `npm run upstream -- <path to an action-destinations checkout>`: writes this destination into Segment's monorepo as
 * packages/browser-destinations/destinations/userlike-web/, and nothing else there (docs/upstream.md):
 *   src/           this project's src/, copied as it is (its unit tests come along; the Chromium, property and
 *                  consumer tests stay in this repo)
 *   package.json   the monorepo's template: the runtime at the checkout's version, what src/ imports and nothing else
 *   tsconfig.json  the template's
 *   README.md      short, as the monorepo's destinations have it
 *   metadata.json  and the generated types: written by the checkout's own generators, then its Prettier over the folder
 * It refuses a path that is not such a checkout, one whose tools are not installed, and a folder of that name that is
 * another package's, and says why. It then names what the checkout's tools changed in src/ (nothing, while this repo's
 * generator and formatting agree with the monorepo's), and what to run next.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/** The destination's folder name in the monorepo, and its package name there (the template's pattern). */
const UPSTREAM_FOLDER = 'userlike-web'
const UPSTREAM_PACKAGE = `@segment/analytics-browser-actions-${UPSTREAM_FOLDER}`
const DESTINATIONS = 'packages/browser-destinations/destinations'
const RUNTIME = '@segment/browser-destination-runtime'
const ANALYTICS = '@segment/analytics-next'

const root = path.resolve(__dirname, '..')
const USAGE = `Usage: npm run upstream -- <path to a checkout of segmentio/action-destinations>

Writes this destination into the checkout as ${DESTINATIONS}/${UPSTREAM_FOLDER}/ (src/, package.json,
tsconfig.json, README.md, metadata.json) and touches nothing else there. The checkout must be installed and built
(\`yarn install && yarn build\` with Node 22, its .nvmrc): the export runs its own generators and Prettier.
docs/upstream.md says how to bring the destination upstream.`

/** A reason the export cannot go ahead: printed as it is, with no stack. */
class Refusal extends Error {}

interface Checkout {
  root: string
  runtimeVersion: string
}

/** The checkout at `dir`, or a refusal that says what is missing. */
function findCheckout(dir: string): Checkout {
  const at = path.resolve(dir)
  if (!existsSync(at) || !statSync(at).isDirectory()) throw new Refusal(`${at} is not a directory.`)
  const manifest = readJson(path.join(at, 'package.json'))
  if (manifest?.name !== 'action-destinations') {
    throw new Refusal(
      `${at} is not a checkout of segmentio/action-destinations: its package.json ${
        manifest ? `names "${String(manifest.name)}"` : 'is missing or unreadable'
      }, not "action-destinations".`
    )
  }
  const runtime = readJson(path.join(at, 'packages/browser-destination-runtime/package.json'))
  if (!existsSync(path.join(at, DESTINATIONS)) || typeof runtime?.version !== 'string') {
    throw new Refusal(
      `${at} is a checkout of action-destinations without ${DESTINATIONS}/ or packages/browser-destination-runtime/: ` +
        'check out the whole repository (or at least those two and what they build with).'
    )
  }
  if (!existsSync(path.join(at, 'bin/run'))) {
    throw new Refusal(`${at} has no bin/run (the monorepo's command line): check out the whole repository.`)
  }
  const missing = ['node_modules/.bin/prettier', 'packages/browser-destination-runtime/dist'].filter(
    (file) => !existsSync(path.join(at, file))
  )
  if (missing.length) {
    throw new Refusal(
      `${at} is not installed and built: it has no ${missing.join(' and no ')}. Run \`yarn install && yarn build\` ` +
        'there first, with Node 22 (its .nvmrc): the export writes metadata.json and the generated types with its ' +
        'own generators.'
    )
  }
  return { root: at, runtimeVersion: runtime.version }
}

/**
 * The packages src/ imports (its tests aside), each as the exported package.json declares it: the runtime as a
 * dependency at the checkout's version, analytics-next (types only) as this package's peer range. Anything else is a
 * refusal: a dependency the export does not know how to declare.
 */
function declaredPackages(runtimeVersion: string): {
  dependencies: Record<string, string>
  peerDependencies: Record<string, string>
} {
  const ours = readJson(path.join(root, 'package.json')) as { peerDependencies: Record<string, string> }
  const imported = new Set(
    sourceFiles(path.join(root, 'src'))
      .filter((file) => !isTestFile(file))
      .flatMap((file) => Array.from(readFileSync(file, 'utf8').matchAll(/\bfrom\s+'([^.'][^']*)'/g), ([, id]) => id))
      .map((id) =>
        id
          .split('/')
          .slice(0, id.startsWith('@') ? 2 : 1)
          .join('/')
      )
  )
  const dependencies: Record<string, string> = {}
  const peerDependencies: Record<string, string> = {}
  for (const name of [...imported].sort()) {
    if (name === RUNTIME) dependencies[name] = `^${runtimeVersion}`
    else if (name === ANALYTICS) peerDependencies[name] = ours.peerDependencies[ANALYTICS]
    else throw new Refusal(`src/ imports ${name}, which the export does not know how to declare in package.json.`)
  }
  return { dependencies, peerDependencies }
}

/** The exported package.json: the monorepo's template, this package's version and `version` script. */
function upstreamPackageJson(runtimeVersion: string): Record<string, unknown> {
  const ours = readJson(path.join(root, 'package.json')) as { version: string; scripts: Record<string, string> }
  return {
    name: UPSTREAM_PACKAGE,
    version: ours.version,
    license: 'MIT',
    repository: {
      type: 'git',
      url: 'https://github.com/segmentio/action-destinations',
      directory: `${DESTINATIONS}/${UPSTREAM_FOLDER}`
    },
    publishConfig: { access: 'public' },
    main: './dist/cjs',
    module: './dist/esm',
    scripts: {
      build: 'yarn build:esm && yarn build:cjs',
      'build:cjs': 'tsc --module commonjs --outDir ./dist/cjs',
      'build:esm': 'tsc --outDir ./dist/esm',
      // The monorepo's release (`lerna version`) runs it after bumping the version: src/version.ts, which
      // `context.integration.version` reads, follows.
      version: ours.scripts.version
    },
    typings: './dist/esm',
    ...declaredPackages(runtimeVersion)
  }
}

const TSCONFIG = {
  extends: '../../tsconfig.build.json',
  compilerOptions: { rootDir: './src', baseUrl: '.' },
  include: ['src'],
  // What the tests share (src/test-utils.ts, src/test-facts.ts) is not part of the package.
  exclude: ['dist', '**/__tests__', 'src/test-*.ts']
}

function readme(): string {
  return `# ${UPSTREAM_PACKAGE}

The Userlike Web (Actions) browser action destination for use with @segment/analytics-next. It loads the
[Userlike](https://www.userlike.com) chat widget without delaying the page (or only when a visitor reaches for the
chat), hands it the visitor Segment knows, opens the messenger, shows or hides its button and tells operators about
the visitor on mapped events, follows the visitor's consent, and can record the widget's chats as Segment's
[Live Chat](https://segment.com/docs/connections/spec/live-chat/) events, counted once per conversation.

## License

MIT License

Copyright (c) 2026 Segment

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.

## Contributing

All third party contributors acknowledge that any contributions they provide will be made under the same open source license that the open source project is provided under.
`
}

/** Writes the destination's folder into the checkout; returns the src/ files that the checkout's tools changed. */
function exportDestination(checkout: Checkout): string[] {
  const folder = path.join(checkout.root, DESTINATIONS, UPSTREAM_FOLDER)
  const relativeFolder = `${DESTINATIONS}/${UPSTREAM_FOLDER}`
  refuseOtherPackages(checkout.root, folder)
  const packageJson = upstreamPackageJson(checkout.runtimeVersion)

  // A folder written by an earlier export is replaced whole: a file src/ no longer has must not stay behind.
  rmSync(folder, { recursive: true, force: true })
  mkdirSync(folder, { recursive: true })
  cpSync(path.join(root, 'src'), path.join(folder, 'src'), { recursive: true })
  writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`)
  writeFileSync(path.join(folder, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`)
  writeFileSync(path.join(folder, 'README.md'), readme())

  run(checkout.root, process.execPath, ['bin/run', 'generate:types', '--path', `${relativeFolder}/src/index.ts`])
  run(checkout.root, process.execPath, ['bin/run', 'generate:metadata-payload', '--path', relativeFolder])
  run(checkout.root, path.join(checkout.root, 'node_modules/.bin/prettier'), ['--write', relativeFolder])

  const files = sourceFiles(path.join(folder, 'src'))
  const tests = files.filter(isTestFile).length
  console.log(`Wrote ${relativeFolder}/ in ${checkout.root}:`)
  console.log(`  src/            ${files.length} files (${tests} test files), copied from this project's src/`)
  console.log(
    `  package.json    ${UPSTREAM_PACKAGE}@${String(packageJson.version)}, ${RUNTIME} ^${checkout.runtimeVersion}`
  )
  console.log('  tsconfig.json   README.md')
  console.log(
    "  metadata.json   and the generated types, by the checkout's generators; then its Prettier over the folder"
  )
  return changedSources(path.join(folder, 'src'))
}

/** Files under `exported` that differ from this project's src/ (or that src/ does not have), relative to it. */
function changedSources(exported: string): string[] {
  const ours = path.join(root, 'src')
  return sourceFiles(exported)
    .map((file) => path.relative(exported, file))
    .filter((file) => {
      const original = path.join(ours, file)
      return !existsSync(original) || !readFileSync(original).equals(readFileSync(path.join(exported, file)))
    })
}

/** The folder is ours to write only where it is empty or holds this package; no other folder may hold it. */
function refuseOtherPackages(checkoutRoot: string, folder: string): void {
  const present = readJson(path.join(folder, 'package.json'))
  if (existsSync(folder) && present?.name !== UPSTREAM_PACKAGE) {
    throw new Refusal(
      `${folder} exists and is not ${UPSTREAM_PACKAGE} (${present ? `it is ${String(present.name)}` : 'no package.json'}): ` +
        'the export does not overwrite it.'
    )
  }
  for (const other of readdirSync(path.join(checkoutRoot, DESTINATIONS))) {
    const name = readJson(path.join(checkoutRoot, DESTINATIONS, other, 'package.json'))?.name
    if (other !== UPSTREAM_FOLDER && name === UPSTREAM_PACKAGE) {
      throw new Refusal(
        `${DESTINATIONS}/${other}/ already holds ${UPSTREAM_PACKAGE}: the export writes no second copy.`
      )
    }
  }
}

/** Runs one of the checkout's tools in it; its output is shown only when it fails. */
function run(cwd: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
  if (result.status === 0) return
  throw new Refusal(
    `\`${path.relative(cwd, command) || command} ${args.join(' ')}\` failed in ${cwd}` +
      `${result.error ? `: ${result.error.message}` : ` (exit ${String(result.status)})`}:\n${result.stdout}${result.stderr}`
  )
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch {
    return undefined
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => path.join(dir, file))
    .filter((file) => statSync(file).isFile())
    .sort()
}

function isTestFile(file: string): boolean {
  return file.split(path.sep).includes('__tests__') || /^test-[\w-]+\.ts$/.test(path.basename(file))
}

function nextSteps(checkoutRoot: string): string {
  const folder = `${DESTINATIONS}/${UPSTREAM_FOLDER}`
  return `Next, in ${checkoutRoot} (Node 22), the monorepo's own checks (docs/upstream.md has them with figures):
  yarn eslint '${folder}/**/*.ts'
  yarn prettier --check ${folder}
  (cd ${folder} && ../../../../node_modules/.bin/tsc --noEmit -p tsconfig.json)
  (cd packages/browser-destinations && yarn test destinations/${UPSTREAM_FOLDER}/)
  ./bin/run validate && ./bin/run validate-secret-fields -p ${folder}/src/index.ts
  bash scripts/assert-types-updated.sh && sh scripts/assert-metadata-payload.sh
  NODE_ENV=production yarn build:browser-bundles && yarn browser size
Then commit ${folder}/ on a branch of your fork and open the pull request with the description in docs/upstream.md.`
}

function main(argv: string[]): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    console.log(USAGE)
    return 0
  }
  if (argv.length !== 1) {
    console.error(`upstream: give the path of one action-destinations checkout.\n\n${USAGE}`)
    return 1
  }
  try {
    const checkout = findCheckout(argv[0])
    const changed = exportDestination(checkout)
    if (changed.length) {
      // The export is still right (written as the monorepo's tools write it), but no longer this repo's src/ as it is.
      console.warn(
        `The checkout's generators or Prettier changed ${changed.length} file(s) of src/: ${changed.join(', ')}. ` +
          'Bring this repo back in line with them (npm run generate, the formatting) so that src/ is exported as it is.'
      )
    } else {
      console.log("src/ is exported as it is: the checkout's generators and Prettier changed none of its files.")
    }
    console.log(nextSteps(checkout.root))
    return 0
  } catch (error) {
    if (!(error instanceof Refusal)) throw error
    console.error(`upstream: ${error.message}`)
    return 1
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2))
