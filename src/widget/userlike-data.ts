import { reportError, safely } from '../userlike-error'
import { isPlainObject } from '../checks'
import type { PlainObject } from '../checks'
import type { UserlikeWindow } from './globals'

/** What the destination hands to the widget: the keys it puts into `userlikeData.user` and `userlikeData.custom`. */
export interface Layer {
  user: PlainObject
  custom: PlainObject
}

/** What this destination handed over last: the exact values, so that only where they still stand are removed. */
let handed: Layer = { user: {}, custom: {} }

/**
 * Makes `userlikeData` hold `layer` beside the page's own values: what was handed over before goes, where it still
 * holds our value (what the page wrote since stays). Pushes the outcome to the widget's legacy API when that is up
 * and `push` says so (by default: when the layer changed, so the same identify delivered twice pushes once).
 */
export function handOver(layer: Layer, push?: boolean): void {
  // Read here, not when the module loads: importing the package must not need a browser (server-side rendering).
  const globals = window as UserlikeWindow
  const before = handed
  handed = layer
  // A section the page froze or trapped costs that section only: the other one is still cleared or written.
  let failure: [unknown] | undefined
  for (const section of ['user', 'custom'] as const) {
    try {
      const [old, wanted, data] = [before[section], layer[section], globals.userlikeData]
      const current = isPlainObject(data) ? data[section] : undefined
      if (isPlainObject(current)) for (const key of Object.keys(old)) if (current[key] === old[key]) delete current[key]
      // Objects are created only for something to hand over.
      if (Object.keys(wanted).length) Object.assign(childObject(childObject(globals, 'userlikeData'), section), wanted)
    } catch (error) {
      failure ??= [error]
    }
  }
  if (push ?? JSON.stringify(layer) !== JSON.stringify(before)) {
    if (callWidget('setData', globals.userlikeData)) callWidget('userlikeUpdateAPI')
  }
  if (failure) throw failure[0]
}

/**
 * Calls `window.userlike[method](...args)` when the widget's legacy API is up and has it; false otherwise.
 * What it throws, or a promise it returns rejects with (the Messenger API's methods return promises), is reported.
 */
export function callWidget(method: string, ...args: unknown[]): boolean {
  const api = (window as UserlikeWindow).userlike
  if (!isPlainObject(api) || typeof api[method] !== 'function') return false
  const problem = `the widget's ${method} failed`
  // Thrown at once or rejected later, reported alike: nothing the widget throws reaches its own callback or stops the
  // calls queued after this one.
  safely(
    () =>
      Promise.resolve((api[method] as (...args: unknown[]) => unknown)(...args)).catch((error: unknown) =>
        reportError(problem, error)
      ),
    problem
  )
  return true
}

/** `parent[key]` when it is a plain object, else a new one put there. */
function childObject<Key extends string>(parent: { [key in Key]?: unknown }, key: Key): PlainObject {
  const existing = parent[key]
  return isPlainObject(existing) ? existing : (parent[key] = {})
}
