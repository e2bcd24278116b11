/**
 * The mappings half of the demo's stand-in for Segment's Actions UI, generated from the definition: the source's
 * mappings (toggle, edit, remove), a mapping editor as Segment's app has one (pick the action, write the trigger in
 * FQL, set each field, name it), and every action of the destination with its fields. Nothing here is saved until
 * the panel's "Save and reload" (settings-panel.ts) writes it into the query string.
 */
import { byId, element } from './dom'
import {
  actionsOf,
  checkTrigger,
  isPlainObject,
  nameProblem,
  type ActionField,
  type ActionSummary,
  type Definition,
  type SourceMapping
} from './mappings'

/** The editor's controls belong to this form (their `form` attribute), not to the settings form they sit in. */
const EDITOR_FORM = 'mapping-editor'

export interface MappingsPanel {
  /** The mappings as the panel holds them now, saved or not. */
  current(): SourceMapping[]
}

/** How a field's value is typed into the editor: a checkbox, JSON (an object or a path), or plain text. */
function fieldKind(field: ActionField): 'boolean' | 'json' | 'number' | 'text' {
  if (field.type === 'boolean') return 'boolean'
  if (field.type === 'object' || isPlainObject(field.default)) return 'json'
  if (field.type === 'number' || field.type === 'integer') return 'number'
  return 'text'
}

