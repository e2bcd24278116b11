import { Analytics, Context, type Plugin } from '@segment/analytics-next'
import type { Subscription } from '@segment/browser-destination-runtime/types'
import userlikeWebDestination, { destination } from '../src'
import type { Settings } from '../src/generated-types'
import { EXAMPLE_SECRET_KEY } from '../demo/contract'
import { EXAMPLE_WIDGET_URL } from './facts'

/** The unit tests' valid key: the example key from Userlike's documentation, and the widget URL it must load. */
export const VALID_KEY = EXAMPLE_SECRET_KEY
export const WIDGET_URL = EXAMPLE_WIDGET_URL

/** The page's globals, for tests that set or read Userlike's (`userlikeData`, `userlikeTrackingEvent`, ...). */
export const globals = window as unknown as Record<string, unknown>

/** The subscriptions a workspace gets from the destination's presets, all enabled. */
export function presetSubscriptions(): Subscription[] {
  return (destination.presets ?? []).map((preset) => ({
    name: preset.name ?? preset.partnerAction,
    partnerAction: preset.partnerAction,
    subscribe: 'subscribe' in preset ? preset.subscribe : '',
    mapping: preset.mapping ?? {},
    enabled: true
  }))
}

/** Another destination on the same page: it records what analytics delivers to it. */
export function recordingDestination(): Plugin & { events: Context['event'][] } {
  const events: Context['event'][] = []
  const record = (ctx: Context): Context => {
    events.push(ctx.event)
    return ctx
  }
  return {
    name: 'Recording Destination',
    type: 'destination',
    version: '1.0.0',
    events,
    isLoaded: () => true,
    load: () => Promise.resolve(),
    track: record,
    identify: record,
    page: record
  }
}

export interface StartedDestination {
  analytics: Analytics
  other: ReturnType<typeof recordingDestination>
  /** Settles when the destination's `initialize` does. */
  initialized: Promise<unknown>
}

/**
 * Registers the destination the way a site does: the package's plugin factory, called with the settings and
 * the preset subscriptions, registered on a real analytics-next instance beside another destination.
 * Tests that are not about the loading schedule get `loadWidget: 'immediately'`: the widget script is in the page
 * when `initialize` has run (`initialized` never means that the widget has loaded).
 */
export async function startDestination(
  settings: { secretKey?: unknown; loadWidget?: unknown } & Omit<Partial<Settings>, 'secretKey' | 'loadWidget'>,
  analytics = new Analytics({ writeKey: 'test-write-key' })
): Promise<StartedDestination> {
  const created = await userlikeWebDestination({
    loadWidget: 'immediately',
    ...settings,
    subscriptions: presetSubscriptions()
  } as never)
  const plugins = Array.isArray(created) ? created : [created]
  const other = recordingDestination()
  await analytics.register(other, ...plugins)
  // The runtime shares one `initialize` between the plugins; loading again joins it.
  const initialized = plugins[0].load(Context.system(), analytics)
  initialized.catch(() => undefined)
  return { analytics, other, initialized }
}

export function widgetScripts(): HTMLScriptElement[] {
  return Array.from(document.querySelectorAll('script')).filter((script) => script.src.includes('userlike-cdn-widgets'))
}

/** Resolves once the destination has added the widget script to the page. */
export async function widgetScriptAdded(): Promise<HTMLScriptElement> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const [script] = widgetScripts()
    if (script) return script
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  throw new Error('the widget script was never added')
}

/** A destination started as in `startDestination` whose widget has loaded, once `initialize` has settled. */
export async function startWithWidget(
  ...args: Parameters<typeof startDestination>
): Promise<StartedDestination & { api: SimulatedWidgetApi }> {
  const started = await startDestination(...args)
  const api = finishWidgetLoad(await widgetScriptAdded())
  await started.initialized
  return { ...started, api }
}

/** The Live Chat events analytics delivered to the other destination, over one or more started destinations. */
export function liveChatEvents(...started: StartedDestination[]): Context['event'][] {
  return started.flatMap(({ other }) => other.events.filter((event) => event.event?.startsWith('Live Chat')))
}

/** The names of `liveChatEvents`, in delivery order. */
export function liveChatNames(...started: StartedDestination[]): string[] {
  return liveChatEvents(...started).map((event) => String(event.event))
}

export interface SimulatedWidgetApi {
  setData: jest.Mock
  userlikeUpdateAPI: jest.Mock
}

/** Plays the widget script's part: it starts, exposes the legacy API and reports its load. */
export function finishWidgetLoad(script: HTMLScriptElement): SimulatedWidgetApi {
  const api = { setData: jest.fn(), userlikeUpdateAPI: jest.fn() }
  Object.assign(window, { userlike: api })
  script.dispatchEvent(new Event('load'))
  return api
}

/** The widget calling the tracking callback the destination installed. */
export function widgetEvent(...args: unknown[]): void {
  const handler = (window as unknown as { userlikeTrackingEvent?: (...args: unknown[]) => void }).userlikeTrackingEvent
  if (typeof handler !== 'function') throw new Error('no userlikeTrackingEvent is installed')
  handler(...args)
}

/** Waits until analytics has delivered what it was handed: track() resolves after delivery. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

/** A clean page: one inline script (as every page that runs analytics has), no Userlike globals, no stored user. */
export function resetPage(): void {
  document.head.innerHTML = ''
  document.body.innerHTML = '<script></script>'
  for (const name of ['userlikeData', 'userlike', 'userlikeTrackingEvent', 'userlikeReady']) {
    delete globals[name]
  }
  localStorage.clear()
  document.cookie.split(';').forEach((cookie) => {
    document.cookie = `${cookie.split('=')[0].trim()}=; expires=Thu, 01 Jan 1970 00:00:00 GMT`
  })
}
