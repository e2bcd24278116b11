/**
 * What the unit tests share: the destination registered as a site registers it, the widget's part played, a clean
 * page. The tests run here (Jest 30) and in Segment's monorepo (Jest 27, jsdom 16, whose setup resets every mock and
 * empties the document before each test), so only what both have is used.
 */
import { Analytics, Context } from '@segment/analytics-next'
import type { Plugin } from '@segment/analytics-next'
import type { Subscription } from '@segment/browser-destination-runtime/types'
import {
  clearInterval as clearRealInterval,
  setImmediate as setRealImmediate,
  setInterval as setRealInterval
} from 'timers'
import userlikeWebDestination, { destination } from './index'
import type { Settings } from './generated-types'
import { EXAMPLE_SECRET_KEY, EXAMPLE_WIDGET_URL } from './test-facts'

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

/** An action of the destination, by its key. */
export type ActionKey = keyof typeof destination.actions

/**
 * A mapping a workspace adds in Segment's app: `action` on the events `subscribe` (FQL) selects, enabled, with
 * `mapping` or else what the app fills in, each field's default (as actions-core's `defaultValues` does).
 */
export function actionSubscription(
  action: ActionKey,
  subscribe: string,
  mapping?: Subscription['mapping']
): Subscription {
  const fields: Record<string, { default?: unknown }> = destination.actions[action].fields
  const defaults = Object.entries(fields).filter(([, field]) => field.default !== undefined)
  return {
    name: `${action} on ${subscribe}`,
    partnerAction: action,
    subscribe,
    mapping:
      mapping ?? (Object.fromEntries(defaults.map(([key, field]) => [key, field.default])) as Subscription['mapping']),
    enabled: true
  }
}

/**
 * Registers the destination the way a site does: the package's plugin factory, called with the settings, the preset
 * subscriptions and the workspace's own `mappings`, registered on a real analytics-next instance beside another
 * destination.
 * Tests that are not about the loading schedule get `loadWidget: 'immediately'`: the widget script is in the page
 * when `initialize` has run (`initialized` never means that the widget has loaded).
 */
export async function startDestination(
  settings: { secretKey?: unknown; loadWidget?: unknown; mappings?: Subscription[] } & Omit<
    Partial<Settings>,
    'secretKey' | 'loadWidget'
  >,
  analytics = new Analytics({ writeKey: 'test-write-key' })
): Promise<StartedDestination> {
  const { mappings = [], ...destinationSettings } = settings
  const created = await userlikeWebDestination({
    loadWidget: 'immediately',
    ...destinationSettings,
    subscriptions: [...presetSubscriptions(), ...mappings]
  } as never)
  const plugins = Array.isArray(created) ? created : [created]
  const other = recordingDestination()
  await analytics.register(other, ...plugins)
  // The runtime shares one `initialize` between the plugins; loading again joins it.
  const initialized = plugins[0].load(Context.system(), analytics)
  initialized.catch(() => undefined)
  return { analytics, other, initialized }
}

/**
 * The monorepo runs these tests in a jsdom that fetches every script a page inserts (`resources: 'usable'`), without
 * network there, where a fetch is a failure. So, from the moment these helpers load, a script with a `src` that goes
 * into the document through a DOM method is given a type no browser runs first: jsdom (16 and 26) requests only
 * scripts of a JavaScript type. It stays a script with its `src` for the destination and the tests, which play its
 * `load` or `error` event. (jsdom also requests a `src` set on a script already in the document; src/ never does so.)
 */
const HELD_SCRIPT_TYPE = 'text/x-held-by-test-utils'

/** The DOM's methods that insert nodes, wherever a prototype defines its own. */
const INSERTING_METHODS = [
  'appendChild',
  'insertBefore',
  'replaceChild',
  'append',
  'prepend',
  'replaceChildren',
  'before',
  'after',
  'replaceWith',
  'insertAdjacentElement'
]

/** Set on `Node.prototype` once the methods hold scripts: a fresh copy of these helpers must not wrap them again. */
const SCRIPTS_HELD = Symbol.for('userlike-web test-utils: scripts held')

