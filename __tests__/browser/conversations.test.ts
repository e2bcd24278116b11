/**
 * Whole visits in Chromium: conversations that span page loads, re-opens and tabs, proactive starts, current and
 * classic widgets, and a page whose Web Storage throws. Each is counted as an analyst needs: one Started, one Ended,
 * every message once.
 */
import type { Page } from 'playwright-core'
import { ENDED, STARTED } from '../../src/test-facts'
import { openDemo, openTab, reloadDemo, tracked, useHarness, widgetSent, type DemoPage } from './harness'

const harness = useHarness()

const SENT = 'Live Chat Message Sent'
const RECEIVED = 'Live Chat Message Received'

/** Waits until `count` events named `event` were delivered. */
async function delivered(demo: DemoPage, event: string, count = 1): Promise<Record<string, unknown>[]> {
  await demo.waitForDelivery(() => tracked(demo, event).length >= count, `${count} × ${event}`)
  return tracked(demo, event)
}

const propertiesOf = (body: Record<string, unknown>) => body.properties as Record<string, unknown>

async function open(page: Page): Promise<void> {
  await page.getByTestId('ulsim-bubble').click()
}

/**
 * A marker delivered after everything before it: analytics delivers in order, so once it arrives, an extra event
 * from the widget's earlier calls would have arrived too.
 */
async function allDelivered(demo: DemoPage, page: Page = demo.page): Promise<void> {
  const before = tracked(demo, 'Product Added').length
  await page.getByRole('button', { name: 'Add to cart' }).first().click()
  await delivered(demo, 'Product Added', before + 1)
}

