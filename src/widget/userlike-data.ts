import { reportError } from '../userlike-error'
import { isPlainObject, type PlainObject, type UserlikeWindow } from './globals'

/** What the destination hands to the widget: the keys it puts into `userlikeData.user` and `userlikeData.custom`. */
export interface Layer {
  user: PlainObject
  custom: PlainObject
}

type Section = keyof Layer

/** One key this destination wrote, and what the page had there before (absent: the key was not there). */
interface Written {
  value: unknown
  previous?: { value: unknown }
}

/** Per section: the object written into (the page may replace it) and the keys written there. */
const records: Record<Section, { target?: object; written: Map<string, Written> }> = {
  user: { written: new Map() },
  custom: { written: new Map() }
}

/** Counts changes to `userlikeData`: a hand-over that changed nothing pushes nothing (registering again). */
let writes = 0

const globals = window as UserlikeWindow

/**
 * Makes `userlikeData` hold exactly `layer` of ours beside the page's own values, and pushes it to the widget's
 * legacy API when that is up and `push` says so (by default: when something changed). A key of ours that is no longer wanted goes
 * back to the page's earlier value (or away), and only while it still holds our value: what the page wrote since
 * stays. An empty value never replaces the page's non-empty one.
 */
export function handOver(layer: Layer, push?: boolean): void {
  const before = writes
  for (const section of ['user', 'custom'] as const) {
    const wanted = layer[section]
    const data = globals.userlikeData
    // Replaced by the page since: what was written into the old object is out of the widget's sight.
    let record = records[section]
    if (!isPlainObject(data) || data[section] !== record.target) record = records[section] = { written: new Map() }
    if (Object.keys(wanted).length === 0 && record.written.size === 0) continue
    const target = (record.target = childObject(childObject(globals, 'userlikeData'), section))

    for (const [key, { value, previous }] of record.written) {
      if (wanted[key] === value) continue
      record.written.delete(key)
      if (target[key] !== value) continue
      writes++
      if (previous) target[key] = previous.value
      else delete target[key]
    }
    for (const [key, value] of Object.entries(wanted)) {
      if (record.written.has(key)) continue
      const had = Object.prototype.hasOwnProperty.call(target, key)
      if (isBlank(value) && !isBlank(target[key])) continue
      record.written.set(key, { value, previous: had ? { value: target[key] } : undefined })
      writes++
      target[key] = value
    }
  }
  if (push ?? writes !== before) callWidget('setData', globals.userlikeData) && callWidget('userlikeUpdateAPI')
}

/** True when anything was ever handed to `userlikeData` on this page. */
export const handedOver = (): boolean => writes > 0

/**
 * Calls `window.userlike[method](...args)` when the widget's legacy API is up and has it; false otherwise.
 * A promise it returns (the Messenger API's methods do) is watched for a rejection.
 */
export function callWidget(method: string, ...args: unknown[]): boolean {
  const api = globals.userlike
  if (!isPlainObject(api) || typeof api[method] !== 'function') return false
  Promise.resolve((api[method] as (...args: unknown[]) => unknown)(...args)).catch((error: unknown) =>
    reportError(`the widget's ${method} failed`, error)
  )
  return true
}

/**
 * Watches `window[name]` with an accessor, so that the page's later assignments reach `set` (and reading returns
 * `get()`). Left alone where the page made the property non-configurable, read-only or an accessor of its own.
 */
export function watchGlobal(
  name: 'userlikeData' | 'userlikeReady',
  get: () => unknown,
  set: (value: unknown) => void
): void {
  const descriptor = Object.getOwnPropertyDescriptor(window, name)
  if (descriptor && !(descriptor.configurable && descriptor.writable)) return
  set(descriptor?.value)
  Object.defineProperty(window, name, { get, set, configurable: true, enumerable: true })
}

export function isBlank(value: unknown): boolean {
  return value == null || (typeof value === 'string' && value.trim() === '')
}

/** `parent[key]` when it is a plain object, else a new one put there. */
function childObject<Key extends string>(parent: { [key in Key]?: unknown }, key: Key): PlainObject {
  const existing = parent[key]
  return isPlainObject(existing) ? existing : (parent[key] = {})
}
