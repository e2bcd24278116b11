/** Every error this destination raises names its origin first, so a site's console points at the right tool. */
export function userlikeError(problem: string): Error {
  return new Error(`Userlike: ${problem}`)
}

/**
 * Reports a failure that must not interrupt the page (a widget callback, a site's own handler, the widget script),
 * with what the browser or the page threw, when there is such a thing.
 */
export function reportError(problem: string, error?: unknown): void {
  try {
    if (error === undefined) console.error(`Userlike: ${problem}`)
    else console.error(`Userlike: ${problem}`, error)
  } catch {
    // A console that inspects the thrown value (Node's, a page's logging wrapper) runs a hostile value's traps.
    console.error(`Userlike: ${problem}`)
  }
}

/** Runs `task` where nothing may reach the page (a timer, a listener, a widget callback): what it throws is reported. */
export function safely(task: () => unknown, problem: string): void {
  try {
    task()
  } catch (error) {
    reportError(problem, error)
  }
}

/** A setting this destination can do without: it says what it does instead. */
export function warn(problem: string): void {
  console.warn(`Userlike: ${problem}`)
}

const warned: string[] = []

/** `warn`, once per page for each problem: a call made on every event (or every registration) adds no noise. */
export function warnOnce(problem: string): void {
  if (warned.includes(problem)) return
  warned.push(problem)
  warn(problem)
}
