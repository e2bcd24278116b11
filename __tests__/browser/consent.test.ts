/**
 * Segment's Consent Management (issue 21) in a real Chromium: the real analytics-next, Segment's real consent tools
 * (`@segment/analytics-consent-tools`, `createWrapper`) asking a stand-in CMP, and the destination's standalone script
 * as Segment's CDN loads it. The workspace maps the destination to one category; the visitor grants or denies it on
 * arrival or mid-page, in the opt-in model (the tools leave a denied destination out of the page) and the opt-out
 * model (the tools load it and block the events sent to it). Each scenario looks at everything the visitor's choice
 * governs, on the first page of a visit and the next: the requests for the widget, `window.userlikeData`, the calls
 * the widget gets (a recording stand-in), the Live Chat events delivered, and an Open Messenger mapping's action.
 */
import { EXAMPLE_WIDGET_URL, STARTED } from '../../src/test-facts'
import { useHarness, WAIT_MS } from './harness'
import {
  chooseConsent,
  controlStandIn,
  mapping,
  openWildPage,
  widgetCalls,
  widgetStarted,
  type ConsentPage,
  type WidgetCall,
  type WildPage
} from './wild-page'

const harness = useHarness()

/** The category the workspace maps the destination to (OneTrust's "functional"), and the visitor's two answers. */
const NEEDED = ['C0003']
const GRANTED = { C0001: true, C0003: true }
const DENIED = { C0001: true, C0003: false }

const VISITOR = { name: 'Ada Lovelace', email: 'ada@example.com' }

/** The enrichment plugin through which the destination reads the consent stamped on every event. */
const CONSENT_WATCHER = 'Userlike Web (Actions) consent'

/** A mapping a workspace adds: a track asking for the chat opens the messenger (every time, for these tests). */
const OPEN_ON_CHAT_REQUESTED = mapping('openMessenger', 'type = "track" and event = "Chat Requested"', {
  oncePerSession: false
})

/** A widget that records every call on its API and comes up as Userlike documents it (`userlike.userlikeReady()`). */
const RECORDING_WIDGET = controlStandIn({ ready: 'userlike.userlikeReady', readyAfterMs: 0 })

const CONSENT_CHANGED = 'Segment Consent Preference Updated'

const WITHDRAWN =
  'warning: Userlike: the visitor withdrew consent: their data was taken back from the widget, its session ended ' +
  'and its button hidden; only a reload removes the widget from this page.'

/** How long a test waits, once the page has provably got that far, for something that must not happen. */
const QUIET_MS = 800

/** The first page of a visit: the destination from Segment's CDN settings, the recording widget on Userlike's CDN. */
function openVisit(consent: ConsentPage | undefined, settings: Record<string, unknown> = {}): Promise<WildPage> {
  return openWildPage(harness.current, {
    path: 'cdn',
    consent,
    settings,
    widget: RECORDING_WIDGET,
    mappings: [OPEN_ON_CHAT_REQUESTED]
  })
}

/** The visitor's next page: the same tab, with analytics' and the CMP's storage. Returns the widget requests so far. */
async function nextPage(wild: WildPage): Promise<number> {
  const before = wild.widgetRequests.length
  await wild.page.goto(wild.page.url(), { waitUntil: 'load' })
  return before
}

type PageAnalytics = {
  identify(id: string, traits: object): Promise<unknown>
  track(event: string, properties?: object): Promise<unknown>
  instance?: { queue: { plugins: Array<{ name: string }> } }
}

function analyticsCall(wild: WildPage, call: 'identify' | 'chat requested'): Promise<void> {
  return wild.page.evaluate(
    ([which, visitor]) => {
      const { analytics } = window as unknown as { analytics: PageAnalytics }
      void (which === 'identify' ? analytics.identify('user-1', visitor) : analytics.track('Chat Requested'))
    },
    [call, VISITOR] as const
  )
}

let markers = 0

