/**
 * Each action's folder in src/ against the definition: every folder is an action, with generated types of its fields.
 * Read off the files, so it stays here rather than among src/'s unit tests.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { destination } from '../src/index'

const SRC = path.resolve(__dirname, '../src')

/** The folders of src/ that hold an action: an index.ts that exports its `perform`. */
function actionFolders(): string[] {
  return readdirSync(SRC, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => {
      try {
        return /export function perform\b/.test(readFileSync(path.join(SRC, name, 'index.ts'), 'utf8'))
      } catch {
        return false
      }
    })
}

/** The top-level fields of `Payload` in a folder's generated-types.ts: each name, and whether it is optional. */
function generatedPayload(folder: string): Record<string, 'optional' | 'required'> {
  const source = readFileSync(path.join(SRC, folder, 'generated-types.ts'), 'utf8')
  const body = source.slice(source.indexOf('export interface Payload {'))
  const fields = Array.from(body.matchAll(/^ {2}(\w+)(\?)?:/gm))
  return Object.fromEntries(fields.map(([, name, optional]) => [name, optional ? 'optional' : 'required']))
}

describe('the action folders of src/', () => {
  it('are exactly the actions of the definition (a folder left out of it would never run)', () => {
    expect(actionFolders().sort()).toEqual(Object.keys(destination.actions).sort())
  })

  it.each(Object.keys(destination.actions))(
    '%s: generated-types.ts has a Payload field for each of its fields, optional unless required',
    (key) => {
      const fields = destination.actions[key as keyof typeof destination.actions].fields as Record<
        string,
        { required?: boolean }
      >
      const expected = Object.fromEntries(
        Object.entries(fields).map(([name, field]) => [name, field.required ? 'required' : 'optional'])
      )
      expect(generatedPayload(key)).toEqual(expected)
    }
  )
})
