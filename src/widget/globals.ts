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
  /** Called by the widget once its API is up. */
  userlikeReady?: unknown
}

/** The page's `window`, typed with those globals: `(window as UserlikeWindow).userlikeData`. */
export type UserlikeWindow = Window & UserlikeGlobals

/**
 * Watches `window[name]` with an accessor, so that the page's later assignments reach `set` (and reading returns
 * `get()`); `set` gets the value the global held first. Left alone, returning false, where the page made the
 * property non-configurable, read-only or an accessor (its own, or one installed before).
 */
export function watchGlobal(name: keyof UserlikeGlobals, get: () => unknown, set: (value: unknown) => void): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(window, name)
  if (descriptor && !(descriptor.configurable && descriptor.writable)) return false
  Object.defineProperty(window, name, { get, set, configurable: true, enumerable: true })
  // After the accessor is in place: whatever `set` assigns in turn goes through it too.
  set(descriptor?.value)
  return true
}
