import { safely } from '../userlike-error'

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

/**
 * A function of ours that the widget calls where the page may keep its own handlers (`userlikeTrackingEvent`,
 * `userlikeReady`): each call runs the page's latest handler of `assigned` (oldest first), then, for the widget's own
 * call, `after`. A page handler that chains the value it read (ours) gets the handler assigned before it, so each
 * handler runs once per call. Nothing either throws reaches the widget.
 */
export function chainedHandler(
  assigned: unknown[],
  pageHandler: string,
  after: (self: unknown, args: unknown[]) => void
): (this: unknown, ...args: unknown[]) => void {
  // How deep the current call is in the page's chain: 0 is the widget's; deeper calls come from page handlers
  // calling the handler they replaced.
  let depth = 0
  return function (this: unknown, ...args: unknown[]): void {
    const page = assigned[assigned.length - 1 - depth]
    depth++
    try {
      safely(
        () => typeof page === 'function' && (page as (...args: unknown[]) => unknown).apply(this, args),
        `the page's own ${pageHandler} threw`
      )
    } finally {
      // Even where reporting failed (a console that throws): later calls must reach `after`.
      depth--
    }
    if (depth === 0) after(this, args)
  }
}

/** Keeps what the page assigns in `ours`'s place as its latest handler: ours, or the latest again, changes nothing. */
export function keepAssigned(assigned: unknown[], ours: unknown, value: unknown): void {
  if (value !== ours && value !== assigned[assigned.length - 1]) assigned.push(value)
}
