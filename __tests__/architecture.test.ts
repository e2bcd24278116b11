/**
 * The house rules of docs/architecture.md ("Dependency direction"), read off the sources' import statements, so
 * that a change that breaks one fails here rather than in a review.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const SRC = path.resolve(__dirname, '../src')

/** A relative module specifier in an import, export, dynamic import or require: `from './x'`, `import('../y')`. */
const RELATIVE_SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\1/g

/**
 * Every TypeScript file under src/ (with its tests, or without), relative to src/ and with `/` separators, with the
 * paths it imports relative to src/ (a path outside src/ starts with `../`).
 */
function sourceImports({ withTests }: { withTests: boolean }): Array<{ file: string; imported: string[] }> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.ts') && (withTests || !file.split(path.sep).includes('__tests__'))
  )
  return files.map((file) => {
    const source = readFileSync(path.join(SRC, file), 'utf8')
    const imported = Array.from(source.matchAll(RELATIVE_SPECIFIER), ([, , specifier]) =>
      path
        .relative(SRC, path.resolve(SRC, path.dirname(file), specifier))
        .split(path.sep)
        .join('/')
    )
    return { file: file.split(path.sep).join('/'), imported }
  })
}

/** Every source under src/ (not tests), with the src/ files it imports. */
const imports = () => sourceImports({ withTests: false })

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

describe("src/ as the destination's folder in Segment's monorepo", () => {
  it('finds the imports of the tests too (the reader works)', () => {
    const files = sourceImports({ withTests: true })
    expect(files.find(({ file }) => file === '__tests__/definition.test.ts')?.imported).toContain('index')
  })

  it('nothing under src/, tests included, imports a relative path outside it: only src/ goes to the monorepo', () => {
    const outside = sourceImports({ withTests: true }).flatMap(({ file, imported }) =>
      imported.filter((target) => target.startsWith('../')).map((target) => `${file} imports ${target}`)
    )
    expect(outside).toEqual([])
  })
})
