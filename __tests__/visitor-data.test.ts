import { Analytics } from '@segment/analytics-next'
import { VALID_KEY, finishWidgetLoad, resetPage, startDestination, widgetScriptAdded } from './helpers'

const globals = window as unknown as Record<string, unknown>

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
    const { analytics, initialized } = await startDestination({ secretKey: VALID_KEY })
    const api = finishWidgetLoad(await widgetScriptAdded())
    await initialized
    api.setData.mockImplementation(() => {
      throw new Error('widget bug')
    })

    const ctx = await analytics.identify('user-1', { name: 'Ada' })
    expect(ctx.failedDelivery()).toBeUndefined()
    expect((globals.userlikeData as { user: unknown }).user).toEqual({ name: 'Ada' })
    expect(consoleError).toHaveBeenCalledWith(
      'Userlike: could not hand the visitor to the widget',
      expect.objectContaining({ message: 'widget bug' })
    )
  })
})
