import { Analytics } from '@segment/analytics-next'
import path from 'path'
import {
  VALID_KEY,
  globals,
  startDestination,
  widgetScriptAdded,
  startWithWidget,
  finishWidgetLoad,
  settle,
  resetPage
} from '../../test-utils'

/** The destination's src/ folder, where a stack frame of its own code lies. */
const DESTINATION_SRC = path.resolve(__dirname, '../..') + path.sep

beforeEach(resetPage)

describe('a page whose Userlike objects refuse the visitor', () => {
  it('still loads the widget when the page froze userlikeData, and says why the visitor was not handed over', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    globals.userlikeData = Object.freeze({ custom: { plan: 'pro' } })
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    analytics.user().traits({ name: 'Ada' })

    const { initialized } = await startDestination({ secretKey: VALID_KEY }, analytics)
    finishWidgetLoad(await widgetScriptAdded())

    await expect(initialized).resolves.toBeUndefined()
    expect(globals.userlikeData).toEqual({ custom: { plan: 'pro' } })
    expect(consoleError).toHaveBeenCalledWith(
      'Userlike: could not hand the visitor to the widget',
      expect.any(TypeError)
    )
  })

  it("keeps identify working when the widget's setData throws", async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const { analytics, api } = await startWithWidget({ secretKey: VALID_KEY })
    api.setData.mockImplementation(() => {
      throw new Error('widget bug')
    })

    const ctx = await analytics.identify('user-1', { name: 'Ada' })
    expect(ctx.failedDelivery()).toBeUndefined()
    expect((globals.userlikeData as { user: unknown }).user).toEqual({ name: 'Ada' })
    expect(consoleError).toHaveBeenCalledWith(
      "Userlike: the widget's setData failed",
      expect.objectContaining({ message: 'widget bug' })
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// The visitor's lifecycle, through the runtime and analytics-next: sign-out, another visitor, limits, late page
// data, a late widget.

type UserlikeData = { user?: Record<string, unknown>; custom?: Record<string, unknown> }
const data = () => globals.userlikeData as UserlikeData

const ALICE = { name: 'Alice Example', email: 'alice@example.com', phone: '+49 30 1234' }
const BOB = { email: 'bob@example.com' }

/** Everything Alice gave, as text: none of it may reach the widget once Bob is there. */
const aliceValues = Object.values(ALICE)
const mentionsAlice = (value: unknown) => aliceValues.some((text) => JSON.stringify(value ?? null).includes(text))

/**
 * Plays the widget starting: it reads userlikeData (returned, as the widget would keep it), puts up its legacy API
 * (with `logout` when asked), reports its load and calls `userlikeReady`, as Userlike's widget does.
 */
function startWidget(script: HTMLScriptElement, { logout = false } = {}) {
  const read = JSON.parse(JSON.stringify(globals.userlikeData ?? null)) as UserlikeData | null
  const api = finishWidgetLoad(script)
  const logoutMock = jest.fn()
  if (logout) Object.assign(api, { logout: logoutMock })
  const ready = globals.userlikeReady
  if (typeof ready === 'function') (ready as () => void)()
  return { read, api, logout: logoutMock }
}

/** What the widget holds after every push: the data of the last setData call. */
const lastPushed = (api: { setData: jest.Mock }) => api.setData.mock.calls.at(-1)?.[0] as UserlikeData | undefined

describe('sign-out (analytics.reset())', () => {
  it('Alice -> reset -> Bob with the widget up: nothing of Alice reaches the widget, and its session is ended', async () => {
    globals.userlikeData = { user: { additional01: 'page value' }, custom: { shop: 'demo' } }
    const { analytics, initialized } = await startDestination({ secretKey: VALID_KEY })
    const { api, logout } = startWidget(await widgetScriptAdded(), { logout: true })
    await initialized

    await analytics.identify('alice', ALICE)
    expect(lastPushed(api)?.user).toEqual({ additional01: 'page value', name: ALICE.name, email: ALICE.email })

    analytics.reset()
    // The sign-out is pushed at once, and the widget's session ended where it offers that.
    expect(lastPushed(api)).toEqual({ user: { additional01: 'page value' }, custom: { shop: 'demo' } })
    expect(logout).toHaveBeenCalledTimes(1)

    await analytics.identify('bob', BOB)
    expect(lastPushed(api)).toEqual({
      user: { additional01: 'page value', email: BOB.email },
      custom: { shop: 'demo', email: BOB.email }
    })
    expect(mentionsAlice(globals.userlikeData)).toBe(false)
  })

  it('Alice -> reset -> Bob while the widget is still loading: the widget starts with Bob only', async () => {
    const { analytics } = await startDestination({ secretKey: VALID_KEY })
    const script = await widgetScriptAdded()

    await analytics.identify('alice', ALICE)
    analytics.reset()
    await analytics.identify('bob', BOB)
    const { read, api } = startWidget(script)

    expect(read).toEqual({ user: { email: BOB.email }, custom: { email: BOB.email } })
    // Up late, the widget gets the same data pushed once more (it may have read userlikeData long before).
    expect(lastPushed(api)).toEqual(read)
  })

  it("takes back only what it handed over: the page's own values, and what the page changed since, stay", async () => {
    globals.userlikeData = { user: { additional01: 'page value' }, custom: { shop: 'demo' } }
    const { analytics } = await startDestination({ secretKey: VALID_KEY })
    await analytics.identify('alice', { ...ALICE, cart: 3 })
    expect(data()).toMatchObject({ user: { name: ALICE.name }, custom: { shop: 'demo', cart: 3 } })
    data().custom!.cart = 4 // the page's own update

    analytics.reset()
    expect(data()).toEqual({ user: { additional01: 'page value' }, custom: { shop: 'demo', cart: 4 } })
  })

  it('copes with a widget without logout, a logout that fails, and a page whose data refuses the change', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const { analytics, initialized } = await startDestination({ secretKey: VALID_KEY })
    const { api } = startWidget(await widgetScriptAdded())
    await initialized
    await analytics.identify('alice', ALICE)
    expect(() => analytics.reset()).not.toThrow()
    expect(lastPushed(api)).toEqual({ user: {}, custom: {} })

    await analytics.identify('alice', ALICE)
    Object.assign(api, { logout: () => Promise.reject(new Error('offline')) })
    expect(() => analytics.reset()).not.toThrow()
    await settle()
    expect(consoleError).toHaveBeenCalledWith("Userlike: the widget's logout failed", expect.any(Error))

    await analytics.identify('alice', ALICE)
    Object.freeze(data().user)
    expect(() => analytics.reset()).not.toThrow()
    expect(consoleError).toHaveBeenCalledWith(
      'Userlike: could not take the visitor back from the widget on sign-out',
      expect.any(TypeError)
    )
    // The next visitor is handed over all the same, where the page lets it.
    await analytics.identify('bob', BOB)
    expect(data().custom).toEqual({ email: BOB.email })
  })

  it('drops an identify that analytics delivers after the sign-out it preceded', async () => {
    const { analytics } = await startDestination({ secretKey: VALID_KEY })
    const identified = analytics.identify('alice', ALICE)
    analytics.reset()
    await identified
    await settle()
    expect(mentionsAlice(globals.userlikeData)).toBe(false)
  })
})

describe('another visitor', () => {
  it('replaces the previous visitor entirely when another userId identifies, without a sign-out', async () => {
    const { analytics } = await startDestination({ secretKey: VALID_KEY })
    await analytics.identify('alice', ALICE)
    await analytics.identify('bob', BOB)
    expect(data()).toEqual({ user: { email: BOB.email }, custom: { email: BOB.email } })
  })

  it('merges the same visitor identifying again, and an empty trait never wipes a value', async () => {
    const { analytics } = await startDestination({ secretKey: VALID_KEY })
    await analytics.identify('alice', { name: ALICE.name })
    await analytics.identify('alice', { email: ALICE.email, name: '  ', plan: 'pro' })
    await analytics.identify('alice', { plan: null })
    expect(data()).toEqual({
      user: { name: ALICE.name, email: ALICE.email },
      custom: { name: ALICE.name, email: ALICE.email, plan: 'pro' }
    })
  })

  it('treats an anonymous visitor who signs in as the same visitor', async () => {
    const { analytics } = await startDestination({ secretKey: VALID_KEY })
    await analytics.identify({ email: ALICE.email })
    await analytics.identify('alice', { name: ALICE.name })
    expect(data().user).toEqual({ name: ALICE.name, email: ALICE.email })
  })

  it('hands over the visitor analytics remembers from an earlier page, and replaces them with the next one', async () => {
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    analytics.user().identify('alice', { name: ALICE.name, email: ALICE.email })
    await startDestination({ secretKey: VALID_KEY }, analytics)
    expect(data().user).toEqual({ name: ALICE.name, email: ALICE.email })

    await analytics.identify('bob', BOB)
    expect(data().user).toEqual({ email: BOB.email })
  })

  it('keeps the remembered name and email when the same visitor identifies again on a later page', async () => {
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    analytics.user().identify('alice', { name: ALICE.name, email: ALICE.email })
    await startDestination({ secretKey: VALID_KEY }, analytics)

    await analytics.identify('alice', { plan: 'pro' })
    expect(data().user).toEqual({ name: ALICE.name, email: ALICE.email })
    expect(data().custom).toEqual({ name: ALICE.name, email: ALICE.email, plan: 'pro' })
  })
})

describe('bounded visitor data', () => {
  it('leaves out a name or email over 256 characters, with one console warning', async () => {
    const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { analytics } = await startDestination({ secretKey: VALID_KEY })
    const long = 'x'.repeat(257)

    await analytics.identify('alice', { name: long, email: ALICE.email })
    await analytics.identify('alice', { name: long, email: ALICE.email })
    expect(data().user).toEqual({ email: ALICE.email })
    expect(consoleWarn.mock.calls).toEqual([['Userlike: not handed to the widget: name (over 256 characters).']])

    await analytics.identify('alice', { name: 'y'.repeat(256) })
    expect(data().user?.name).toBe('y'.repeat(256))
  })

  it('caps custom data at 16 KB serialized, keeping the keys that fit', async () => {
    const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { analytics } = await startDestination({ secretKey: VALID_KEY })
    const traits = { first: 'a'.repeat(8_000), second: 'b'.repeat(8_000), third: 'c'.repeat(8_000), small: 1 }

    await analytics.identify('alice', traits)
    expect(Object.keys(data().custom!)).toEqual(['first', 'second', 'small'])
    expect(JSON.stringify(data().custom).length).toBeLessThanOrEqual(16 * 1024)
    expect(consoleWarn).toHaveBeenCalledWith(
      'Userlike: not handed to the widget: custom data "third" (over 16 KB in all).'
    )
  })

  it('recognises a 1 MB trait by its length: never serialized nor parsed by the destination, the rest handed over', async () => {
    const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { analytics } = await startDestination({ secretKey: VALID_KEY })
    const avatar = `data:image/png;base64,${'A'.repeat(1024 * 1024)}`
    // Where this destination's code (src/, not its tests) serialized or parsed more than the bound: analytics-next
    // and Segment's runtime store the traits as JSON, which is not the destination's cost.
    const calledFromSrc = (stack = '') =>
      stack.split('\n').some((frame) => frame.includes(DESTINATION_SRC) && !/__tests__|test-utils/.test(frame))
    const huge: string[] = []
    const watch = <Args extends unknown[], Result>(method: (...args: Args) => Result, name: string) =>
      function (this: unknown, ...args: Args): Result {
        const result = method.apply(this, args)
        const text = name === 'parse' ? args[0] : result
        if (typeof text === 'string' && text.length > 16 * 1024 && calledFromSrc(new Error().stack)) {
          huge.push(`${name} of ${text.length} characters`)
        }
        return result
      }
    const { stringify, parse } = JSON
    jest.spyOn(JSON, 'stringify').mockImplementation(watch(stringify, 'stringify'))
    jest.spyOn(JSON, 'parse').mockImplementation(watch(parse, 'parse'))

    await analytics.identify('alice', { name: ALICE.name, avatar, profile: { photo: avatar }, plan: 'gold' })

    expect(huge).toEqual([])
    expect(data().custom).toEqual({ name: ALICE.name, plan: 'gold' })
    expect(consoleWarn.mock.calls).toEqual([
      [
        'Userlike: not handed to the widget: custom data "avatar" (over 16 KB in all), custom data "profile" (over 16 KB in all).'
      ]
    ])
  })

  it('survives values that cannot be serialized (cycles, BigInt, throwing getters), handing over the rest', async () => {
    const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const { analytics } = await startDestination({ secretKey: VALID_KEY })
    const { updateVisitor } = await import('../visitor-data')
    const cycle: Record<string, unknown> = {}
    cycle.self = cycle
    const custom = { cycle, big: BigInt(1), plan: 'pro' }
    Object.defineProperty(custom, 'trap', {
      enumerable: true,
      get() {
        throw new Error('hostile getter')
      }
    })
    // The action's client, as a custom mapping could feed it: analytics itself would not carry these values.
    const user = analytics.user()
    updateVisitor({ userId: user.id(), anonymousId: user.anonymousId(), customData: custom }, analytics)

    expect(data().custom).toEqual({ plan: 'pro' })
    expect(consoleWarn).toHaveBeenCalledWith(
      'Userlike: not handed to the widget: custom data "cycle" (not serializable), custom data "big" (not serializable), custom data "trap" (not serializable).'
    )
  })
})

describe('late page data and a late widget', () => {
  it('keeps the visitor in a userlikeData the page assigns after the destination started: both reach the widget', async () => {
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    analytics.user().identify('alice', { name: ALICE.name })
    await startDestination({ secretKey: VALID_KEY }, analytics)
    const script = await widgetScriptAdded()

    globals.userlikeData = { user: { additional01: 'from page' }, custom: { shop: 'demo' } }
    const { read } = startWidget(script)
    expect(read).toEqual({ user: { additional01: 'from page', name: ALICE.name }, custom: { shop: 'demo' } })
    // Reading it back gives the page its own object.
    const own = { custom: { later: true } }
    globals.userlikeData = own
    expect(globals.userlikeData).toBe(own)
  })

  it('does not throw into a page that assigns a frozen userlikeData, and says why the visitor is missing', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    analytics.user().identify('alice', { name: ALICE.name })
    await startDestination({ secretKey: VALID_KEY }, analytics)

    expect(() => (globals.userlikeData = Object.freeze({ custom: { shop: 'demo' } }))).not.toThrow()
    expect(globals.userlikeData).toEqual({ custom: { shop: 'demo' } })
    expect(consoleError).toHaveBeenCalledWith(
      'Userlike: could not hand the visitor to the widget',
      expect.any(TypeError)
    )
  })

  it("calls the page's own userlikeReady, set before or after the destination started, once per widget start", async () => {
    const before = jest.fn()
    globals.userlikeReady = before
    await startDestination({ secretKey: VALID_KEY })
    const script = await widgetScriptAdded()
    startWidget(script)
    expect(before).toHaveBeenCalledTimes(1)

    const after = jest.fn(() => {
      throw new Error('page bug')
    })
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    globals.userlikeReady = after
    ;(globals.userlikeReady as () => void)()
    expect(after).toHaveBeenCalledTimes(1)
    expect(before).toHaveBeenCalledTimes(1)
    expect(consoleError).toHaveBeenCalledWith("Userlike: the page's own userlikeReady threw", expect.any(Error))
  })

  it('hands identify calls and sign-outs to a widget that comes minutes after the destination started', async () => {
    const { analytics, initialized } = await startDestination({ secretKey: VALID_KEY })
    const script = await widgetScriptAdded()
    await analytics.identify('alice', ALICE)

    // The widget has read userlikeData (Alice) but its API is not up yet when Alice signs out and Bob signs in.
    const read = JSON.parse(JSON.stringify(globals.userlikeData)) as UserlikeData
    expect(read.user).toEqual({ name: ALICE.name, email: ALICE.email })
    analytics.reset()
    await analytics.identify('bob', BOB)
    const { api } = startWidget(script)
    await initialized
    expect(lastPushed(api)).toEqual({ user: { email: BOB.email }, custom: { email: BOB.email } })

    analytics.reset()
    expect(lastPushed(api)).toEqual({ user: {}, custom: {} })
  })
})
