/**
 * Writes the files derived from the field definitions and package.json:
 *   src/generated-types.ts, src/<action>/generated-types.ts, src/version.ts
 * `--check` writes nothing and fails when any of them is stale (run in CI).
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { InputField, GlobalSetting } from '@segment/actions-core'
import { fieldsToJsonSchema } from '@segment/actions-core/destination-kit/fields-to-jsonschema'
import { compile, type JSONSchema } from 'json-schema-to-typescript'
import prettier from 'prettier'
import { destination } from '../src/index'

const root = path.resolve(__dirname, '..')
/**
 * The files are written as Segment's monorepo writes them (`./bin/run generate:types`, checked by its CI), so that
 * the exported src/ is this one as it is (docs/upstream.md): its banner, and a field with choices typed by its JSON
 * type (`string`), not as a union of the choices; the code that reads a choice checks it.
 */
const BANNER = '// Generated file. DO NOT MODIFY IT BY HAND.'
const VERSION_BANNER =
  "// Generated from package.json's version by `npm run generate`, and by the package's `version` script."

/** A field's schema without `title` (the generator would write a named alias) or `enum` (the choices as a union). */
function withoutTitlesAndChoices(schema: JSONSchema): JSONSchema {
  const { title: _title, enum: _enum, ...rest } = schema
  if (rest.type === 'object' && rest.properties) {
    rest.properties = Object.fromEntries(
      Object.entries(rest.properties).map(([key, property]) => [key, withoutTitlesAndChoices(property)])
    )
  } else if (rest.type === 'array' && rest.items && !Array.isArray(rest.items)) {
    rest.items = withoutTitlesAndChoices(rest.items)
  }
  return rest
}

async function typesFor(fields: Record<string, InputField | GlobalSetting>, interfaceName: string): Promise<string> {
  const schema = fieldsToJsonSchema(fields as Record<string, InputField>, { tsType: true }) as JSONSchema
  return compile(withoutTitlesAndChoices(schema), interfaceName, { bannerComment: BANNER, format: false })
}

async function expectedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  files.set('src/generated-types.ts', await typesFor(destination.settings ?? {}, 'Settings'))
  for (const [key, action] of Object.entries(destination.actions)) {
    files.set(`src/${key}/generated-types.ts`, await typesFor(action.fields, 'Payload'))
  }
  const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string }
  files.set('src/version.ts', `${VERSION_BANNER}\nexport const PACKAGE_VERSION = ${JSON.stringify(version)}\n`)
  return files
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check')
  const stale: string[] = []
  for (const [file, source] of await expectedFiles()) {
    const absolute = path.join(root, file)
    const options = { ...(await prettier.resolveConfig(absolute)), filepath: absolute }
    const formatted = await prettier.format(source, options)
    const current = await readFile(absolute, 'utf8').catch(() => undefined)
    if (current === formatted) continue
    stale.push(file)
    if (!check) await writeFile(absolute, formatted)
  }
  if (check && stale.length > 0) {
    console.error(`Stale generated files (run \`npm run generate\`): ${stale.join(', ')}`)
    process.exitCode = 1
  } else {
    console.log(stale.length > 0 ? `Wrote ${stale.join(', ')}` : 'Generated files are up to date.')
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