/** A field's value as its control shows it. */
function controlText(value: unknown): string {
  if (value === undefined) return ''
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/** What the catalogue and the editor say about a field beside its label. */
function fieldFacts(field: ActionField): string {
  const facts = [field.type]
  if (field.required) facts.push('required')
  if (field.default !== undefined) facts.push(`default ${JSON.stringify(field.default)}`)
  return facts.join(' · ')
}

/** The field's value from its editor control: the value, nothing (left empty), or why it is not one. */
function readField(key: string, field: ActionField, control: HTMLInputElement | HTMLTextAreaElement) {
  const kind = fieldKind(field)
  if (kind === 'boolean') return { value: (control as HTMLInputElement).checked }
  const text = control.value.trim()
  if (text === '') return field.required ? { error: `${field.label} is required.` } : {}
  if (kind === 'number') {
    return Number.isFinite(Number(text)) ? { value: Number(text) } : { error: `${field.label} must be a number.` }
  }
  // A string field takes plain text, or a path as JSON (`{"@path":"$.traits.name"}`); an object field only JSON.
  if (kind === 'text' && !text.startsWith('{')) return { value: text }
  try {
    const value: unknown = JSON.parse(text)
    if (isPlainObject(value)) return { value }
  } catch {
    // Said below.
  }
  return { error: `${field.label} (${key}) must be a JSON object, for example {"@path":"$.properties"}.` }
}

export function showMappingsPanel(
  definition: Definition,
  initial: SourceMapping[],
  problems: string[],
  onChange: () => void
): MappingsPanel {
  const actions = actionsOf(definition)
  const titleOf = (key: string): string => actions.find((action) => action.key === key)?.title ?? key
  const mappings = initial.map((mapping) => ({ ...mapping, mapping: { ...mapping.mapping } }))
  const savedNames = initial.map((mapping) => mapping.name)
  /** The mapping being edited, by its place in the list; undefined while the editor adds a new one. */
  let editing: number | undefined

  const section = byId('mappings')
  const list = element('ul', { class: 'mapping-list', id: 'mapping-list' })
  const status = element('p', { id: 'mapping-status', class: 'mapping-status', role: 'status' })
  byId('mapping-problems').textContent = problems.join(' ')

  // ---- the list ----------------------------------------------------------------------------------------------

  function row(mapping: SourceMapping, index: number): HTMLElement {
    const toggle = element('input', { type: 'checkbox', 'data-mapping': mapping.name })
    toggle.checked = mapping.enabled
    toggle.addEventListener('change', () => {
      mapping.enabled = toggle.checked
      changed(`${mapping.name} ${toggle.checked ? 'on' : 'off'}.`)
    })
    const tags = [element('span', { class: 'tag' }, titleOf(mapping.partnerAction))]
    if (definition.presets.some((preset) => preset.name === mapping.name)) {
      tags.push(element('span', { class: 'tag tag--preset' }, 'preset'))
    }
    if (!savedNames.includes(mapping.name)) tags.push(element('span', { class: 'tag tag--new' }, 'not saved yet'))
    const edit = element(
      'button',
      { type: 'button', class: 'link-button', 'aria-label': `Edit ${mapping.name}` },
      'Edit'
    )
    edit.addEventListener('click', () => openEditor(mapping.partnerAction, index))
    const remove = element(
      'button',
      { type: 'button', class: 'link-button', 'aria-label': `Remove ${mapping.name}` },
      'Remove'
    )
    remove.addEventListener('click', () => {
      mappings.splice(index, 1)
      if (editing !== undefined) closeEditor()
      changed(`${mapping.name} removed.`)
    })
    return element(
      'li',
      { class: 'mapping-row', 'data-mapping-name': mapping.name },
      element(
        'div',
        { class: 'mapping-head' },
        element('label', { class: 'inline mapping-toggle' }, toggle, element('strong', {}, mapping.name)),
        element('span', { class: 'tags' }, ...tags),
        element('span', { class: 'mapping-buttons' }, edit, remove)
      ),
      element('div', { class: 'mapping-trigger' }, 'Trigger: ', element('code', { class: 'fql' }, mapping.subscribe)),
      element('pre', { class: 'mapping-json' }, JSON.stringify(mapping.mapping, null, 2))
    )
  }

  function renderList(): void {
    list.replaceChildren(...mappings.map(row))
    if (mappings.length === 0) {
      list.append(element('li', { class: 'mapping-empty' }, 'No mappings: the destination is off for this source.'))
    }
  }

  function changed(what: string): void {
    renderList()
    status.textContent = `${what} Save and reload to apply.`
    onChange()
  }

  // ---- the editor --------------------------------------------------------------------------------------------

  const editorTitle = element('h4', { id: 'mapping-editor-title' }, 'New mapping')
  const actionSelect = element(
    'select',
    { id: 'mapping-action', form: EDITOR_FORM, 'aria-describedby': 'mapping-action-description' },
    ...actions.map((action) => element('option', { value: action.key }, action.title))
  )
  const actionDescription = element('small', { id: 'mapping-action-description', class: 'setting-description' })
  const trigger = element('input', {
    id: 'mapping-trigger',
    form: EDITOR_FORM,
    type: 'text',
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'mapping-trigger-help mapping-trigger-check'
  })
  const triggerCheck = element('p', { id: 'mapping-trigger-check', class: 'fql-check', 'aria-live': 'polite' })
  const fieldsBox = element('fieldset', { id: 'mapping-fields', class: 'mapping-fields' })
  const nameInput = element('input', { id: 'mapping-name', form: EDITOR_FORM, type: 'text', autocomplete: 'off' })
  const enabledBox = element('input', { id: 'mapping-enabled', form: EDITOR_FORM, type: 'checkbox' })
  const errors = element('p', { id: 'mapping-errors', class: 'errors', role: 'alert' })
  const submit = element('button', { type: 'submit', form: EDITOR_FORM, id: 'mapping-submit' }, 'Add mapping')
  const cancel = element('button', { type: 'button', class: 'link-button', id: 'mapping-cancel' }, 'Cancel')
  const editor = element(
    'section',
    { class: 'mapping-editor', id: 'mapping-editor-panel', 'aria-labelledby': 'mapping-editor-title', hidden: '' },
    editorTitle,
    element('label', { class: 'setting' }, element('span', { class: 'setting-label' }, '1. Action'), actionSelect),
    actionDescription,
    element(
      'label',
      { class: 'setting' },
      element('span', { class: 'setting-label' }, '2. Trigger (FQL)'),
      trigger,
      element(
        'small',
        { id: 'mapping-trigger-help', class: 'setting-description' },
        'Which events run the action, in FQL, for example type = "track" and event = "Help Clicked", ' +
          'or properties.cart_total > 200.'
      )
    ),
    triggerCheck,
    fieldsBox,
    element(
      'label',
      { class: 'setting' },
      element('span', { class: 'setting-label' }, '4. Name'),
      nameInput,
      element('small', { class: 'setting-description' }, 'How this mapping is listed; unique for the source.')
    ),
    element('label', { class: 'inline' }, enabledBox, ' Enabled'),
    errors,
    element('div', { class: 'editor-buttons' }, submit, cancel)
  )

  function showTriggerCheck(): boolean {
    const check = checkTrigger(trigger.value)
    triggerCheck.classList.toggle('fql-check--error', !check.valid)
    triggerCheck.textContent = check.valid
      ? `The runtime reads it as: ${check.readsAs}`
      : `Not valid FQL: ${check.error}`
    return check.valid
  }

  /** The editor's controls for one action's fields, filled from `values` (a mapping being edited) or the defaults. */
  function renderFields(action: ActionSummary, values: Record<string, unknown> | undefined): void {
    fieldsBox.replaceChildren(element('legend', {}, '3. Fields'))
    if (action.fields.length === 0) fieldsBox.append(element('p', { class: 'hint' }, 'This action has no fields.'))
    for (const [key, field] of action.fields) {
      const id = `mapping-field-${key}`
      const describedBy = `${id}-description`
      const value = values ? values[key] : field.default
      const kind = fieldKind(field)
      const attributes = { id, form: EDITOR_FORM, 'data-field': key, 'aria-describedby': describedBy }
      let control: HTMLInputElement | HTMLTextAreaElement
      if (kind === 'boolean') {
        control = element('input', { ...attributes, type: 'checkbox' })
        control.checked = value === true
      } else if (kind === 'json') {
        control = element('textarea', { ...attributes, rows: '2', spellcheck: 'false' })
        control.value = controlText(value)
      } else {
        control = element('input', { ...attributes, type: kind === 'number' ? 'number' : 'text', spellcheck: 'false' })
        control.value = controlText(value)
      }
      const head = element(
        'span',
        { class: 'setting-head' },
        element('span', { class: 'setting-label' }, field.label),
        element('code', { class: 'setting-type' }, `${key} · ${fieldFacts(field)}`)
      )
      const description = element('small', { id: describedBy, class: 'setting-description' }, field.description)
      fieldsBox.append(
        kind === 'boolean'
          ? element('label', { class: 'setting setting--inline' }, control, head, description)
          : element('label', { class: 'setting' }, head, control, description)
      )
    }
  }

  /** A name for a new mapping of this action that no other mapping has. */
  function freeName(action: ActionSummary): string {
    const taken = mappings.map((mapping) => mapping.name)
    let name = action.title
    for (let n = 2; taken.includes(name); n++) name = `${action.title} ${n}`
    return name
  }

  /** Fills the editor for a new mapping of `actionKey`, or for the mapping at `index`. */
  function openEditor(actionKey: string, index?: number): void {
    editing = index
    const existing = index === undefined ? undefined : mappings[index]
    const action = actions.find((candidate) => candidate.key === actionKey) ?? actions[0]
    actionSelect.value = action.key
    actionDescription.textContent = action.description
    trigger.value = existing?.subscribe ?? action.defaultSubscription ?? ''
    renderFields(action, existing?.mapping)
    nameInput.value = existing?.name ?? freeName(action)
    enabledBox.checked = existing?.enabled ?? true
    editorTitle.textContent = existing ? `Edit mapping: ${existing.name}` : 'New mapping'
    submit.textContent = existing ? 'Update mapping' : 'Add mapping'
    errors.textContent = ''
    showTriggerCheck()
    editor.hidden = false
    actionSelect.focus()
  }

  function closeEditor(): void {
    editing = undefined
    editor.hidden = true
    errors.textContent = ''
  }

  actionSelect.addEventListener('change', () => {
    // Another action: its own fields and default trigger; a name the owner typed stays.
    const action = actions.find((candidate) => candidate.key === actionSelect.value) ?? actions[0]
    const previous = actions.find((candidate) => nameInput.value === freeName(candidate))
    actionDescription.textContent = action.description
    trigger.value = action.defaultSubscription ?? ''
    renderFields(action, undefined)
    if (previous || nameInput.value.trim() === '') nameInput.value = freeName(action)
    showTriggerCheck()
  })
  trigger.addEventListener('input', showTriggerCheck)

  /** Adds (or updates) the mapping the editor describes, or says why it cannot. */
  function submitEditor(): void {
    const action = actions.find((candidate) => candidate.key === actionSelect.value) ?? actions[0]
    const found: string[] = []
    const check = checkTrigger(trigger.value)
    showTriggerCheck()
    if (!check.valid) found.push(`The trigger is not valid FQL: ${check.error}.`)
    const mapping: Record<string, unknown> = {}
    for (const [key, field] of action.fields) {
      const control = fieldsBox.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-field="${key}"]`)
      if (!control) continue
      const read = readField(key, field, control)
      if ('error' in read && read.error) found.push(read.error)
      else if ('value' in read) mapping[key] = read.value
    }
    const name = nameInput.value.trim()
    const others = mappings.filter((_, index) => index !== editing).map((other) => other.name)
    const named = nameProblem(name, others)
    if (named) found.push(`Name: ${named}.`)
    errors.textContent = found.join(' ')
    if (found.length > 0) return

    const next: SourceMapping = {
      name,
      subscribe: trigger.value.trim(),
      partnerAction: action.key,
      mapping,
      enabled: enabledBox.checked
    }
    const verb = editing === undefined ? 'added' : 'updated'
    if (editing === undefined) mappings.push(next)
    else mappings[editing] = next
    closeEditor()
    changed(`${name} ${verb}.`)
    list.querySelector<HTMLInputElement>(`[data-mapping="${CSS.escape(name)}"]`)?.focus()
  }

  const editorForm = element('form', { id: EDITOR_FORM, class: 'mapping-editor-form', novalidate: '' })
  editorForm.addEventListener('submit', (event) => {
    event.preventDefault()
    submitEditor()
  })
  // Outside the settings form (forms cannot nest): the editor's controls name it in their `form` attribute.
  byId('segment-settings').after(editorForm)

  // ---- every action of the definition ----------------------------------------------------------------------

  function actionCard(action: ActionSummary): HTMLElement {
    const add = element(
      'button',
      { type: 'button', class: 'add-mapping', 'aria-label': `Add a mapping for ${action.title}` },
      '+ Add mapping'
    )
    add.addEventListener('click', () => openEditor(action.key))
    const fields = element('dl', { class: 'action-fields' })
    for (const [key, field] of action.fields) {
      fields.append(
        element(
          'dt',
          {},
          element('span', { class: 'setting-label' }, field.label),
          ' ',
          element('code', { class: 'setting-type' }, `${key} · ${fieldFacts(field)}`)
        ),
        element('dd', {}, field.description)
      )
    }
    return element(
      'article',
      { class: 'action-card', 'data-action': action.key },
      element('h4', {}, action.title),
      element('p', { class: 'action-description' }, action.description),
      action.defaultSubscription
        ? element(
            'p',
            { class: 'action-trigger' },
            'Suggested trigger: ',
            element('code', { class: 'fql' }, action.defaultSubscription)
          )
        : '',
      fields,
      add
    )
  }

  const newMapping = element('button', { type: 'button', class: 'add-mapping', id: 'new-mapping' }, '+ New mapping')
  newMapping.addEventListener('click', () => openEditor(actions[0].key))
  cancel.addEventListener('click', () => {
    closeEditor()
    newMapping.focus()
  })

  section.append(
    list,
    status,
    newMapping,
    editor,
    element(
      'details',
      { class: 'actions-catalogue', id: 'actions-catalogue', open: '' },
      element('summary', {}, `The destination's actions (${actions.length})`),
      element(
        'p',
        { class: 'hint' },
        'What this destination can do; a mapping runs one of them on the events it matches.'
      ),
      ...actions.map(actionCard)
    )
  )
  renderList()

  return { current: () => mappings.map((mapping) => ({ ...mapping })) }
}
