/**
 * Segment's own rules for a destination definition, as its CLI's `validate` command applies them before a
 * destination is accepted (that CLI is not published, so the rules are checked here): every preset names an
 * existing action and maps only that action's fields; every FQL subscription parses with Segment's own parser
 * (`@segment/destination-subscriptions`, the one the runtime uses); every action and field has a description;
 * and, beyond what the CLI checks for browser destinations, every setting's default fits its type and choices, and
 * a preset maps every required field of its action (the browser runtime does not enforce `required`). (Each action's
 * folder against the definition: __tests__/action-folders.test.ts, which reads the project's files.)
 */
import { parseFql } from '@segment/destination-subscriptions'
import { destination } from '../index'

/** The parts of a field or setting definition these rules read. */
interface FieldLike {
  label?: string
  description?: string
  type?: string
  multiple?: boolean
  required?: boolean
  default?: unknown
  choices?: Array<string | { label: string; value: unknown }>
}

interface DefinitionLike {
  name: string
  settings?: Record<string, FieldLike>
  presets?: Array<{ name: string; partnerAction: string; subscribe?: string; mapping?: object; type?: string }>
  actions: Record<string, { description?: string; defaultSubscription?: string; fields: Record<string, FieldLike> }>
}

/** Why `fql` does not parse, or undefined when it does. */
function fqlError(fql: unknown): string | undefined {
  if (typeof fql !== 'string') return `it is ${typeof fql}, not an FQL string`
  const parsed = parseFql(fql) as { error?: Error }
  return parsed.error?.message
}

/** JavaScript's `typeof` for each field type whose value is a plain JSON scalar; other types take any value. */
const SCALAR_TYPES: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  text: (value) => typeof value === 'string',
  password: (value) => typeof value === 'string',
  boolean: (value) => typeof value === 'boolean',
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  integer: (value) => Number.isInteger(value)
}

/** A mapping directive (`{ '@path': ... }`) is resolved per event, so its type is not the field's. */
function isDirective(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).some((key) => key.startsWith('@'))
}

/** What is wrong with a field's or setting's default, measured against its type, `multiple` and choices. */
function defaultProblems(where: string, field: FieldLike): string[] {
  if (field.default === undefined || isDirective(field.default)) return []
  const values = field.multiple ? field.default : [field.default]
  if (!Array.isArray(values)) return [`${where} is multiple, but its default is not a list`]
  const problems: string[] = []
  const fits = field.type === undefined ? undefined : SCALAR_TYPES[field.type]
  if (fits && !values.every(fits)) {
    problems.push(`${where} has the default ${JSON.stringify(field.default)}, which is not of its type "${field.type}"`)
  }
  if (field.choices) {
    const allowed = field.choices.map((choice) => (typeof choice === 'string' ? choice : choice.value))
    const stray = values.filter((value) => !allowed.includes(value))
    if (stray.length > 0)
      problems.push(`${where} has the default ${JSON.stringify(stray)}, which is not among its choices`)
  }
  return problems
}

/** Every rule broken by `definition`, one readable line each; an empty list when it is valid. */
function segmentRuleViolations(definition: DefinitionLike): string[] {
  const problems: string[] = []
  const actions = definition.actions ?? {}
  if (Object.keys(actions).length === 0) problems.push(`"${definition.name}" defines no action`)

  for (const preset of definition.presets ?? []) {
    const action = Object.hasOwn(actions, preset.partnerAction) ? actions[preset.partnerAction] : undefined
    if (!action) {
      problems.push(`the preset "${preset.name}" names the action "${preset.partnerAction}", which does not exist`)
    } else {
      for (const field of Object.keys(preset.mapping ?? {})) {
        if (!Object.hasOwn(action.fields, field)) {
          problems.push(
            `the preset "${preset.name}" maps "${field}", a field "${preset.partnerAction}" does not define`
          )
        }
      }
      for (const [field, definition] of Object.entries(action.fields)) {
        if (definition.required && !Object.hasOwn(preset.mapping ?? {}, field)) {
          problems.push(`the preset "${preset.name}" does not map "${field}", which "${preset.partnerAction}" requires`)
        }
      }
    }
    const error = fqlError(preset.subscribe)
    if (error !== undefined) problems.push(`the preset "${preset.name}" subscribes with invalid FQL: ${error}`)
  }

  for (const [key, action] of Object.entries(actions)) {
    if (!action.description) problems.push(`the action "${key}" has no description`)
    if (action.defaultSubscription !== undefined) {
      const error = fqlError(action.defaultSubscription)
      if (error !== undefined) problems.push(`the action "${key}" has an invalid defaultSubscription: ${error}`)
    }
    for (const [fieldKey, field] of Object.entries(action.fields)) {
      if (!field.description) problems.push(`the field "${fieldKey}" of the action "${key}" has no description`)
      problems.push(...defaultProblems(`the field "${fieldKey}" of the action "${key}"`, field))
    }
  }

  for (const [key, setting] of Object.entries(definition.settings ?? {})) {
    if (!setting.label) problems.push(`the setting "${key}" has no label`)
    if (!setting.description) problems.push(`the setting "${key}" has no description`)
    problems.push(...defaultProblems(`the setting "${key}"`, setting))
  }
  return problems
}

