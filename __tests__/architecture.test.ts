/**
 * The house rules of docs/architecture.md ("Dependency direction"), read off the sources' import statements, so
 * that a change that breaks one fails here rather than in a review.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const SRC = path.resolve(__dirname, '../src')

/** Every TypeScript source under src/ (not tests), relative to src/, with the src/ files it imports. */
function imports(): Array<{ file: string; imported: string[] }> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && !file.split(path.sep).includes('__tests__')
  )
  return files.map((file) => {
    const source = readFileSync(path.join(SRC, file), 'utf8')
    const specifiers = Array.from(source.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'|\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g))
    const imported = specifiers.map((match) =>
      path
        .relative(SRC, path.resolve(SRC, path.dirname(file), match[1] ?? match[2]))
        .split(path.sep)
        .join('/')
    )
    return { file: file.split(path.sep).join('/'), imported }
  })
}

/** `file imports target` for every import of a file under `from` of a module under one of `forbidden`. */
function crossings(from: string, forbidden: string[]): string[] {
  return imports()
    .filter(({ file }) => file.startsWith(from))
    .flatMap(({ file, imported }) =>
      imported
        .filter((target) => forbidden.some((prefix) => target.startsWith(prefix)))
        .map((target) => `${file} imports ${target}`)
    )
}

describe('the dependency direction of docs/architecture.md', () => {
  it('finds the imports it checks (the reader works)', () => {
    expect(imports().find(({ file }) => file === 'initialize.ts')?.imported).toContain('widget/loader')
  })

  it('live-chat/ never imports widget/, nor the reverse: shared checks live in a neutral module', () => {
    expect(crossings('live-chat/', ['widget/'])).toEqual([])
    expect(crossings('widget/', ['live-chat/'])).toEqual([])
  })

  it('the widget adapter and the Live Chat rules never import the start-up or the definition', () => {
    const upstream = ['initialize', 'plugin', 'index', 'web']
    expect(crossings('widget/', upstream)).toEqual([])
    expect(crossings('live-chat/', upstream)).toEqual([])
  })
})
