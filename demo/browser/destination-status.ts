/**
 * The destination's status on the page, as a site owner would otherwise find it in the console: `off` (no preset
 * enabled: the runtime creates no plugin, so the widget never loads), `waiting` (for the widget script), `loaded`
 * (the widget script loaded), or `failed` with the destination's own `Userlike:` console message.
 */

export type DestinationState = 'off' | 'waiting' | 'loaded' | 'failed'

const TEXT: Record<DestinationState, string> = {
  off: 'Destination: off: no mapping is enabled, so the widget does not load',
  waiting: 'Destination: waiting for the widget',
  loaded: 'Destination: loaded: the widget is on the page',
  failed: 'Destination: failed'
}

let current: DestinationState = 'waiting'

function show(state: DestinationState, message?: string): void {
  // A failure stays on the page: a later script load (e.g. the site's own snippet) does not hide it, and the
  // destination's own `Userlike:` message is not replaced by the demo's plainer one.
  if (current === 'failed' && !message?.startsWith('Userlike:')) return
  current = state
  const element = document.getElementById('destination-status')
  if (!element) return
  element.dataset.state = state
  element.textContent = message === undefined ? TEXT[state] : `${TEXT[state]}: ${message}`
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
 * Starts watching: `Userlike:` messages on console.error / console.warn (the only way a site learns what
 * went wrong), and the widget script's load and error events (they do not bubble, so they are caught on the
 * way down). Call it before the destination loads.
 */
export function watchDestination(widgetHost: string, anyPresetEnabled: boolean): void {
  for (const level of ['error', 'warn'] as const) {
    const original = console[level].bind(console)
    console[level] = (...args: unknown[]) => {
      const message = args.map(userlikeMessage).find((text) => text !== undefined)
      if (message !== undefined) show('failed', message)
      original(...args)
    }
  }
  document.addEventListener(
    'load',
    (event) => {
      if (isWidgetScript(event.target, widgetHost)) show('loaded')
    },
    true
  )
  document.addEventListener(
    'error',
    (event) => {
      if (isWidgetScript(event.target, widgetHost)) show('failed', 'the widget script did not load')
    },
    true
  )
  show(anyPresetEnabled ? 'waiting' : 'off')
}
