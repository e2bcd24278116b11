/**
 * The destination's status on the page, as a site owner would otherwise piece it together from the console: `off`
 * (no mapping enabled: the runtime creates no plugin, so the widget never loads), `consent` (held for the visitor's
 * consent, with what the page's consent manager says), `waiting` (for the widget script), `loaded` (the widget
 * script loaded), or `failed` with the destination's own `Userlike:` error. Below it, every `Userlike:` message the
 * console got, warnings included.
 */

export type DestinationState = 'off' | 'consent' | 'waiting' | 'loaded' | 'failed'

const TEXT: Record<Exclude<DestinationState, 'consent'>, string> = {
  off: 'Destination: off: no mapping is enabled, so the widget does not load',
  waiting: 'Destination: waiting for the widget',
  loaded: 'Destination: loaded: the widget is on the page',
  failed: 'Destination: failed'
}

const status = {
  enabled: true,
  /** What holds the destination for consent, in the consent manager's words; undefined: nothing does. */
  consentHold: undefined as string | undefined,
  scriptLoaded: false,
  failure: undefined as string | undefined
}

function render(): void {
  const element = document.getElementById('destination-status')
  if (!element) return
  let state: DestinationState
  let text: string
  if (status.failure !== undefined) [state, text] = ['failed', `${TEXT.failed}: ${status.failure}`]
  else if (!status.enabled) [state, text] = ['off', TEXT.off]
  else if (status.consentHold !== undefined) [state, text] = ['consent', `Destination: ${status.consentHold}`]
  else if (status.scriptLoaded) [state, text] = ['loaded', TEXT.loaded]
  else [state, text] = ['waiting', TEXT.waiting]
  element.dataset.state = state
  element.textContent = text
}

function fail(message: string): void {
  // A failure stays on the page: a later script load (e.g. the site's own snippet) does not hide it, and the
  // destination's own `Userlike:` message is not replaced by the demo's plainer one.
  if (status.failure !== undefined && !message.startsWith('Userlike:')) return
  status.failure = message
  render()
}

/** Lists a `Userlike:` console message under the status. */
function list(level: 'error' | 'warn', message: string): void {
  const messages = document.getElementById('destination-messages')
  if (!messages) return
  const item = document.createElement('li')
  item.className = `destination-message destination-message--${level}`
  item.textContent = message
  messages.append(item)
}

function isWidgetScript(target: EventTarget | null, widgetHost: string): boolean {
  if (!(target instanceof HTMLScriptElement) || target.src === '') return false
  return new URL(target.src).hostname === widgetHost
}

/**
 * A `Userlike:` message in one console argument: the destination prints its own; analytics-next prints the error
 * an `initialize` threw as an Error after the plugin's name.
 */
function userlikeMessage(arg: unknown): string | undefined {
  const text = arg instanceof Error ? arg.message : arg
  return typeof text === 'string' && text.startsWith('Userlike:') ? text : undefined
}

/**
 * Starts watching: `Userlike:` messages on console.error (a failure) and console.warn (listed), the only way a site
 * learns what went wrong, and the widget script's load and error events (they do not bubble, so they are caught on
 * the way down). Call it before the destination loads.
 */
export function watchDestination(widgetHost: string, anyMappingEnabled: boolean): void {
  for (const level of ['error', 'warn'] as const) {
    const original = console[level].bind(console)
    console[level] = (...args: unknown[]) => {
      const message = args.map(userlikeMessage).find((text) => text !== undefined)
      if (message !== undefined) {
        list(level, message)
        if (level === 'error') fail(message)
      }
      original(...args)
    }
  }
  document.addEventListener(
    'load',
    (event) => {
      if (!isWidgetScript(event.target, widgetHost)) return
      status.scriptLoaded = true
      render()
    },
    true
  )
  document.addEventListener(
    'error',
    (event) => {
      if (isWidgetScript(event.target, widgetHost)) fail('the widget script did not load')
    },
    true
  )
  status.enabled = anyMappingEnabled
  render()
}

/** Holds the status for the visitor's consent, with `reason` (after "Destination: "); undefined: no longer held. */
export function holdForConsent(reason: string | undefined): void {
  status.consentHold = reason
  render()
}