describe('Live Chat conversations in Chromium, counted once', () => {
  it('spanning two page loads: one Started, one Ended timed from the first page, each message once', async () => {
    const demo = await openDemo(harness.current)
    await open(demo.page)
    await demo.page.getByTestId('ulsim-start').click()
    const startedBy = Date.now()
    await demo.page.getByTestId('ulsim-send').click()
    await demo.page.getByTestId('ulsim-reply').click()
    await delivered(demo, RECEIVED)

    await reloadDemo(demo.page)
    // The widget continues the conversation on the new page, and says chat_started again.
    expect(await widgetSent(demo.page, 'chat_started')).toBe(1)
    await open(demo.page)
    await demo.page.getByTestId('ulsim-send').click()
    await demo.page.getByTestId('ulsim-reply').click()
    await delivered(demo, RECEIVED, 2)
    await demo.page.waitForTimeout(2_200)
    const endedFrom = Date.now()
    await demo.page.getByTestId('ulsim-end').click()
    const [ended] = await delivered(demo, ENDED)
    await allDelivered(demo)

    expect(tracked(demo, STARTED)).toHaveLength(1)
    expect(tracked(demo, ENDED)).toHaveLength(1)
    expect(tracked(demo, SENT)).toHaveLength(2)
    expect(tracked(demo, RECEIVED)).toHaveLength(2)
    const ids = new Set(
      [STARTED, SENT, RECEIVED, ENDED].flatMap((event) =>
        tracked(demo, event).map((body) => propertiesOf(body).conversation_id)
      )
    )
    expect(ids.size).toBe(1)
    const elapsedSeconds = Math.floor((endedFrom - startedBy) / 1000)
    expect(elapsedSeconds).toBeGreaterThanOrEqual(2)
    expect(propertiesOf(ended).conversation_duration).toBeGreaterThanOrEqual(elapsedSeconds)
    expect(demo.pageErrors).toEqual([])
  })

  it('re-opening the messenger adds no Started, though the widget sends chat_started again', async () => {
    const demo = await openDemo(harness.current)
    await open(demo.page)
    await demo.page.getByTestId('ulsim-start').click()
    await delivered(demo, STARTED)
    await open(demo.page) // closes
    await open(demo.page) // re-opens: the widget continues the conversation
    await demo.page.getByTestId('ulsim-send').click()
    await delivered(demo, SENT)
    await allDelivered(demo)

    expect(await widgetSent(demo.page, 'chat_started')).toBe(2)
    expect(tracked(demo, STARTED)).toHaveLength(1)
  })

  it('in two tabs of one browser: one Started, and the second tab still records its messages', async () => {
    const demo = await openDemo(harness.current)
    await open(demo.page)
    await demo.page.getByTestId('ulsim-start').click()
    await delivered(demo, STARTED)

    const tab = await openTab(demo)
    expect(await widgetSent(tab, 'chat_started')).toBe(1)
    await open(tab)
    expect(await widgetSent(tab, 'chat_started')).toBe(2)
    await tab.getByTestId('ulsim-send').click()
    await delivered(demo, SENT)
    await allDelivered(demo, tab)

    expect(tracked(demo, STARTED)).toHaveLength(1)
    expect(propertiesOf(tracked(demo, SENT)[0]).conversation_id).toBe(
      propertiesOf(tracked(demo, STARTED)[0]).conversation_id
    )
    expect(demo.pageErrors).toEqual([])
  })

  it('a proactive conversation gives Started with proactive: true', async () => {
    const demo = await openDemo(harness.current)
    await demo.page.getByTestId('ulsim-proactive').click()
    const [started] = await delivered(demo, STARTED)
    expect(propertiesOf(started)).toMatchObject({ proactive: true, agent_id: '7' })
    expect(await widgetSent(demo.page, 'chat_started_proactive')).toBe(1)
  })

  it('a current widget, which never sends chat_quit, still gives one Ended: from its rating view', async () => {
    const demo = await openDemo(harness.current)
    await open(demo.page)
    await demo.page.getByTestId('ulsim-start').click()
    await demo.page.getByTestId('ulsim-end').click()
    const [ended] = await delivered(demo, ENDED)
    await demo.page.getByTestId('ulsim-rate').click()
    await allDelivered(demo)

    expect(await widgetSent(demo.page, 'chat_quit')).toBe(0)
    expect(await widgetSent(demo.page, 'feedback_rating_show')).toBe(1)
    expect(await widgetSent(demo.page, 'rating_submit')).toBe(1)
    expect(tracked(demo, ENDED)).toHaveLength(1)
    expect(typeof propertiesOf(ended).conversation_duration).toBe('number')
  })

  it('a classic widget, which sends chat_quit, gives one Ended', async () => {
    const demo = await openDemo(harness.current, { simulator: 'classic' })
    await open(demo.page)
    await demo.page.getByTestId('ulsim-start').click()
    await demo.page.getByTestId('ulsim-end').click()
    await delivered(demo, ENDED)
    await allDelivered(demo)

    expect(await widgetSent(demo.page, 'chat_quit')).toBe(1)
    expect(await widgetSent(demo.page, 'feedback_rating_show')).toBe(0)
    expect(tracked(demo, ENDED)).toHaveLength(1)
  })

  it('a page whose localStorage throws still records, counted once within the page, and nothing is thrown', async () => {
    const demo = await openDemo(harness.current, {}, 'simulator', {
      initScripts: [
        () => {
          Object.defineProperty(window, 'localStorage', {
            configurable: true,
            get() {
              throw new DOMException('The operation is insecure.', 'SecurityError')
            }
          })
        }
      ]
    })
    await open(demo.page)
    await demo.page.getByTestId('ulsim-start').click()
    await open(demo.page)
    await open(demo.page)
    await demo.page.getByTestId('ulsim-send').click()
    await demo.page.getByTestId('ulsim-end').click()
    await delivered(demo, ENDED)
    await allDelivered(demo)

    expect(await widgetSent(demo.page, 'chat_started')).toBe(2)
    expect(tracked(demo, STARTED)).toHaveLength(1)
    expect(tracked(demo, SENT)).toHaveLength(1)
    expect(tracked(demo, ENDED)).toHaveLength(1)
    expect(demo.pageErrors).toEqual([])
    expect(demo.console.filter((message) => message.includes('Userlike:'))).toEqual([])
  })
})
