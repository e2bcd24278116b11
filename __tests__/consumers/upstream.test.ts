/**
 * `npm run upstream` (scripts/upstream.ts) against checkouts made here: what it refuses, what it writes and that it
 * writes nothing else. CI cannot reach GitHub, so the checkout's own tools (`bin/run`'s generators, its Prettier) are
 * stand-ins that record how they were called; the real monorepo's checks on the export are in docs/upstream.md
 * (`../shared/tools/upstream-check.sh`).
 */
import { execFile } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const repo = path.resolve(__dirname, '../..')
const execFileAsync = promisify(execFile)
const FOLDER = 'packages/browser-destinations/destinations/userlike-web'
const RUNTIME_VERSION = '1.106.0'
const ours = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
  version: string
  scripts: Record<string, string>
  peerDependencies: Record<string, string>
}

interface Outcome {
  code: number
  stdout: string
  stderr: string
}

async function exportTo(checkout: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [path.join(repo, 'node_modules/tsx/dist/cli.mjs'), 'scripts/upstream.ts', checkout],
      { cwd: repo }
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string }
    return { code, stdout, stderr }
  }
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, text)
}

/** A tool of the checkout's that records its arguments (one JSON line each) and, as the generator, writes metadata. */
function standInTool(file: string, log: string): void {
  write(
    file,
    `#!${process.execPath}
const fs = require('fs'), path = require('path')
const args = process.argv.slice(2)
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n')
if (args[0] === 'generate:metadata-payload') fs.writeFileSync(path.join(args[2], 'metadata.json'), '{}\\n')
`
  )
  chmodSync(file, 0o755)
}

/** A checkout of action-destinations as the export finds one: installed and built, with a neighbour destination. */
function checkout({ installed = true } = {}): { root: string; log: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'upstream-checkout-'))
  const log = path.join(root, 'tools.log')
  write(path.join(root, 'package.json'), JSON.stringify({ name: 'action-destinations', private: true }))
  write(
    path.join(root, 'packages/browser-destination-runtime/package.json'),
    JSON.stringify({ name: '@segment/browser-destination-runtime', version: RUNTIME_VERSION })
  )
  write(
    path.join(root, 'packages/browser-destinations/destinations/intercom/package.json'),
    JSON.stringify({ name: '@segment/analytics-browser-actions-intercom' })
  )
  if (installed) {
    mkdirSync(path.join(root, 'packages/browser-destination-runtime/dist'))
    standInTool(path.join(root, 'bin/run'), log)
    standInTool(path.join(root, 'node_modules/.bin/prettier'), log)
  }
  return { root, log }
}

