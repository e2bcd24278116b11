import { Analytics } from '@segment/analytics-next'
import { VALID_KEY, finishWidgetLoad, resetPage, settle, startDestination, widgetScriptAdded } from '../../test-utils'

const globals = window as unknown as Record<string, unknown>

beforeEach(resetPage)

describe('Identify Visitor', () => {
  it('hands name, email and custom data to userlikeData while the widget API is not up yet', async () => {
    globals.userlikeData = { user: { name: 'From Page', additional01: 'kept' } }
    const { analytics, initialized } = await startDestination({ secretKey: VALID_KEY })
    await widgetScriptAdded()

    // The widget is still loading: the identify waits for initialize, as analytics-next queues it.
    const identified = analytics.identify('user-1', { name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' })
    expect(globals.userlike).toBeUndefined()
    ;(document.querySelector('script[src]') as HTMLScriptElement).dispatchEvent(new Event('load'))
    await initialized
    await identified

    expect(globals.userlikeData).toEqual({
      user: { name: 'Ada Lovelace', email: 'ada@example.com', additional01: 'kept' },
      custom: { name: 'Ada Lovelace', email: 'ada@example.com', plan: 'pro' }
    })
  })

  it('keeps a visitor identified while the widget script is still loading, for the widget to read when it starts', async () => {
    const { analytics, initialized } = await startDestination({ secretKey: VALID_KEY })
    const script = await widgetScriptAdded()

    // analytics-next delivers to the destination before its initialize has finished.
    await analytics.identify('user-1', { name: 'Ada', email: 'ada@example.com' })
    expect((globals.userlikeData as { user: unknown }).user).toEqual({ name: 'Ada', email: 'ada@example.com' })

    const api = finishWidgetLoad(script)
    await initialized
    await analytics.identify('user-1', { email: 'ada@lovelace.example' })
    expect(api.setData).toHaveBeenCalledWith(
      expect.objectContaining({ user: { name: 'Ada', email: 'ada@lovelace.example' } })
    )
  })

  it("pushes the merged data through the widget's API once it is up", async () => {
    const { analytics, initialized } = await startDestination({ secretKey: VALID_KEY })
    const api = finishWidgetLoad(await widgetScriptAdded())
    await initialized

    await analytics.identify('user-1', { name: 'Ada', email: 'ada@example.com', company: { name: 'Analytical' } })

    const expected = {
      user: { name: 'Ada', email: 'ada@example.com' },
      custom: { name: 'Ada', email: 'ada@example.com', company: { name: 'Analytical' } }
    }
    expect(api.setData).toHaveBeenCalledWith(expected)
    expect(api.userlikeUpdateAPI).toHaveBeenCalledTimes(1)
    expect(api.setData.mock.invocationCallOrder[0]).toBeLessThan(api.userlikeUpdateAPI.mock.invocationCallOrder[0])
    expect(globals.userlikeData).toEqual(expected)
  })

  it('never replaces what the page set with empty values, and ignores non-string names', async () => {
    globals.userlikeData = { user: { name: 'Page Name', email: 'page@example.com' }, custom: { source: 'page' } }
    const { analytics, initialized } = await startDestination({ secretKey: VALID_KEY })
    finishWidgetLoad(await widgetScriptAdded())
    await initialized

    await analytics.identify('user-1', JSON.parse('{"name": "   ", "email": 42}'))
    expect((globals.userlikeData as { user: unknown }).user).toEqual({ name: 'Page Name', email: 'page@example.com' })
    expect((globals.userlikeData as { custom: unknown }).custom).toEqual({ source: 'page', name: '   ', email: 42 })
  })

  it('fills in a page whose userlikeData has no custom object (the classic integration threw here)', async () => {
    globals.userlikeData = { user: {} }
    const { analytics, initialized } = await startDestination({ secretKey: VALID_KEY })
    finishWidgetLoad(await widgetScriptAdded())
    await initialized
    await analytics.identify('user-1', { plan: 'free' })
    expect(globals.userlikeData).toEqual({ user: {}, custom: { plan: 'free' } })
  })

  it('does not let a __proto__ trait replace the prototype of custom data', async () => {
    const { analytics, initialized } = await startDestination({ secretKey: VALID_KEY })
    finishWidgetLoad(await widgetScriptAdded())
    await initialized
    await analytics.identify('user-1', JSON.parse('{"__proto__": {"polluted": true}, "plan": "pro"}'))

    const custom = (globals.userlikeData as { custom: object }).custom
    expect(Object.getPrototypeOf(custom)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(custom).toEqual({ plan: 'pro' })
  })

  it('does nothing for events other than identify', async () => {
    const { analytics, initialized } = await startDestination({ secretKey: VALID_KEY })
    const api = finishWidgetLoad(await widgetScriptAdded())
    await initialized
    await analytics.track('Order Completed', { name: 'Not a visitor' })
    await analytics.page()
    await settle()
    expect(api.setData).not.toHaveBeenCalled()
    // Nothing to hand over: the page gets no userlikeData it did not have.
    expect(globals.userlikeData).toBeUndefined()
  })

  it('uses a custom mapping from the subscription', async () => {
    const analytics = new Analytics({ writeKey: 'test-write-key' })
    const { default: factory } = await import('../../index')
    const plugins = await factory({
      secretKey: VALID_KEY,
      subscriptions: [
        {
          partnerAction: 'identifyVisitor',
          name: 'Identify from properties',
          enabled: true,
          subscribe: 'type = "track" and event = "Signed Up"',
          mapping: { name: { '@path': '$.properties.fullName' }, email: { '@path': '$.properties.mail' } }
        }
      ]
    } as never)
    await analytics.register(...(Array.isArray(plugins) ? plugins : [plugins]))
    finishWidgetLoad(await widgetScriptAdded())
    await analytics.track('Signed Up', { fullName: 'Grace Hopper', mail: 'grace@example.com' })
    expect((globals.userlikeData as { user: unknown }).user).toEqual({
      name: 'Grace Hopper',
      email: 'grace@example.com'
    })
  })
})
