/**
 * Checks on values this destination does not own (settings, widget arguments, page globals, traits), shared by the
 * widget adapter and the Live Chat rules. They rest on operators, `Array.isArray` and `Object.prototype`'s
 * `hasOwnProperty`, not on a collection a page's old library may have replaced with a shim (`Map`, `Set`).
 */
export type PlainObject = Record<string, unknown>

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** True when `value` names one of `table`'s own entries (not `toString`, `__proto__` or the like from its prototype). */
export function isOwnKey<Table extends object>(table: Table, value: unknown): value is keyof Table & string {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(table, value)
}
