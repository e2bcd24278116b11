import { EXAMPLE_WIDGET_URL, STARTED } from '../../src/test-facts'
import { openDemo, tracked, useHarness, type DemoPage, WAIT_MS } from './harness'

const harness = useHarness()

/** The shop's own tracking keeps working: a click on "Add to cart" reaches Segment. */
async function expectAnalyticsDelivering(demo: DemoPage): Promise<void> {
  await demo.page.getByRole('button', { name: 'Add to cart' }).first().click()
  const added = await demo.waitForDelivery((body) => body.event === 'Product Added', 'Product Added')
  expect(added.properties).toMatchObject({ product_id: 'sku-1', price: 59 })
}

/** Waits for the destination to report its failure in the console, and returns the messages that name Userlike. */
async function userlikeConsoleMessages(demo: DemoPage): Promise<string[]> {
  const deadline = Date.now() + WAIT_MS
  while (Date.now() < deadline) {
    const messages = demo.console.filter((message) => message.includes('Userlike:'))
    if (messages.length > 0) return messages
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no "Userlike:" message in the console; it had:\n${demo.console.join('\n')}`)
}

describe('the demo shop in Chromium, when things go wrong', () => {
  it('never requests anything from the Userlike CDN for a hostile secret key, and analytics goes on', async () => {
    const demo = await openDemo(harness.current, { key: '../x<script>' })
    await expectAnalyticsDelivering(demo)
    expect(await userlikeConsoleMessages(demo)).toEqual([
      expect.stringContaining('the Secret Key setting must be 64 hexadecimal characters')
    ])
    expect(demo.widgetRequests).toEqual([])
    expect(demo.outsideRequests).toEqual([])
    expect(demo.pageErrors).toEqual([])
    expect(await demo.page.locator('script[src*="amazonaws.com"]').count()).toBe(0)
    expect(await demo.page.getByTestId('ulsim').count()).toBe(0)
  })

  it.each([
    ['answers 404 (an unknown key)', 'not-found'],
    ['is blocked (an ad blocker)', 'blocked']
  ] as const)('keeps analytics delivering when the Userlike CDN %s', async (_, cdn) => {
    const demo = await openDemo(harness.current, {}, cdn)
    const messages = await userlikeConsoleMessages(demo)
    expect(messages).toEqual([
      `error: Userlike: the browser could not load ${EXAMPLE_WIDGET_URL}. ` +
        'Live chat is off on this page; analytics goes on.'
    ])
    await expectAnalyticsDelivering(demo)
    await demo.page.getByRole('button', { name: 'Sign in as Jane Doe' }).click()
    await demo.waitForDelivery((body) => body.type === 'identify', 'identify')
    expect(demo.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
    expect(demo.pageErrors).toEqual([])
  })

  it("loads the widget exactly once when the site's own Userlike snippet is already in the page, and records", async () => {
    const demo = await openDemo(harness.current, { snippet: '1' })
    expect(await demo.page.locator('script[src*="userlike-cdn-widgets"]').count()).toBe(1)
    await demo.page.getByTestId('ulsim-bubble').click()
    await demo.page.getByTestId('ulsim-start').click()
    await demo.waitForDelivery((body) => body.event === STARTED, 'Conversation Started')
    await expectAnalyticsDelivering(demo)
    expect(demo.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
    expect(await demo.page.getByTestId('ulsim').count()).toBe(1)
    expect(tracked(demo, 'Live Chat Conversation Started')).toHaveLength(1)
    expect(demo.pageErrors).toEqual([])
  })
})
