import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { ENDED, ONE_CONVERSATION } from '../../src/test-facts'
import { ARTIFACTS, haveConversation, openDemo, tracked, useHarness, widgetSent } from './harness'

const harness = useHarness()

describe('the demo shop in Chromium, with Record Live Chat Events on', () => {
  it('delivers the four Live Chat events, with their properties, after a conversation in the widget', async () => {
    const demo = await openDemo(harness.current)
    await haveConversation(demo.page)
    await demo.waitForDelivery((body) => body.event === ENDED, 'Conversation Ended')
    // Today's widget (the simulator's default) ends with its rating view, not chat_quit.
    expect(await widgetSent(demo.page, 'feedback_rating_show')).toBe(1)
    expect(await widgetSent(demo.page, 'chat_quit')).toBe(0)

    const liveChat = demo
      .delivered()
      .map((entry) => entry.body)
      .filter((body) => typeof body.event === 'string' && body.event.startsWith('Live Chat'))
    expect(liveChat.map((body) => body.event)).toEqual(ONE_CONVERSATION)
    for (const body of liveChat) {
      expect(body.type).toBe('track')
      expect(body.properties).toMatchObject({ agent_id: '7', agent_name: 'Alex from Support' })
      expect(typeof (body.properties as { conversation_id: unknown }).conversation_id).toBe('string')
      expect((body.context as { integration: unknown }).integration).toEqual({
        name: 'userlike',
        version: expect.stringMatching(/^\d+\.\d+\.\d+/)
      })
    }
    const ids = new Set(liveChat.map((body) => (body.properties as { conversation_id: string }).conversation_id))
    expect(ids.size).toBe(1)
    const ended = (liveChat[3].properties as { conversation_duration?: unknown }).conversation_duration
    expect(typeof ended).toBe('number')
    expect(ended).toBeGreaterThanOrEqual(0)
    expect(demo.widgetRequests).toHaveLength(1)
    expect(demo.pageErrors).toEqual([])
    expect(demo.outsideRequests).toEqual([])

    // A newcomer sees them arrive in the page's log of what Segment received.
    await demo.page.waitForSelector(`.delivery--live-chat[data-event="${ENDED}"]`)
    expect(await demo.page.locator('.delivery--live-chat').count()).toBe(4)
  })

  it('records nothing when Record Live Chat Events is off, and the widget still works', async () => {
    const demo = await openDemo(harness.current, { record: '0' })
    await haveConversation(demo.page)
    await demo.page.getByRole('button', { name: 'Add to cart' }).first().click()
    // The track after the conversation arrives, so anything the conversation sent would have arrived first.
    await demo.waitForDelivery((body) => body.event === 'Product Added', 'Product Added')
    const events = demo.delivered().map((entry) => String(entry.body.event ?? entry.body.type))
    expect(events.filter((event) => event.startsWith('Live Chat'))).toEqual([])
    await expect(demo.page.getByTestId('ulsim-messages').textContent()).resolves.toContain('ended')
  })

  it("hands an identified visitor's name and email to the widget's contact, then and on the next page", async () => {
    const demo = await openDemo(harness.current)
    const contact = demo.page.getByTestId('ulsim-contact')
    await expect(contact.textContent()).resolves.toContain('anonymous visitor')
    await demo.page.getByRole('button', { name: 'Sign in as Jane Doe' }).click()
    const identify = await demo.waitForDelivery((body) => body.type === 'identify', 'identify')
    expect(identify.traits).toMatchObject({ name: 'Jane Doe', email: 'jane@example.com' })
    await demo.page.waitForFunction(() =>
      document.querySelector('[data-testid="ulsim-contact"]')?.textContent?.includes('Jane Doe · jane@example.com')
    )
    expect(await contact.textContent()).toContain('custom data')

    // The next page: analytics remembers the traits, and the widget starts with them (window.userlikeData).
    await demo.page.reload()
    await demo.page.waitForSelector('body[data-demo="ready"]')
    await expect(demo.page.getByTestId('ulsim-contact').textContent()).resolves.toContain('Jane Doe · jane@example.com')
  })

  it('works the same with the standalone dist/web/userlike-web.js loaded by a plain <script> tag', async () => {
    const demo = await openDemo(harness.current, { build: 'web' })
    const html = await demo.page.content()
    expect(html).toContain('<script src="/pkg/web/userlike-web.js"></script>')
    expect(
      await demo.page.evaluate(() => typeof (window as { userlikeWebDestination?: unknown }).userlikeWebDestination)
    ).toBe('function')
    await haveConversation(demo.page)
    await demo.waitForDelivery((body) => body.event === ENDED, 'Conversation Ended')
    expect(tracked(demo, 'Live Chat Message Received')[0].properties).toMatchObject({ agent_id: '7' })
    expect(demo.widgetRequests).toHaveLength(1)
    expect(demo.pageErrors).toEqual([])
  })

  it('runs as `npm start` serves it: its service worker answers the widget URL, until real-widget mode', async () => {
    const demo = await openDemo(harness.current, {}, 'service-worker')
    await demo.page.getByRole('button', { name: 'Sign in as Jane Doe' }).click()
    await demo.waitForDelivery((body) => body.type === 'identify', 'identify')
    await demo.page.getByRole('button', { name: 'Add to cart' }).first().click()
    await haveConversation(demo.page)
    await demo.waitForDelivery((body) => body.event === ENDED, 'Conversation Ended')
    // The widget script never reached the network: the page's service worker answered it.
    expect(demo.widgetRequests).toEqual([])
    expect(demo.outsideRequests).toEqual([])
    await demo.page.getByTestId('ulsim-bubble').click()
    await demo.page.getByTestId('ulsim-bubble').click()
    await demo.page.waitForSelector(`.delivery--live-chat[data-event="${ENDED}"]`)
    mkdirSync(ARTIFACTS, { recursive: true })
    await demo.page.screenshot({ path: path.join(ARTIFACTS, 'demo-after-conversation.png') })

    // Real-widget mode unregisters the worker: the widget URL goes to the network again.
    await demo.page.goto(`${harness.current.server.url}?writeKey=${demo.writeKey}&widget=real`)
    await demo.page.waitForSelector('body[data-demo="ready"]')
    await demo.page.getByTestId('ulsim-bubble').waitFor()
    expect(demo.widgetRequests).toHaveLength(1)
    expect(demo.pageErrors).toEqual([])
  })
})
