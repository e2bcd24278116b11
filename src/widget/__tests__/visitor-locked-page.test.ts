import { Analytics } from '@segment/analytics-next'
import { VALID_KEY, globals, startDestination, widgetScriptAdded, finishWidgetLoad, resetPage } from '../../test-utils'

// A file of its own: a non-configurable property cannot be removed from window again, so no test may follow it.
it('works on a page whose userlikeData and userlikeReady are non-configurable (var and function declarations)', async () => {
  resetPage()
  const pageReady = jest.fn()
  Object.defineProperty(window, 'userlikeData', { value: { custom: { shop: 'demo' } }, writable: true })
  Object.defineProperty(window, 'userlikeReady', { value: pageReady, writable: true })
  const analytics = new Analytics({ writeKey: 'test-write-key' })
  analytics.user().identify('alice', { name: 'Alice Example' })

  const { initialized } = await startDestination({ secretKey: VALID_KEY }, analytics)
  const script = await widgetScriptAdded()
  expect(globals.userlikeData).toEqual({ user: { name: 'Alice Example' }, custom: { shop: 'demo' } })

  // The page replaces its data after the destination started: without an accessor, the visitor misses the widget's
  // start, and the next identify hands it over again.
  globals.userlikeData = { custom: { shop: 'demo', page: 2 } }
  const api = finishWidgetLoad(script)
  ;(globals.userlikeReady as () => void)()
  await initialized
  expect(pageReady).toHaveBeenCalledTimes(1)
  await analytics.identify('alice', { plan: 'pro' })
  expect(api.setData).toHaveBeenLastCalledWith({
    user: { name: 'Alice Example' },
    custom: { shop: 'demo', page: 2, name: 'Alice Example', plan: 'pro' }
  })
})