/** Every file under `dir` (relative), with its bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(dir, file)
    if (statSync(full).isFile()) files.set(file, readFileSync(full))
  }
  return files
}

function toolCalls(log: string): string[][] {
  return readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as string[])
}

describe('npm run upstream', () => {
  it("writes src/ as it is, the template package.json, tsconfig.json and README, and runs the checkout's generators and Prettier on the folder", async () => {
    const { root, log } = checkout()
    const before = tree(root)
    const { code, stdout } = await exportTo(root)
    expect(code).toBe(0)

    const folder = path.join(root, FOLDER)
    const exported = tree(path.join(folder, 'src'))
    const source = tree(path.join(repo, 'src'))
    expect([...exported.keys()].sort()).toEqual([...source.keys()].sort())
    for (const [file, bytes] of source)
      expect({ file, same: exported.get(file)?.equals(bytes) }).toEqual({ file, same: true })

    const packageJson = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'))
    expect(packageJson).toMatchObject({
      name: '@segment/analytics-browser-actions-userlike-web',
      version: ours.version,
      license: 'MIT',
      repository: { directory: FOLDER },
      main: './dist/cjs',
      module: './dist/esm',
      typings: './dist/esm',
      dependencies: { '@segment/browser-destination-runtime': `^${RUNTIME_VERSION}` },
      peerDependencies: { '@segment/analytics-next': ours.peerDependencies['@segment/analytics-next'] }
    })
    expect(Object.keys(packageJson.dependencies)).toEqual(['@segment/browser-destination-runtime'])
    expect(packageJson.scripts.version).toBe(ours.scripts.version)
    expect(JSON.parse(readFileSync(path.join(folder, 'tsconfig.json'), 'utf8'))).toMatchObject({
      extends: '../../tsconfig.build.json',
      compilerOptions: { rootDir: './src' },
      exclude: expect.arrayContaining(['**/__tests__', 'src/test-*.ts'])
    })
    expect(readFileSync(path.join(folder, 'README.md'), 'utf8')).toMatch(
      /^# @segment\/analytics-browser-actions-userlike-web\n/
    )
    expect(existsSync(path.join(folder, 'metadata.json'))).toBe(true)

    expect(toolCalls(log)).toEqual([
      ['generate:types', '--path', `${FOLDER}/src/index.ts`],
      ['generate:metadata-payload', '--path', FOLDER],
      ['--write', FOLDER]
    ])
    // Nothing outside the folder changed but the stand-ins' own log.
    const after = tree(root)
    const outside = [...after.keys()].filter((file) => !file.startsWith(`${FOLDER}/`) && file !== 'tools.log')
    expect(outside.sort()).toEqual([...before.keys()].sort())
    for (const file of outside) expect(after.get(file)?.equals(before.get(file) as Buffer)).toBe(true)

    expect(stdout).toContain(`Wrote ${FOLDER}/`)
    expect(stdout).toContain(
      "src/ is exported as it is: the checkout's generators and Prettier changed none of its files."
    )
    expect(stdout).toContain('yarn test destinations/userlike-web/')
  })

  it('replaces an earlier export whole: a file src/ no longer has does not stay behind', async () => {
    const { root } = checkout()
    expect((await exportTo(root)).code).toBe(0)
    write(path.join(root, FOLDER, 'src/removed-since.ts'), 'export {}\n')
    expect((await exportTo(root)).code).toBe(0)
    expect(existsSync(path.join(root, FOLDER, 'src/removed-since.ts'))).toBe(false)
  })

  it("the exported package's version script writes a bumped version into src/version.ts and stages it", async () => {
    const { root } = checkout()
    expect((await exportTo(root)).code).toBe(0)
    const folder = path.join(root, FOLDER)
    await execFileAsync('git', ['init', '-q'], { cwd: folder })
    await execFileAsync('npm', ['version', '7.8.9', '--no-git-tag-version'], { cwd: folder })
    expect(readFileSync(path.join(folder, 'src/version.ts'), 'utf8')).toContain(
      "export const PACKAGE_VERSION = '7.8.9'\n"
    )
    const { stdout } = await execFileAsync('git', ['status', '--porcelain', 'src/version.ts'], { cwd: folder })
    expect(stdout).toBe('A  src/version.ts\n')
  })

  it.each<[string, () => string, RegExp]>([
    [
      'a path that does not exist',
      () => path.join(mkdtempSync(path.join(tmpdir(), 'upstream-refused-')), 'missing'),
      /is not a directory\.$/m
    ],
    [
      'another repository',
      () => {
        const site = mkdtempSync(path.join(tmpdir(), 'upstream-refused-'))
        write(path.join(site, 'package.json'), JSON.stringify({ name: 'some-site' }))
        return site
      },
      /is not a checkout of segmentio\/action-destinations: its package\.json names "some-site", not "action-destinations"\./
    ],
    [
      'a partial checkout (no bin/run)',
      () => checkout({ installed: false }).root,
      /bin\/run \(the monorepo's command line\): check out the whole repository\./
    ],
    [
      'a checkout that is not installed and built',
      () => {
        const { root } = checkout()
        rmSync(path.join(root, 'packages/browser-destination-runtime/dist'), { recursive: true })
        return root
      },
      /is not installed and built: it has no packages\/browser-destination-runtime\/dist\. Run `yarn install && yarn build` there first, with Node 22/
    ],
    [
      'a folder of that name holding another package',
      () => {
        const { root } = checkout()
        write(path.join(root, FOLDER, 'package.json'), JSON.stringify({ name: '@someone/else' }))
        return root
      },
      /exists and is not @segment\/analytics-browser-actions-userlike-web \(it is @someone\/else\): the export does not overwrite it\./
    ]
  ])('refuses %s, says why, and writes nothing', async (_case, prepare, message) => {
    const pointed = prepare()
    const before = existsSync(pointed) ? tree(pointed) : new Map<string, Buffer>()
    const { code, stdout, stderr } = await exportTo(pointed)
    expect(code).toBe(1)
    expect(stderr).toMatch(/^upstream: /)
    expect(stderr).toMatch(message)
    expect(stdout).not.toContain('Wrote')
    const after = existsSync(pointed) ? tree(pointed) : new Map<string, Buffer>()
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
  })
})
