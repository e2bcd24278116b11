import type { InputField, JSONObject, JSONValue } from '@segment/actions-core'

/**
 * A preset's mapping is each field's default. actions-core has a helper for this, but only in its root
 * entry, which drags the server-side engine into a browser bundle (see the size trap in the runtime notes).
 */
export function defaultMapping(fields: Record<string, InputField>): JSONObject {
  const mapping: JSONObject = {}
  for (const [key, field] of Object.entries(fields)) {
    // Defaults are JSON literals in a definition; the field type only widens them to `object`.
    if (field.default !== undefined) mapping[key] = field.default as JSONValue
  }
  return mapping
}