/**
 * Proves the page's analytics has handled everything sent before (a track sent now is delivered), then waits a quiet
 * moment more: what has not happened by then is not going to.
 */
async function settle(wild: WildPage): Promise<void> {
  const marker = `marker ${++markers}`
  await wild.page.evaluate(
    (name) => void (window as unknown as { analytics: PageAnalytics }).analytics.track('Consent Test Marker', { name }),
    marker
  )
  await wild.waitForDelivery(
    (body) => body.event === 'Consent Test Marker' && (body.properties as { name?: string }).name === marker,
    marker
  )
  await wild.page.waitForTimeout(QUIET_MS)
}

/**
 * The visitor's choice in the CMP's banner, once Segment's tools have sent it through analytics (their "Segment
 * Consent Preference Updated" track, delivered).
 */
async function choose(wild: WildPage, categories: Record<string, boolean>): Promise<void> {
  const changes = (): number => wild.delivered().filter((entry) => entry.body.event === CONSENT_CHANGED).length
  const before = changes()
  await chooseConsent(wild.page, categories)
  await until(changes, (count) => count > before, 'the consent change delivered')
}

/** The widget playing a chat start through the tracking callback; false where nobody installed one. */
function playChatStarted(wild: WildPage, conversation: string): Promise<boolean> {
  return wild.page.evaluate((chatId) => {
    const callback = (window as unknown as { userlikeTrackingEvent?: unknown }).userlikeTrackingEvent
    if (typeof callback !== 'function') return false
    ;(callback as (...args: unknown[]) => void)('chat_started', {}, { chat_id: chatId })
    return true
  }, conversation)
}

/** Live Chat events delivered for one conversation. */
function liveChat(wild: WildPage, conversation: string): string[] {
  return wild
    .delivered()
    .map((entry) => entry.body)
    .filter(
      (body) =>
        String(body.event ?? '').startsWith('Live Chat') &&
        (body.properties as { conversation_id?: unknown }).conversation_id === conversation
    )
    .map((body) => String(body.event))
}

function userlikeData(wild: WildPage): Promise<unknown> {
  return wild.page.evaluate(() => (window as unknown as { userlikeData?: unknown }).userlikeData)
}

function pluginNames(wild: WildPage): Promise<string[]> {
  return wild.page.evaluate(() =>
    ((window as unknown as { analytics: PageAnalytics }).analytics.instance?.queue.plugins ?? []).map((p) => p.name)
  )
}

