/** Every error this destination raises names its origin first, so a site's console points at the right tool. */
export class UserlikeError extends Error {
  constructor(problem: string, options?: { cause?: unknown }) {
    super(`Userlike: ${problem}`, options)
    this.name = 'UserlikeError'
  }
}

/** Reports a failure that must not interrupt the page (a widget callback, a site's own handler). */
export function reportError(problem: string, error: unknown): void {
  console.error(`Userlike: ${problem}`, error)
}
