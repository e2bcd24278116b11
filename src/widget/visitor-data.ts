import { reportError } from '../userlike-error'
import { isPlainObject, type PlainObject, type UserlikeWindow } from './globals'

/** What the destination may tell the widget about a visitor. */
export interface VisitorUpdate {
  name?: unknown
  email?: unknown
  custom?: unknown
}

/** The client handed to every action: the only way actions reach the widget. */
export interface UserlikeClient {
  updateVisitor(update: VisitorUpdate): void
}

/**
 * Merges the visitor into `window.userlikeData` (what the widget reads when it starts) and, once the
 * widget's legacy API is up, pushes the merged data to it. Values the page already set are only replaced
 * by non-empty ones, and nothing is written outside `userlikeData.user` and `userlikeData.custom`.
 */
export function updateVisitor(update: VisitorUpdate): void {
  try {
    mergeVisitor(update)
  } catch (error) {
    // The page and the widget own these objects: a frozen userlikeData, a throwing getter or a broken setData
    // costs this hand-over only, not the widget (initialize) nor the identify call.
    reportError('could not hand the visitor to the widget', error)
  }
}

function mergeVisitor(update: VisitorUpdate): void {
  const globals = window as UserlikeWindow
  const data = childObject(globals, 'userlikeData')
  const user = childObject(data, 'user')
  for (const field of ['name', 'email'] as const) {
    const value = update[field]
    if (typeof value === 'string' && value.trim() !== '') user[field] = value.trim()
  }

  if (isPlainObject(update.custom)) {
    const custom = childObject(data, 'custom')
    for (const [key, value] of Object.entries(update.custom)) {
      // An own "__proto__" key (from JSON.parse) would otherwise replace the prototype of `custom`.
      if (key !== '__proto__' && value !== undefined) custom[key] = value
    }
  }

  // Once the widget's legacy API is up, it takes the merged data.
  const api = globals.userlike
  if (isPlainObject(api) && typeof api.setData === 'function' && typeof api.userlikeUpdateAPI === 'function') {
    api.setData(data)
    api.userlikeUpdateAPI()
  }
}

export const userlikeClient: UserlikeClient = { updateVisitor }

/** `parent[key]` when it is a plain object, else a new one put there. */
function childObject<Key extends string>(parent: { [key in Key]?: unknown }, key: Key): PlainObject {
  const existing = parent[key]
  return isPlainObject(existing) ? existing : (parent[key] = {})
}
