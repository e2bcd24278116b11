/**
 * The demo's stand-in for Segment's Actions UI: the destination's settings and this source's mappings
 * (mappings-panel.ts), generated from the definition itself, as a workspace owner edits them for one source, and the
 * demo's own controls. Values live in the page's query string, so that a reload (and the browser tests' `openDemo`)
 * keeps them; `settingsFromQuery` and `mappingsFromQuery` read them back.
 */
import { CONSENT_MODELS, SETTING_QUERY_NAMES } from '../contract'
import type { Mapping } from '../shop'
import { byId, element } from './dom'
import { mappingsQuery, type Definition, type SourceMapping } from './mappings'
import { showMappingsPanel, type MappingsPanel } from './mappings-panel'

/** The parts of a setting definition the panel reads (every setting, whichever helper adds it). */
export interface SettingField {
  label: string
  description: string
  type: string
  required?: boolean
  multiple?: boolean
  default?: unknown
  choices?: Array<string | { label: string; value: string }>
}

export function queryName(key: string): string {
  return SETTING_QUERY_NAMES[key] ?? key
}

export function settingFields(definition: Definition): Array<[string, SettingField]> {
  return Object.entries((definition.settings ?? {}) as Record<string, SettingField>)
}

function choiceValues(field: SettingField): string[] {
  return (field.choices ?? []).map((choice) => (typeof choice === 'string' ? choice : choice.value))
}

/** A setting's value as a query parameter carries it: booleans as 1/0, lists comma-separated. */
function parse(field: SettingField, text: string): unknown {
  if (field.multiple) return text.split(',').filter((item) => item !== '')
  if (field.type === 'boolean') return text === '1' || text === 'true'
  if (field.type === 'number' || field.type === 'integer') return Number(text)
  return text
}

function format(value: unknown): string {
  if (Array.isArray(value)) return value.join(',')
  if (typeof value === 'boolean') return value ? '1' : '0'
  return String(value)
}

/** A text setting the owner may leave empty: empty, it is not set at all (the destination's own default applies). */
function isOptionalText(field: SettingField): boolean {
  return !field.required && !field.multiple && !field.choices && field.type === 'string'
}

/** The settings this page runs with: the query's values, else the demo's defaults, else the definition's. */
export function settingsFromQuery(
  definition: Definition,
  query: URLSearchParams,
  demoDefaults: Record<string, unknown>
): Record<string, unknown> {
  const settings: Record<string, unknown> = {}
  for (const [key, field] of settingFields(definition)) {
    const text = query.get(queryName(key))
    if (text === '' && isOptionalText(field)) continue
    const value = text !== null ? parse(field, text) : (demoDefaults[key] ?? field.default)
    if (value !== undefined) settings[key] = value
  }
  return settings
}

// ---- the form -----------------------------------------------------------------------------------------------

/** What the panel says about a setting's type, as Segment's UI shows it beside the label. */
function typeLabel(field: SettingField): string {
  const type = field.choices ? `${field.type}, one of ${choiceValues(field).join(' | ')}` : field.type
  return field.multiple ? `list of ${type}` : type
}

/** The input(s) of one setting, named `setting:<key>` (a group of checkboxes for a list of choices). */
function input(key: string, field: SettingField, value: unknown): HTMLElement {
  const name = `setting:${key}`
  if (field.multiple && field.choices) {
    const chosen = Array.isArray(value) ? value : []
    return element(
      'span',
      { class: 'choices', 'data-setting': key },
      ...(field.choices ?? []).map((choice) => {
        const [label, choiceValue] = typeof choice === 'string' ? [choice, choice] : [choice.label, choice.value]
        const box = element('input', { type: 'checkbox', name, value: choiceValue })
        box.checked = chosen.includes(choiceValue)
        return element('label', { class: 'inline' }, box, ` ${label}`)
      })
    )
  }
  if (field.choices) {
    const select = element(
      'select',
      { name, 'data-setting': key },
      ...field.choices.map((choice) =>
        typeof choice === 'string'
          ? element('option', { value: choice }, choice)
          : element('option', { value: choice.value }, choice.label)
      )
    )
    select.value = String(value ?? '')
    return select
  }
  if (field.type === 'boolean') {
    const box = element('input', { type: 'checkbox', name, 'data-setting': key })
    box.checked = value === true
    return box
  }
  const numeric = field.type === 'number' || field.type === 'integer'
  const text = element('input', {
    name,
    'data-setting': key,
    type: numeric ? 'number' : field.type === 'password' ? 'password' : 'text',
    spellcheck: 'false',
    autocomplete: 'off'
  })
  if (field.type === 'integer') text.step = '1'
  if (field.required) text.required = true
  text.value = value === undefined ? '' : format(value)
  return text
}

