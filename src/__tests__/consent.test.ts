/**
 * The consent rules of src/consent.ts, through the real runtime and analytics-next in jsdom: a source middleware
 * stamps events as Segment's consent tools do (`context.consent.categoryPreferences`); the browser tests
 * (`__tests__/browser/consent.test.ts`) run the tools themselves.
 */
import { Analytics } from '@segment/analytics-next'
import { VALID_KEY, globals, resetPage, settle, startDestination, widgetScripts } from '../test-utils'

beforeEach(resetPage)

const CATEGORY = 'C0003'

/** An analytics instance whose events carry `stamp` as their consent, where `stamp.current` is set. */
function stampingAnalytics(stamp: { current?: Record<string, boolean> }): Analytics {
  const analytics = new Analytics({ writeKey: 'test-write-key' })
  void analytics.addSourceMiddleware(({ payload, next }) => {
    if (stamp.current) payload.obj.context = { ...payload.obj.context, consent: { categoryPreferences: stamp.current } }
    next(payload)
  })
  return analytics
}

async function start(analytics: Analytics, categories: unknown = [CATEGORY], loadWidget = 'immediately') {
  analytics.user().traits({ name: 'Ada Lovelace', email: 'ada@example.com' })
  const settings = { secretKey: VALID_KEY, loadWidget, consentSettings: { categories } }
  const started = await startDestination(settings as never, analytics)
  await started.initialized
  return started
}

describe('consent, as events carry it', () => {
  it('with no categories configured, starts as before: the widget and the stored visitor at once', async () => {
    await start(new Analytics({ writeKey: 'test-write-key' }), null)
    expect(widgetScripts()).toHaveLength(1)
    expect(globals.userlikeData).toEqual({ user: { name: 'Ada Lovelace', email: 'ada@example.com' } })
  })

  it('with categories, waits for the first event: nothing requested or handed over before it', async () => {
    await start(stampingAnalytics({ current: { [CATEGORY]: true } }))
    expect(widgetScripts()).toHaveLength(0)
    expect(globals.userlikeData).toBeUndefined()
  })

  it('starts on a first event stamped with every needed category true', async () => {
    const { analytics } = await start(stampingAnalytics({ current: { [CATEGORY]: true, C0001: false } }))
    await analytics.page()
    expect(widgetScripts()).toHaveLength(1)
    expect(globals.userlikeData).toEqual({ user: { name: 'Ada Lovelace', email: 'ada@example.com' } })
  })

  it.each([
    ['false', { [CATEGORY]: false }],
    ['missing', { C0001: true }],
    ['not exactly true', { [CATEGORY]: 'yes' }]
  ])('stays off when a needed category is %s: no widget, no visitor, no identify handed over', async (_, stamp) => {
    const { analytics } = await start(stampingAnalytics({ current: stamp as Record<string, boolean> }))
    await analytics.page()
    await analytics.identify('ada', { name: 'Ada Lovelace', plan: 'gold' })
    await settle()
    expect(widgetScripts()).toHaveLength(0)
    expect(globals.userlikeData).toBeUndefined()
  })

  it('takes an unstamped first event for a page without consent tools, and starts', async () => {
    const { analytics } = await start(stampingAnalytics({}))
    await analytics.page()
    expect(widgetScripts()).toHaveLength(1)
  })

  it('once an event was stamped, an unstamped one changes nothing', async () => {
    const stamp: { current?: Record<string, boolean> } = { current: { [CATEGORY]: false } }
    const { analytics } = await start(stampingAnalytics(stamp))
    await analytics.page()
    stamp.current = undefined
    await analytics.track('Product Added')
    expect(widgetScripts()).toHaveLength(0)
  })

  it('starts when a later event grants, and takes the visitor back, with one warning, when one denies again', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const stamp: { current?: Record<string, boolean> } = { current: { [CATEGORY]: false } }
    const { analytics } = await start(stampingAnalytics(stamp))
    await analytics.page()
    expect(widgetScripts()).toHaveLength(0)

    stamp.current = { [CATEGORY]: true }
    await analytics.track('Consent Given')
    expect(widgetScripts()).toHaveLength(1)
    await analytics.identify('ada', { name: 'Ada Lovelace', plan: 'gold' })
    expect(globals.userlikeData).toEqual({
      user: { name: 'Ada Lovelace', email: 'ada@example.com' },
      custom: { name: 'Ada Lovelace', email: 'ada@example.com', plan: 'gold' }
    })

    stamp.current = { [CATEGORY]: false }
    await analytics.track('Consent Withdrawn')
    expect(globals.userlikeData).toEqual({ user: {}, custom: {} })
    await analytics.identify('ada', { name: 'Ada Lovelace', plan: 'platinum' })
    expect(globals.userlikeData).toEqual({ user: {}, custom: {} })
    expect(warn.mock.calls.filter(([message]) => String(message).includes('withdrew consent'))).toEqual([
      [
        'Userlike: the visitor withdrew consent: their data was taken back from the widget, its session ended and its button hidden; only a reload removes the widget from this page.'
      ]
    ])
  })

  it('loads the widget whose time came while consent was withdrawn once it is granted again', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const stamp: { current?: Record<string, boolean> } = { current: { [CATEGORY]: true } }
    const { analytics } = await start(stampingAnalytics(stamp), [CATEGORY], 'onFirstInteraction')
    await analytics.page()
    stamp.current = { [CATEGORY]: false }
    await analytics.track('Consent Withdrawn')
    // The visitor's first interaction, the widget's time in this mode: without consent, nothing is requested.
    window.dispatchEvent(new Event('pointerdown'))
    expect(widgetScripts()).toHaveLength(0)
    stamp.current = { [CATEGORY]: true }
    await analytics.track('Consent Given')
    expect(widgetScripts()).toHaveLength(1)
  })
})
