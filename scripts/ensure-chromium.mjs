/**
 * `npm test`'s pretest step: makes sure the browser tests have a Chromium. They use CHROME_PATH, else
 * /usr/bin/chromium, and never download a browser. Where none is installed and this runs as root with apt-get,
 * it installs Debian's `chromium` package. Where it cannot, it says how, and the browser tests fail with the same
 * advice (they never pass or skip without a browser).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

const { defaultPath: DEFAULT_PATH } = createRequire(import.meta.url)('./chromium.json')
const HOW =
  'Install one (Debian/Ubuntu, as root): apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium\n' +
  'or set CHROME_PATH to an installed Chromium or Chrome.'

function version(executable) {
  const result = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 20_000 })
  return result.status === 0 ? result.stdout.trim() : 'version unknown'
}

function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

const fromEnv = process.env.CHROME_PATH
if (fromEnv) {
  if (existsSync(fromEnv)) {
    console.log(`ensure-chromium: using CHROME_PATH=${fromEnv} (${version(fromEnv)})`)
  } else {
    console.warn(`ensure-chromium: CHROME_PATH=${fromEnv} does not exist; the browser tests will fail.\n${HOW}`)
  }
  process.exit(0)
}

if (existsSync(DEFAULT_PATH)) {
  console.log(`ensure-chromium: ${DEFAULT_PATH} (${version(DEFAULT_PATH)})`)
  process.exit(0)
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
if (!isRoot || !hasCommand('apt-get')) {
  console.warn(
    `ensure-chromium: no Chromium at ${DEFAULT_PATH}, and ${isRoot ? 'apt-get is not available' : 'this is not root'}, ` +
      `so it cannot be installed here; the browser tests will fail.\n${HOW}`
  )
  process.exit(0)
}

console.log(`ensure-chromium: no Chromium at ${DEFAULT_PATH}; installing Debian's chromium package with apt-get.`)
try {
  console.log('ensure-chromium: apt-get update')
  execFileSync('apt-get', ['update'], { stdio: 'inherit' })
  console.log('ensure-chromium: apt-get install -y chromium')
  execFileSync('apt-get', ['install', '-y', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  })
} catch (error) {
  console.warn(`ensure-chromium: installing chromium failed (${error.message}); the browser tests will fail.\n${HOW}`)
  process.exit(0)
}
if (existsSync(DEFAULT_PATH)) console.log(`ensure-chromium: installed ${DEFAULT_PATH} (${version(DEFAULT_PATH)})`)
else console.warn(`ensure-chromium: apt-get finished, but there is still no ${DEFAULT_PATH}.\n${HOW}`)