function settingRow(key: string, field: SettingField, value: unknown): HTMLElement {
  const id = `setting-description-${key}`
  const control = input(key, field, value)
  control.setAttribute('aria-describedby', id)
  const title = element('span', { class: 'setting-label' }, field.label)
  if (field.required) title.append(element('abbr', { title: 'required' }, ' *'))
  const type = element('code', { class: 'setting-type' }, typeLabel(field))
  const head = element('span', { class: 'setting-head' }, title, type)
  const row =
    field.type === 'boolean' && !field.multiple
      ? element('label', { class: 'setting setting--inline' }, control, head)
      : element(field.multiple && field.choices ? 'div' : 'label', { class: 'setting' }, head, control)
  row.append(element('small', { id, class: 'setting-description' }, field.description))
  return row
}

/** Why the form's values cannot be saved, one line per setting; empty when they can. */
function problems(form: HTMLFormElement, fields: Array<[string, SettingField]>): string[] {
  const found: string[] = []
  for (const [key, field] of fields) {
    const values = new FormData(form).getAll(`setting:${key}`).map(String)
    if (field.required && field.type !== 'boolean' && (values[0] ?? '').trim() === '') {
      found.push(`${field.label} is required.`)
    }
    if ((field.type === 'number' || field.type === 'integer') && values[0] !== '' && Number.isNaN(Number(values[0]))) {
      found.push(`${field.label} must be a number.`)
    }
    const allowed = choiceValues(field)
    if (field.choices && values.some((value) => !allowed.includes(value))) {
      found.push(`${field.label} must be one of ${allowed.join(', ')}.`)
    }
  }
  return found
}

/** The query string the form's values make, keeping the parameters the panel does not show (writeKey, csp...). */
function queryFromForm(
  form: HTMLFormElement,
  fields: Array<[string, SettingField]>,
  current: URLSearchParams,
  mappings: { current: SourceMapping[]; defaults: Mapping[] }
): URLSearchParams {
  const next = new URLSearchParams(current)
  const data = new FormData(form)
  for (const [key, field] of fields) {
    const values = data.getAll(`setting:${key}`).map(String)
    const value =
      field.type === 'boolean' && !field.multiple
        ? values.length > 0
        : field.multiple
          ? field.choices
            ? values
            : parse(field, values[0] ?? '')
          : values[0]
    next.set(queryName(key), format(value))
  }
  const saved = mappingsQuery(mappings.current, mappings.defaults)
  for (const name of ['mappings', 'off'] as const) {
    const value = saved[name]
    if (value === undefined) next.delete(name)
    else next.set(name, value)
  }
  for (const name of ['build', 'widget', 'simulator']) next.set(name, String(data.get(name)))
  if (data.get('snippet') !== null) next.set('snippet', '1')
  else next.delete('snippet')
  const consent = String(data.get('consent'))
  if ((CONSENT_MODELS as readonly string[]).includes(consent)) next.set('consent', consent)
  else next.delete('consent')
  return next
}

export interface PanelState {
  settings: Record<string, unknown>
  mappings: SourceMapping[]
  /** The source's mappings when the query names none: what `mappings` is compared with. */
  defaultMappings: Mapping[]
  /** What of the query's `mappings` was left out, and why. */
  mappingProblems: string[]
  build: string
  widget: string
  simulator: string
  snippet: boolean
  consent: string
}

/** Fills the panel from the definition and the page's state; saving writes the query string and reloads. */
export function showSettingsPanel(definition: Definition, state: PanelState): void {
  const form = byId<HTMLFormElement>('segment-settings')
  const fields = settingFields(definition)
  const unsaved = byId('unsaved-changes')
  const markUnsaved = (): void => {
    unsaved.textContent = 'Unsaved changes: Save and reload applies them.'
  }
  byId('settings-fields').append(...fields.map(([key, field]) => settingRow(key, field, state.settings[key])))
  const mappings: MappingsPanel = showMappingsPanel(definition, state.mappings, state.mappingProblems, markUnsaved)
  ;(form.elements.namedItem('build') as HTMLSelectElement).value = state.build
  ;(form.elements.namedItem('widget') as HTMLSelectElement).value = state.widget
  ;(form.elements.namedItem('simulator') as HTMLSelectElement).value = state.simulator
  ;(form.elements.namedItem('snippet') as HTMLInputElement).checked = state.snippet
  ;(form.elements.namedItem('consent') as HTMLSelectElement).value = state.consent
  // The mapping editor's controls belong to their own form: editing a mapping is not yet a change to save.
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLInputElement).form === form) markUnsaved()
  })

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const found = problems(form, fields)
    byId('settings-errors').textContent = found.join(' ')
    if (found.length > 0) return
    location.search = queryFromForm(form, fields, new URLSearchParams(location.search), {
      current: mappings.current(),
      defaults: state.defaultMappings
    }).toString()
  })
}
