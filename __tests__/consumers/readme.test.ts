/**
 * The README is a promise to users: the commands it shows are run here as written (or, for `npm start`, with the
 * options that keep it from rebuilding dist/ under the other tests), and its tables say what the code does.
 */
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { parseFql, validate } from '@segment/destination-subscriptions'
import { ADDITIONAL_WIDGET_EVENTS } from '../../src/live-chat/events'

const repo = path.resolve(__dirname, '../..')
const readme = readFileSync(path.join(repo, 'README.md'), 'utf8')
const run = promisify(execFile)
const COMMAND_TIMEOUT_MS = 120_000

function expectReadmeShows(command: string): void {
  expect(readme).toContain(command)
}

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve(body))
    }).on('error', reject)
  })
}

describe("the README's commands", () => {
  it(
    'npm pack makes the tarball, and npm install installs it into a site, with the factory and the definition',
    async () => {
      expectReadmeShows('npm ci && npm run build && npm pack')
      expectReadmeShows('npm install ./analytics-browser-actions-userlike-1.0.0.tgz')
      const site = mkdtempSync(path.join(tmpdir(), 'userlike-site-'))
      writeFileSync(path.join(site, 'package.json'), JSON.stringify({ name: 'site', version: '1.0.0', private: true }))
      await run('npm', ['pack', '--pack-destination', site], { cwd: repo, timeout: COMMAND_TIMEOUT_MS })
      // The packages the tarball depends on are in npm's cache since `npm ci`: prefer it to the network.
      await run(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', './analytics-browser-actions-userlike-1.0.0.tgz'],
        { cwd: site, timeout: COMMAND_TIMEOUT_MS }
      )
      const { stdout } = await run(
        process.execPath,
        [
          '-e',
          "const p = require('analytics-browser-actions-userlike'); console.log(typeof p.default, p.destination.name)"
        ],
        { cwd: site }
      )
      expect(stdout.trim()).toBe('function Userlike Web (Actions)')
    },
    4 * COMMAND_TIMEOUT_MS
  )

  it(
    'npm start serves the demo shop, and npm start -- --help lists the options',
    async () => {
      expectReadmeShows('npm ci && npm start')
      expectReadmeShows('npm start -- --help')
      const help = await run('npm', ['start', '--', '--help'], { cwd: repo, timeout: COMMAND_TIMEOUT_MS })
      expect(help.stdout).toContain('Usage: npm start -- [options]')

      // --no-build: the other tests read dist/ while this one runs; npm test has just built it.
      const server = spawn('npm', ['start', '--', '--no-build', '--port', '0'], { cwd: repo, detached: true })
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let output = ''
          server.stdout.on('data', (chunk: Buffer) => {
            output += chunk.toString()
            const found = /Demo shop: (\S+)/.exec(output)
            if (found) resolve(found[1])
          })
          server.on('exit', (code) => reject(new Error(`npm start exited with ${String(code)}: ${output}`)))
        })
        expect(await fetchText(url)).toContain('demo shop')
      } finally {
        // npm runs the demo in a child process: end the whole group.
        process.kill(-server.pid!, 'SIGTERM')
      }
    },
    2 * COMMAND_TIMEOUT_MS
  )

  it(
    'npm run generate finds the generated types up to date',
    async () => {
      expectReadmeShows('npm run generate')
      const { stdout } = await run('npm', ['run', 'generate'], { cwd: repo, timeout: COMMAND_TIMEOUT_MS })
      expect(stdout).toContain('Generated files are up to date.')
    },
    COMMAND_TIMEOUT_MS
  )
})

describe("the README's tables", () => {
  it('list exactly the additional widget events of the code, under their Segment names', () => {
    const listed = Object.fromEntries(
      Array.from(readme.matchAll(/\|\s*`([a-z_]+)`\s*\|\s*Live Chat ([^|(]+?)\s*(?:\([^)]*\)\s*)?\|/g), (match) => [
        match[1],
        match[2]
      ])
    )
    expect(listed).toEqual(ADDITIONAL_WIDGET_EVENTS)
  })
})

describe("the README's example mappings", () => {
  /** Each example's trigger, as the README writes it, with an event it must match and one it must not. */
  const triggers = Array.from(readme.matchAll(/^\|[^|]+\|[^|]+\|\s*`(type = [^`]+)`\s*\|/gm), (match) => match[1])
  const page = (name?: string) => ({ type: 'page', name, properties: {} })
  const track = (event: string, properties: Record<string, unknown> = {}) => ({ type: 'track', event, properties })
  const EXPECTED: Record<string, { matches: object[]; misses: object[] }> = {
    'type = "track" and event = "Product Added" and properties.cart_total > 200': {
      matches: [track('Product Added', { cart_total: 249.5 })],
      misses: [track('Product Added', { cart_total: 120 }), track('Product Added'), track('Help Clicked')]
    },
    'type = "track" and event = "Help Clicked"': { matches: [track('Help Clicked')], misses: [page('Help Clicked')] },
    'type = "page" and name = "Checkout"': { matches: [page('Checkout')], misses: [page('Home'), page()] },
    'type = "page" and name != "Checkout"': { matches: [page('Home'), page()], misses: [page('Checkout')] },
    'type = "track" and event = "Product Added"': {
      matches: [track('Product Added', { cart_total: 19 })],
      misses: [track('Product Viewed'), page('Product Added')]
    }
  }

  it('are the examples this test knows, each written in FQL that parses', () => {
    expect(triggers.sort()).toEqual(Object.keys(EXPECTED).sort())
    for (const trigger of triggers) expect(parseFql(trigger)).not.toHaveProperty('error')
  })

  it.each(Object.entries(EXPECTED))(
    '%s: matches the events it is for, as the runtime evaluates it',
    (trigger, cases) => {
      const ast = parseFql(trigger)
      for (const event of cases.matches) expect([trigger, event, validate(ast, event)]).toEqual([trigger, event, true])
      for (const event of cases.misses) expect([trigger, event, validate(ast, event)]).toEqual([trigger, event, false])
    }
  )
})