function holdScripts(nodes: unknown[]): void {
  for (const node of nodes) {
    if (!(node instanceof Element || node instanceof DocumentFragment)) continue
    const scripts = [
      ...(node instanceof HTMLScriptElement ? [node] : []),
      ...Array.from(node.querySelectorAll('script'))
    ]
    for (const script of scripts) if (script.hasAttribute('src')) script.type = HELD_SCRIPT_TYPE
  }
}

function holdInsertedScripts(): void {
  const marked = Node.prototype as unknown as Record<symbol, boolean>
  if (marked[SCRIPTS_HELD]) return
  marked[SCRIPTS_HELD] = true
  const prototypes = [Node, Element, Document, DocumentFragment, CharacterData, DocumentType].map(
    (type) => type.prototype
  )
  for (const prototype of prototypes) {
    const methods = prototype as unknown as Record<string, (...args: unknown[]) => unknown>
    for (const name of INSERTING_METHODS.filter((method) => Object.prototype.hasOwnProperty.call(prototype, method))) {
      const insert = methods[name]
      methods[name] = function (this: unknown, ...args: unknown[]) {
        holdScripts(args)
        return insert.apply(this, args)
      }
    }
  }
}

holdInsertedScripts()

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

/** The legacy API's calls the destination's actions and sign-out make, each of which a widget may lack. */
export const CONTROL_METHODS = ['userlikeStartChat', 'userlikeShowButton', 'userlikeHideButton', 'logout'] as const
// In two steps: Prettier 2 (Segment's monorepo) and 3 disagree on the parentheses of `(typeof X)[number]`.
type ControlMethods = typeof CONTROL_METHODS
export type ControlMethod = ControlMethods[number]

/** Userlike's two forms of the ready callback: on the widget's object (its docs), or a global (older snippets). */
export type ReadyForm = 'userlike.userlikeReady' | 'window.userlikeReady'

/** The widget's object, `window.userlike`: the hand-over's methods, and the control methods it was given. */
export type SimulatedWidgetApi = {
  setData: jest.Mock
  userlikeUpdateAPI: jest.Mock
} & { [method in ControlMethod]?: jest.Mock }

export interface WidgetStart {
  /** The control methods the widget offers (none by default, as the hand-over's tests need none). */
  methods?: readonly ControlMethod[]
  /** The ready callback the widget calls once it has started; by default none (the test plays it, or the fallback). */
  ready?: ReadyForm
}

/**
 * Plays the widget script's part: it starts, exposes the legacy API (`window.userlike`, with `methods`), reports its
 * load and, with `ready`, calls that form of the ready callback. Returns the object it put on the page.
 */
export function finishWidgetLoad(
  script: HTMLScriptElement,
  { methods = [], ready }: WidgetStart = {}
): SimulatedWidgetApi {
  const api: SimulatedWidgetApi = { setData: jest.fn(), userlikeUpdateAPI: jest.fn() }
  for (const method of methods) api[method] = jest.fn()
  Object.assign(window, { userlike: api })
  script.dispatchEvent(new Event('load'))
  if (ready) playWidgetReady(ready)
  return api
}

/**
 * The widget saying its API is up, as Userlike's does: it calls the callback in that place where there is one (the
 * documented form reads `userlike.userlikeReady` on its own object). Returns whether there was one to call.
 */
export function playWidgetReady(form: ReadyForm): boolean {
  const place = form === 'window.userlikeReady' ? globals : globals.userlike
  const callback = (place as { userlikeReady?: unknown } | undefined)?.userlikeReady
  if (typeof callback !== 'function') return false
  if (form === 'window.userlikeReady') (callback as () => void)()
  else (place as { userlikeReady: () => void }).userlikeReady()
  return true
}

/** The methods the widget's object was called with, by name, in the order of the calls. */
export function widgetCalls(api: object): string[] {
  return Object.entries(api)
    .filter((entry): entry is [string, jest.Mock] => jest.isMockFunction(entry[1]))
    .flatMap(([name, mock]) => mock.mock.invocationCallOrder.map((order): [number, string] => [order, name]))
    .sort(([a], [b]) => a - b)
    .map(([, name]) => name)
}

