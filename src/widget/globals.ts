/**
 * The globals Userlike's widget reads and writes. Every one of them may be missing or hold anything: the
 * page, other scripts and the widget itself own them, so all readers here check what they find.
 */
export interface UserlikeGlobals {
  /** Read by the widget when it starts: `user` pre-fills the contact, `custom` is shown to operators. */
  userlikeData?: unknown
  /** The legacy API object, present once the widget has started. */
  userlike?: unknown
  /** Called by the widget for each chat event, when defined before the widget script loads. */
  userlikeTrackingEvent?: unknown
}

/** The page's `window`, typed with those globals: `(window as UserlikeWindow).userlikeData`. */
export type UserlikeWindow = Window & UserlikeGlobals

export type PlainObject = Record<string, unknown>

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True when `value` names one of `table`'s own entries (not `toString`, `__proto__` or the like from its prototype). */
export function isOwnKey<Table extends object>(table: Table, value: unknown): value is keyof Table & string {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(table, value)
}
