// The browser tests load dist/: build it when it is missing or older than a file in src/ (`npm test` has just
// built it, so this is usually a no-op).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function newest(dir) {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : statSync(file).mtimeMs)
  }
  return latest
}

export default function globalSetup() {
  const outputs = ['dist/esm/index.mjs', 'dist/web/userlike-web.js'].map((file) => path.join(root, file))
  const built = outputs.every((file) => existsSync(file))
  if (built && Math.min(...outputs.map((file) => statSync(file).mtimeMs)) >= newest(path.join(root, 'src'))) return
  console.log('\nbrowser tests: building dist/ (npm run build)')
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' })
}