/** A deep copy of the real definition's data (it is plain JSON) to break, one rule at a time. */
function copy(): DefinitionLike {
  const data = {
    name: destination.name,
    settings: destination.settings,
    presets: destination.presets,
    actions: Object.fromEntries(
      Object.entries(destination.actions).map(([key, action]) => [
        key,
        { description: action.description, defaultSubscription: action.defaultSubscription, fields: action.fields }
      ])
    )
  }
  return JSON.parse(JSON.stringify(data)) as DefinitionLike
}

describe("Segment's rules for the destination definition", () => {
  it('are all kept by the definition that ships', () => {
    expect(segmentRuleViolations(destination as unknown as DefinitionLike)).toEqual([])
  })

  it('ships at least one preset, so that a new source loads the widget without any setup', () => {
    expect(destination.presets.length).toBeGreaterThan(0)
  })
})

describe('the rule checker, on deliberately broken copies of the definition', () => {
  const action = Object.keys(destination.actions)[0]
  const field = Object.keys(destination.actions[action as keyof typeof destination.actions].fields)[0]

  it('finds a preset that names a missing action', () => {
    const broken = copy()
    broken.presets![0].partnerAction = 'noSuchAction'
    expect(segmentRuleViolations(broken)).toEqual([
      `the preset "${broken.presets![0].name}" names the action "noSuchAction", which does not exist`
    ])
  })

  it('finds a preset that maps a field its action does not define', () => {
    const broken = copy()
    broken.presets![0].mapping = { ...broken.presets![0].mapping, phone: { '@path': '$.traits.phone' } }
    expect(segmentRuleViolations(broken)).toEqual([
      `the preset "${broken.presets![0].name}" maps "phone", a field "${action}" does not define`
    ])
  })

  it('finds FQL that does not parse, in a preset and in a default subscription', () => {
    const broken = copy()
    broken.presets![0].subscribe = 'type = "identify'
    broken.actions[action].defaultSubscription = 'type = "identify" and ('
    const problems = segmentRuleViolations(broken)
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(/^the preset ".+" subscribes with invalid FQL: \S/)
    expect(problems[1]).toMatch(new RegExp(`^the action "${action}" has an invalid defaultSubscription: \\S`))
  })

  it('finds a missing description on an action, a field and a setting', () => {
    const broken = copy()
    broken.actions[action].description = ''
    delete broken.actions[action].fields[field].description
    broken.settings!.secretKey.description = undefined
    expect(segmentRuleViolations(broken)).toEqual([
      `the action "${action}" has no description`,
      `the field "${field}" of the action "${action}" has no description`,
      'the setting "secretKey" has no description'
    ])
  })

  it('finds a setting default of the wrong type, or outside its choices, or not a list where multiple', () => {
    const broken = copy()
    broken.settings = {
      flag: { label: 'Flag', description: 'a flag', type: 'boolean', default: 'false' },
      mode: { label: 'Mode', description: 'a mode', type: 'string', choices: ['a', 'b'], default: 'c' },
      list: { label: 'List', description: 'a list', type: 'string', multiple: true, default: 'a' },
      many: {
        label: 'Many',
        description: 'several',
        type: 'string',
        multiple: true,
        choices: [{ label: 'A', value: 'a' }],
        default: ['a', 'z']
      }
    }
    expect(segmentRuleViolations(broken)).toEqual([
      'the setting "flag" has the default "false", which is not of its type "boolean"',
      'the setting "mode" has the default ["c"], which is not among its choices',
      'the setting "list" is multiple, but its default is not a list',
      'the setting "many" has the default ["z"], which is not among its choices'
    ])
  })

  it('accepts a mapping directive as a field default, whatever the field type', () => {
    const broken = copy()
    broken.actions[action].fields[field] = { ...broken.actions[action].fields[field], type: 'boolean' }
    expect(broken.actions[action].fields[field].default).toEqual({ '@path': expect.any(String) })
    expect(segmentRuleViolations(broken)).toEqual([])
  })

  it('finds a preset that leaves out a required field of its action', () => {
    const broken = copy()
    broken.presets!.push({
      name: 'Hide on checkout',
      subscribe: 'type = "page" and name = "Checkout"',
      partnerAction: 'setChatButtonVisibility',
      mapping: {},
      type: 'automatic'
    })
    expect(segmentRuleViolations(broken)).toEqual([
      'the preset "Hide on checkout" does not map "visible", which "setChatButtonVisibility" requires'
    ])
    broken.presets!.at(-1)!.mapping = { visible: false }
    expect(segmentRuleViolations(broken)).toEqual([])
  })

  it.each(Object.keys(destination.actions))(
    'reaches the action %s: its description, each field description, default and default subscription',
    (key) => {
      const broken = copy()
      const action = broken.actions[key]
      action.description = ''
      action.defaultSubscription = 'type = "track'
      const fields = Object.keys(action.fields)
      for (const field of fields) {
        delete action.fields[field].description
        action.fields[field].default = 42
        action.fields[field].type = 'boolean'
      }
      expect(segmentRuleViolations(broken)).toEqual([
        `the action "${key}" has no description`,
        `the action "${key}" has an invalid defaultSubscription: ${fqlError('type = "track')}`,
        ...fields.flatMap((field) => [
          `the field "${field}" of the action "${key}" has no description`,
          `the field "${field}" of the action "${key}" has the default 42, which is not of its type "boolean"`
        ])
      ])
    }
  )

  it('finds a destination with no action', () => {
    expect(segmentRuleViolations({ ...copy(), presets: [], actions: {} })).toEqual([
      `"${destination.name}" defines no action`
    ])
  })
})
