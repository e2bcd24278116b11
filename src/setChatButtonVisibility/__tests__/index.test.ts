import type { Subscription } from '@segment/browser-destination-runtime/types'
import { freshDestinationEachTest } from '../../test-utils'

/** What the destination keeps for a page's lifetime (the widget is up, the latest visibility) starts afresh. */
const fresh = freshDestinationEachTest()

/** The workspace's two mappings: hidden on the checkout page, shown on the home page. */
function checkoutHidesHomeShows(): Subscription[] {
  const { actionSubscription } = fresh.current
  return [
    actionSubscription('setChatButtonVisibility', 'type = "page" and name = "Checkout"', { visible: false }),
    actionSubscription('setChatButtonVisibility', 'type = "page" and name = "Home"', { visible: true })
  ]
}

/** What the widget was told about its button, in order. */
const buttonCalls = (api: object) => fresh.current.widgetCalls(api).filter((name) => name.endsWith('Button'))

beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined))

describe('Show or Hide Chat Button', () => {
  it('once the widget is up: each page event applies its mapping at once', async () => {
    const h = fresh.current
    const { analytics } = await h.startDestination({ secretKey: h.VALID_KEY, mappings: checkoutHidesHomeShows() })
    const api = h.finishWidgetLoad(await h.widgetScriptAdded(), {
      methods: h.CONTROL_METHODS,
      ready: 'window.userlikeReady'
    })
    await analytics.page('Checkout')
    expect(buttonCalls(api)).toEqual(['userlikeHideButton'])
    await analytics.page('Home')
    await analytics.page('Product')
    expect(buttonCalls(api)).toEqual(['userlikeHideButton', 'userlikeShowButton'])
  })

  it.each([
    ['Checkout', 'Home', 'userlikeShowButton'],
    ['Home', 'Checkout', 'userlikeHideButton']
  ])('before the widget is up, %s then %s: only the latest is applied, when it is up', async (first, last, call) => {
    const h = fresh.current
    const { analytics } = await h.startDestination({ secretKey: h.VALID_KEY, mappings: checkoutHidesHomeShows() })
    const script = await h.widgetScriptAdded()
    await analytics.page(first)
    await analytics.page(last)
    const api = h.finishWidgetLoad(script, { methods: h.CONTROL_METHODS })
    expect(buttonCalls(api)).toEqual([])
    h.playWidgetReady('userlike.userlikeReady')
    expect(buttonCalls(api)).toEqual([call])
  })

  describe('with Visible mapped from an event property', () => {
    async function startWithVisibleFromProperty() {
      const h = fresh.current
      const started = await h.startDestination({
        secretKey: h.VALID_KEY,
        mappings: [
          h.actionSubscription('setChatButtonVisibility', 'type = "track" and event = "Chat Availability"', {
            visible: { '@path': '$.properties.visible' }
          })
        ]
      })
      const api = h.finishWidgetLoad(await h.widgetScriptAdded(), {
        methods: h.CONTROL_METHODS,
        ready: 'userlike.userlikeReady'
      })
      return { ...started, api }
    }

    it('follows true and false', async () => {
      const { analytics, api } = await startWithVisibleFromProperty()
      await analytics.track('Chat Availability', { visible: false })
      await analytics.track('Chat Availability', { visible: true })
      expect(buttonCalls(api)).toEqual(['userlikeHideButton', 'userlikeShowButton'])
    })

    it('anything else (the browser runtime does not enforce the field’s type): one warning, the button left as it is', async () => {
      const { analytics, api } = await startWithVisibleFromProperty()
      await analytics.track('Chat Availability', { visible: false })
      await analytics.track('Chat Availability', { visible: 'true' })
      await analytics.track('Chat Availability', { visible: 'yes' })
      expect(buttonCalls(api)).toEqual(['userlikeHideButton'])
      expect(fresh.current.userlikeWarnings()).toEqual([
        'Userlike: Show or Hide Chat Button needs Visible to be true or false, not string; the button was left as it is.'
      ])
    })

    it('missing (the field is required, but the runtime does not ask): one warning, the button left as it is', async () => {
      const { analytics, api } = await startWithVisibleFromProperty()
      await analytics.track('Chat Availability', {})
      await analytics.track('Chat Availability')
      expect(buttonCalls(api)).toEqual([])
      expect(fresh.current.userlikeWarnings()).toEqual([
        'Userlike: Show or Hide Chat Button needs Visible to be true or false, not undefined; the button was left as it is.'
      ])
    })
  })

  it('hides and shows the placeholder chat button of Load Widget "When the visitor opens the chat" too', async () => {
    const h = fresh.current
    const { analytics, initialized } = await h.startDestination({
      secretKey: h.VALID_KEY,
      loadWidget: 'onChatButton',
      mappings: checkoutHidesHomeShows()
    })
    await initialized
    const placeholder = document.querySelector('userlike-chat-button') as HTMLElement
    const shown = () => getComputedStyle(placeholder).display !== 'none'
    expect(shown()).toBe(true)
    await analytics.page('Checkout')
    expect(shown()).toBe(false)
    await analytics.page('Home')
    expect(shown()).toBe(true)
    // Nothing of this loaded the widget.
    expect(h.widgetScripts()).toHaveLength(0)
  })

  it('a widget without the methods: one warning per method, nothing thrown, analytics delivers', async () => {
    const h = fresh.current
    const { analytics } = await h.startDestination({ secretKey: h.VALID_KEY, mappings: checkoutHidesHomeShows() })
    h.finishWidgetLoad(await h.widgetScriptAdded(), { ready: 'userlike.userlikeReady' })
    for (const name of ['Checkout', 'Home', 'Checkout', 'Home']) {
      const ctx = await analytics.page(name)
      expect(ctx.failedDelivery()).toBeUndefined()
    }
    expect(h.userlikeWarnings()).toEqual([
      'Userlike: the widget has no userlike.userlikeHideButton(); the chat button was not hidden.',
      'Userlike: the widget has no userlike.userlikeShowButton(); the chat button was not shown.'
    ])
  })
})
