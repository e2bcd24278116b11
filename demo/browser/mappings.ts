/**
 * This source's mappings, as Segment's app keeps them for a destination: the preset (Identify Visitor), the shop's
 * examples (under `npm start`) and any a workspace owner added. They live in the page's query string, the one place
 * the page's state lives: `mappings` holds the list as JSON where it differs from the defaults, `off` the names of
 * the mappings switched off. Saved, they become the destination's subscriptions.
 */
import { generateFql, parseFql } from '@segment/destination-subscriptions'
import type * as UserlikePackage from '../../src/index'
import { demoQuery } from '../contract'
import { EXAMPLE_MAPPINGS, type Mapping } from '../shop'

export type Definition = typeof UserlikePackage.destination

/** A mapping with its on/off state: a subscription, as the runtime takes it. */
export interface SourceMapping extends Mapping {
  enabled: boolean
}

/** The parts of an action's field the Actions UI reads. */
export interface ActionField {
  label: string
  description: string
  type: string
  required?: boolean
  default?: unknown
}

export interface ActionSummary {
  key: string
  title: string
  description: string
  defaultSubscription?: string
  fields: Array<[string, ActionField]>
}

/** Every action of the definition, in its order, with what Segment's app shows of it. */
export function actionsOf(definition: Definition): ActionSummary[] {
  return Object.entries(definition.actions).map(([key, action]) => {
    const { title, description, defaultSubscription, fields } = action as unknown as Omit<ActionSummary, 'key'> & {
      fields: Record<string, ActionField>
    }
    return { key, title, description, defaultSubscription, fields: Object.entries(fields) }
  })
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The source's mappings when its query names none: the presets, with the shop's examples where the demo has them. */
export function defaultMappings(definition: Definition, withExamples: boolean): Mapping[] {
  const presets = definition.presets.map(({ name, subscribe, partnerAction, mapping }) => ({
    name,
    subscribe,
    partnerAction,
    mapping: { ...mapping } as Record<string, unknown>
  }))
  return withExamples ? [...presets, ...EXAMPLE_MAPPINGS] : presets
}

/** What the FQL parser of Segment's runtime makes of a trigger: how it reads it back, or its error. */
export type TriggerCheck = { valid: true; readsAs: string } | { valid: false; error: string }

/**
 * Checks a trigger with the parser the Actions runtime uses (`parseFql`). The parser is lenient: it drops what it
 * does not know (`evnt = "x"` is read as nothing), so a valid trigger comes back as the runtime reads it.
 */
export function checkTrigger(fql: string): TriggerCheck {
  if (fql.trim() === '') return { valid: false, error: 'a trigger is required' }
  const parsed = parseFql(fql)
  if ('error' in parsed) return { valid: false, error: parsed.error.message }
  try {
    return { valid: true, readsAs: generateFql(parsed) }
  } catch (error) {
    return { valid: false, error: error instanceof Error ? error.message : String(error) }
  }
}

/** Why a mapping's name cannot be used beside `others`, or undefined when it can. */
export function nameProblem(name: string, others: string[]): string | undefined {
  if (name.trim() === '') return 'a name is required'
  // `off` lists names separated by commas.
  if (name.includes(',')) return 'a name cannot contain a comma'
  if (others.includes(name)) return `another mapping is already named "${name}"`
  return undefined
}

/** Why one entry of the query's `mappings` list is not a mapping, or undefined when it is one. */
function entryProblem(definition: Definition, entry: unknown, names: string[]): string | undefined {
  if (!isPlainObject(entry)) return 'not an object'
  const { name, subscribe, partnerAction, mapping } = entry
  if (typeof name !== 'string') return 'no name'
  const named = nameProblem(name, names)
  if (named) return named
  if (typeof partnerAction !== 'string' || !Object.hasOwn(definition.actions, partnerAction)) {
    return `"${String(partnerAction)}" is not an action of this destination`
  }
  if (typeof subscribe !== 'string') return 'no trigger'
  const trigger = checkTrigger(subscribe)
  if (!trigger.valid) return `its trigger is not valid FQL: ${trigger.error}`
  if (mapping !== undefined && !isPlainObject(mapping)) return 'its mapping is not an object'
  return undefined
}

/**
 * The source's mappings as the query string says, each on unless `off` names it; `problems` says what of a
 * hand-edited `mappings` parameter was left out.
 */
export function mappingsFromQuery(
  definition: Definition,
  query: URLSearchParams,
  withExamples: boolean
): { mappings: SourceMapping[]; problems: string[] } {
  const off = (demoQuery(query, 'off') ?? '').split(',')
  const text = demoQuery(query, 'mappings')
  const problems: string[] = []
  let listed: Mapping[] = defaultMappings(definition, withExamples)
  if (text !== null) {
    listed = []
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      problems.push(`The address's mappings are not JSON (${(error as Error).message}): this source has none.`)
    }
    if (value !== undefined && !Array.isArray(value)) {
      problems.push("The address's mappings are not a list: this source has none.")
    }
    for (const [index, entry] of (Array.isArray(value) ? value : []).entries()) {
      const problem = entryProblem(
        definition,
        entry,
        listed.map((mapping) => mapping.name)
      )
      if (problem) {
        problems.push(`Mapping ${index + 1} in the address was left out: ${problem}.`)
        continue
      }
      const { name, subscribe, partnerAction, mapping } = entry as unknown as Mapping
      listed.push({ name, subscribe, partnerAction, mapping: mapping ?? {} })
    }
  }
  return { mappings: listed.map((mapping) => ({ ...mapping, enabled: !off.includes(mapping.name) })), problems }
}

/** A mapping without its on/off state, its keys in one order: what `mappings` stores and compares. */
function stored({ name, subscribe, partnerAction, mapping }: Mapping): Mapping {
  return { name, subscribe, partnerAction, mapping }
}

/**
 * The query parameters that say `mappings`: `mappings` only where the list differs from the defaults (a changed
 * setting alone keeps the address short), `off` only where a mapping is off; undefined: the parameter goes.
 */
export function mappingsQuery(
  mappings: SourceMapping[],
  defaults: Mapping[]
): { mappings: string | undefined; off: string | undefined } {
  const list = JSON.stringify(mappings.map(stored))
  const off = mappings.filter((mapping) => !mapping.enabled).map((mapping) => mapping.name)
  return {
    mappings: list === JSON.stringify(defaults.map(stored)) ? undefined : list,
    off: off.length > 0 ? off.join(',') : undefined
  }
}