/** The `Userlike:` warnings written so far (console.warn must be spied on). */
export function userlikeWarnings(): string[] {
  return (console.warn as jest.Mock).mock.calls
    .map(([message]) => String(message))
    .filter((m) => m.startsWith('Userlike:'))
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
  emptyPage()
  localStorage.clear()
  sessionStorage.clear()
  document.cookie.split(';').forEach((cookie) => {
    document.cookie = `${cookie.split('=')[0].trim()}=; expires=Thu, 01 Jan 1970 00:00:00 GMT`
  })
}

/**
 * For tests of what lives in src/'s modules for a page's lifetime (the widget is up, an open waits, the warnings given,
 * the latest visibility): before each test, a fresh copy of src/ and of these helpers, and a clean page
 * (`resetPage`). Timers are Jest's, moving on with the real clock (`fakeTimersRunningWithTheClock`), so that a test
 * can jump past `WIDGET_READY_FALLBACK_MS` and a timer of an earlier test's copy never fires into the next. Read
 * `.current` in a test.
 */
export function freshDestinationEachTest(): { readonly current: typeof import('./test-utils') } {
  let current: typeof import('./test-utils') | undefined
  let stopClock: (() => void) | undefined
  beforeEach(async () => {
    stopClock = fakeTimersRunningWithTheClock()
    jest.resetModules()
    current = await import('./test-utils')
    current.resetPage()
  })
  afterEach(() => {
    stopClock?.()
    resetPage()
  })
  return {
    get current() {
      if (!current) throw new Error('no fresh destination: freshDestinationEachTest() registers it before each test')
      return current
    }
  }
}

/** How often, in real time, `fakeTimersRunningWithTheClock` moves the fake clock on (as @sinonjs/fake-timers does). */
const CLOCK_STEP_MS = 20

/**
 * Jest's fake timers, moved on as real time passes: what a test awaits (analytics delivers in a timer) comes by
 * itself, and a test can still jump ahead. Jest 30's `useFakeTimers({ advanceTimers: true })`, which Jest 27 lacks;
 * Node's own timers drive it, which Jest never fakes. Returns what puts the real timers back.
 */
function fakeTimersRunningWithTheClock(): () => void {
  jest.useFakeTimers()
  const clock = setRealInterval(() => jest.advanceTimersByTime(CLOCK_STEP_MS), CLOCK_STEP_MS)
  return () => {
    clearRealInterval(clock)
    jest.useRealTimers()
  }
}

/**
 * Moves Jest's fake clock on by `ms`, running the timers due and, after each millisecond, the promise callbacks they
 * left (Jest 30's `advanceTimersByTimeAsync`, which Jest 27 lacks). Once no timer is pending, the clock jumps.
 */
export async function advanceTimersAsync(ms: number): Promise<void> {
  await flushPromises()
  jest.advanceTimersByTime(0)
  for (let left = ms; left > 0; left--) {
    await flushPromises()
    if (jest.getTimerCount() === 0) {
      jest.advanceTimersByTime(left)
      break
    }
    jest.advanceTimersByTime(1)
  }
  await flushPromises()
}

/** Resolves once every promise callback due has run: after a task of Node's own timers, which Jest never fakes. */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setRealImmediate(resolve))
}

/** The document and Userlike's globals as a new page has them; Web Storage and cookies are left as they are. */
function emptyPage(): void {
  document.head.innerHTML = ''
  document.body.innerHTML = '<script></script>'
  for (const name of ['userlikeData', 'userlike', 'userlikeTrackingEvent', 'userlikeReady']) {
    delete globals[name]
  }
}

/**
 * The next page load in the same tab, for tests under `freshDestinationEachTest`: the page emptied, a fresh copy of
 * src/ and of these helpers (use the ones returned), and Web Storage and cookies kept (analytics' stored user, the
 * tab's sessionStorage).
 */
export async function nextPageLoad(): Promise<typeof import('./test-utils')> {
  emptyPage()
  jest.resetModules()
  return import('./test-utils')
}