/** Waits until `check` holds for what `read` returns (10 s at most). */
async function until<T>(read: () => Promise<T> | T, check: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_MS
  for (;;) {
    const value = await read()
    if (check(value)) return value
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${WAIT_MS / 1000} s; last seen ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The methods the destination called, without the stand-in's own marks around its ready callback. */
const methods = (calls: WidgetCall[]): string[] =>
  calls.map(({ method }) => method).filter((method) => !method.startsWith('ready'))
const lastSetData = (calls: WidgetCall[]): unknown =>
  calls.filter(({ method }) => method === 'setData').at(-1)?.args?.[0]

/**
 * The visitor on a page where the destination runs: the widget was requested once on this page; an identify reaches
 * `userlikeData` and the widget (`setData`), a Chat Requested track opens the messenger, a chat start is delivered
 * as Live Chat. `atStart`: the contact the widget found in `userlikeData` when it started (the stored traits).
 */
async function expectRunning(
  wild: WildPage,
  { requestsBefore, conversation, identify }: { requestsBefore: number; conversation: string; identify: boolean }
): Promise<{ atStart: unknown }> {
  const started = await widgetStarted(wild.page)
  if (identify) await analyticsCall(wild, 'identify')
  await analyticsCall(wild, 'chat requested')
  expect(await playChatStarted(wild, conversation)).toBe(true)
  await wild.waitForDelivery(
    (body) =>
      body.event === STARTED && (body.properties as { conversation_id?: unknown }).conversation_id === conversation,
    `${STARTED} of ${conversation}`
  )
  await until(
    () => widgetCalls(wild.page),
    (seen) => methods(seen).includes('userlikeStartChat'),
    'the messenger opened (userlikeStartChat)'
  )
  if (identify) {
    await until(
      () => widgetCalls(wild.page),
      (seen) => JSON.stringify(lastSetData(seen)).includes(VISITOR.email),
      'the visitor handed to the widget (setData)'
    )
  }
  expect(await userlikeData(wild)).toMatchObject({ user: VISITOR })
  expect(wild.widgetRequests.slice(requestsBefore)).toEqual([EXAMPLE_WIDGET_URL])
  expect(liveChat(wild, conversation)).toEqual([STARTED])
  return { atStart: (started.userlikeData as { user?: unknown } | null)?.user }
}

/**
 * The visitor on a page where the destination must do nothing: an identify, a Chat Requested track and a chat start
 * (where a callback is there to play it) change nothing of Userlike's: no request, no `userlikeData`, no widget and
 * so no call on it, no Live Chat event.
 */
async function expectOff(
  wild: WildPage,
  { requestsBefore, conversation, identify }: { requestsBefore: number; conversation: string; identify: boolean }
): Promise<void> {
  if (identify) await analyticsCall(wild, 'identify')
  await analyticsCall(wild, 'chat requested')
  await playChatStarted(wild, conversation)
  await settle(wild)
  expect({
    widgetRequests: wild.widgetRequests.slice(requestsBefore),
    userlikeData: await userlikeData(wild),
    widgetCalls: await widgetCalls(wild.page),
    liveChat: liveChat(wild, conversation)
  }).toEqual({ widgetRequests: [], userlikeData: undefined, widgetCalls: [], liveChat: [] })
}

/**
 * The visitor's choice on arrival, and what the destination does with it on both pages of the visit: on page 1 the
 * visitor signs in (identify), page 2 is their next page view, with the traits analytics stored.
 */
type Arrival = [
  scenario: string,
  consent: ConsentPage | undefined,
  destination: 'runs' | 'is off',
  watcher: 'registered' | 'none'
]

// prettier-ignore
const ARRIVALS: Arrival[] = [
  // The tools load a granted destination; they leave a denied one out of the page (so no watcher either).
  ['opt-in, category granted',  { categories: NEEDED, model: 'opt-in', initial: GRANTED }, 'runs', 'registered'],
  ['opt-in, category denied',   { categories: NEEDED, model: 'opt-in', initial: DENIED }, 'is off', 'none'],
  // The tools load the destination whatever the choice, and block the events sent to it when denied.
  ['opt-out, category granted', { categories: NEEDED, model: 'opt-out', initial: GRANTED }, 'runs', 'registered'],
  ['opt-out, category denied',  { categories: NEEDED, model: 'opt-out', initial: DENIED }, 'is off', 'registered'],
  // Events carry no stamp: no consent tooling here, nothing to wait for.
  ['categories mapped, no consent tools on the site', { categories: NEEDED }, 'runs', 'registered'],
  // No consent management for the destination: today's behaviour, and no watcher.
  ['no consent settings at all', undefined, 'runs', 'none'],
  ['no categories for the destination, the tools denying every category',
    { categories: [], model: 'opt-out', initial: { C0001: false, C0003: false } }, 'runs', 'none']
]

describe('the visitor arrives with their choice made', () => {
  it.each(ARRIVALS.map(([scenario, consent, destination, watcher]) => ({ scenario, consent, destination, watcher })))(
    '$scenario: the destination $destination on both pages of the visit; consent watcher: $watcher',
    async ({ consent, destination, watcher }) => {
      const wild = await openVisit(consent)
      const expectPage = destination === 'runs' ? expectRunning : expectOff
      await expectPage(wild, { requestsBefore: 0, conversation: 'page-1', identify: true })
      expect((await pluginNames(wild)).includes(CONSENT_WATCHER)).toBe(watcher === 'registered')

      const requestsBefore = await nextPage(wild)
      const page2 = await expectPage(wild, { requestsBefore, conversation: 'page-2', identify: false })
      // The contact analytics stored is handed over at start only where the destination runs.
      if (destination === 'runs') expect(page2?.atStart).toEqual(VISITOR)
      expect(wild.userlikeMessages()).toEqual([])
      expect(wild.pageErrors).toEqual([])
    }
  )
})

describe('the visitor grants consent mid-page', () => {
  it('opt-in: nothing on that page (the tools left the destination out); on the next, it runs with the visitor', async () => {
    const wild = await openVisit({ categories: NEEDED, model: 'opt-in', initial: DENIED })
    await expectOff(wild, { requestsBefore: 0, conversation: 'page-1 before', identify: true })
    await choose(wild, GRANTED)
    await expectOff(wild, { requestsBefore: 0, conversation: 'page-1 after', identify: false })

    const requestsBefore = await nextPage(wild)
    const { atStart } = await expectRunning(wild, { requestsBefore, conversation: 'page-2', identify: false })
    expect(atStart).toEqual(VISITOR)
    expect(wild.userlikeMessages()).toEqual([])
    expect(wild.pageErrors).toEqual([])
  })

  it('opt-out: the destination starts at once, handing over the visitor analytics knows; and on the next page', async () => {
    const wild = await openVisit({ categories: NEEDED, model: 'opt-out', initial: DENIED })
    await expectOff(wild, { requestsBefore: 0, conversation: 'page-1 before', identify: true })
    await choose(wild, GRANTED)
    const { atStart } = await expectRunning(wild, { requestsBefore: 0, conversation: 'page-1 after', identify: false })
    expect(atStart).toEqual(VISITOR)

    const requestsBefore = await nextPage(wild)
    expect((await expectRunning(wild, { requestsBefore, conversation: 'page-2', identify: false })).atStart).toEqual(
      VISITOR
    )
    expect(wild.userlikeMessages()).toEqual([])
    expect(wild.pageErrors).toEqual([])
  })

  it('opt-out, Load Widget on first interaction: after the grant, the widget waits for the interaction', async () => {
    const wild = await openVisit(
      { categories: NEEDED, model: 'opt-out', initial: DENIED },
      { loadWidget: 'onFirstInteraction' }
    )
    await expectOff(wild, { requestsBefore: 0, conversation: 'before', identify: true })
    await choose(wild, GRANTED)
    // Started: the visitor is handed over at once, but the widget is not requested before the visitor interacts.
    await until(
      () => userlikeData(wild),
      (data) => JSON.stringify(data).includes(VISITOR.email),
      'the hand-over'
    )
    await settle(wild)
    expect(wild.widgetRequests).toEqual([])

    await wild.page.mouse.click(10, 10)
    const started = await widgetStarted(wild.page)
    expect((started.userlikeData as { user?: unknown }).user).toEqual(VISITOR)
    expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
  })

  it('opt-out, before the visitor answers: nothing loads or is handed over until they grant', async () => {
    const wild = await openVisit({ categories: NEEDED, model: 'opt-out' })
    // The destination has started and waits: the tools hold every event until the CMP answers.
    await until(
      () => pluginNames(wild),
      (names) => names.includes(CONSENT_WATCHER),
      'the consent watcher'
    )
    await analyticsCall(wild, 'identify')
    await wild.page.waitForTimeout(QUIET_MS)
    expect({
      widgetRequests: wild.widgetRequests,
      userlikeData: await userlikeData(wild),
      delivered: wild.delivered().length
    }).toEqual({ widgetRequests: [], userlikeData: undefined, delivered: 0 })

    await choose(wild, GRANTED)
    await expectRunning(wild, { requestsBefore: 0, conversation: 'after', identify: false })
    expect(wild.pageErrors).toEqual([])
  })
})

describe('the visitor revokes consent mid-page, the widget running', () => {
  it.each(['opt-in', 'opt-out'] as const)(
    '%s: the visitor is taken back, the session ended, the button hidden; then nothing, on this page and the next',
    async (model) => {
      const wild = await openVisit({ categories: NEEDED, model, initial: GRANTED })
      await expectRunning(wild, { requestsBefore: 0, conversation: 'granted', identify: true })
      const before = (await widgetCalls(wild.page)).length

      await choose(wild, DENIED)
      await until(
        () => wild.userlikeMessages(),
        (messages) => messages.length > 0,
        'the withdrawal message'
      )
      // Hand-overs, Live Chat events and actions stop at once.
      await analyticsCall(wild, 'identify')
      await analyticsCall(wild, 'chat requested')
      expect(await playChatStarted(wild, 'revoked')).toBe(true)
      await settle(wild)

      const calls = (await widgetCalls(wild.page)).slice(before)
      expect(methods(calls).sort()).toEqual(['logout', 'setData', 'userlikeHideButton', 'userlikeUpdateAPI'])
      expect(JSON.stringify(lastSetData(calls))).not.toMatch(/Ada|ada@/)
      expect(JSON.stringify((await userlikeData(wild)) ?? null)).not.toMatch(/Ada|ada@/)
      expect(liveChat(wild, 'revoked')).toEqual([])
      expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
      expect(wild.userlikeMessages()).toEqual([WITHDRAWN])

      const requestsBefore = await nextPage(wild)
      await expectOff(wild, { requestsBefore, conversation: 'page-2', identify: false })
      expect(wild.userlikeMessages()).toEqual([WITHDRAWN])
      expect(wild.pageErrors).toEqual([])
    }
  )
})

describe('the visitor grants consent again after revoking it', () => {
  it('opt-out: hand-overs, the chat button and Live Chat events resume', async () => {
    const wild = await openVisit({ categories: NEEDED, model: 'opt-out', initial: GRANTED })
    await expectRunning(wild, { requestsBefore: 0, conversation: 'first', identify: true })
    await choose(wild, DENIED)
    const before = (await widgetCalls(wild.page)).length

    await choose(wild, GRANTED)
    const calls = await until(
      async () => (await widgetCalls(wild.page)).slice(before),
      (seen) =>
        methods(seen).includes('userlikeShowButton') && JSON.stringify(lastSetData(seen)).includes(VISITOR.email),
      'the button shown and the visitor handed over again'
    )
    expect(await playChatStarted(wild, 'again')).toBe(true)
    await wild.waitForDelivery(
      (body) =>
        body.event === STARTED && (body.properties as { conversation_id?: unknown }).conversation_id === 'again',
      `${STARTED} after the new grant`
    )
    expect(methods(calls)).not.toContain('logout')
    expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
    expect(wild.pageErrors).toEqual([])
  })

  // Fails today (src/initialize.ts, src/widget/loader.ts): the interaction while consent was withdrawn used up the
  // mode's one chance (loadWidgetNow refused it), and the new grant schedules nothing: no widget on this page.
  it('opt-out, Load Widget on first interaction: an interaction while consent was withdrawn loads the widget once it is granted again', async () => {
    const wild = await openVisit(
      { categories: NEEDED, model: 'opt-out', initial: GRANTED },
      { loadWidget: 'onFirstInteraction' }
    )
    await until(
      () => wild.page.evaluate(() => typeof (window as { userlikeTrackingEvent?: unknown }).userlikeTrackingEvent),
      (type) => type === 'function',
      'the destination started'
    )
    await choose(wild, DENIED)
    await wild.page.mouse.click(10, 10)
    await settle(wild)
    expect(wild.widgetRequests).toEqual([])

    // The mode's moment has come (the interaction): the new grant alone loads the widget.
    await choose(wild, GRANTED)
    await until(
      () => wild.widgetRequests.length,
      (requests) => requests > 0,
      'the widget requested once consent was granted again'
    )
    expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
  })
})
