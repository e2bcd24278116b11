/** Every error this destination raises names its origin first, so a site's console points at the right tool. */
export function userlikeError(problem: string, options?: { cause: unknown }): Error {
  return new Error(`Userlike: ${problem}`, options)
}

/** Reports a failure that must not interrupt the page (a widget callback, a site's own handler). */
export function reportError(problem: string, error: unknown): void {
  try {
    console.error(`Userlike: ${problem}`, error)
  } catch {
    // A console that inspects the thrown value (Node's, a page's logging wrapper) runs a hostile value's traps.
    console.error(`Userlike: ${problem}`)
  }
}
