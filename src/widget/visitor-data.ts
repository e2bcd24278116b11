import { reportError } from '../userlike-error'
import { isPlainObject, userlikeGlobals, type PlainObject } from './globals'

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
  const globals = userlikeGlobals()
  const data = isPlainObject(globals.userlikeData) ? globals.userlikeData : (globals.userlikeData = {})

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

  pushToWidgetApi(data)
}

export const userlikeClient: UserlikeClient = { updateVisitor }

function childObject(parent: PlainObject, key: 'user' | 'custom'): PlainObject {
  const existing = parent[key]
  if (isPlainObject(existing)) return existing
  const created: PlainObject = {}
  parent[key] = created
  return created
}

interface LegacyWidgetApi {
  setData(data: PlainObject): void
  userlikeUpdateAPI(): void
}

function pushToWidgetApi(data: PlainObject): void {
  const api = userlikeGlobals().userlike
  if (isLegacyWidgetApi(api)) {
    api.setData(data)
    api.userlikeUpdateAPI()
  }
}

function isLegacyWidgetApi(api: unknown): api is LegacyWidgetApi {
  return isPlainObject(api) && typeof api.setData === 'function' && typeof api.userlikeUpdateAPI === 'function'
}
