import type { Page, Route } from 'playwright-core'
import { openDemo, useHarness, WAIT_MS } from './harness'

const harness = useHarness()

const ALICE = { name: 'Alice Example', email: 'alice@example.com', phone: '+49 30 1234' }
const BOB = { email: 'bob@example.com' }

/** The page's analytics-next (the demo exposes it as `window.analytics`). */
type PageAnalytics = {
  identify(userId: string, traits: object): Promise<unknown>
  reset(): void
}

/** Alice signs in, signs out, and Bob signs in with only his email; nothing is awaited between, as on a real site. */
async function aliceThenBob(page: Page): Promise<void> {
  await page.evaluate(
    ([alice, bob]) => {
      const analytics = (window as unknown as { analytics: PageAnalytics }).analytics
      void analytics.identify('alice', alice)
      analytics.reset()
      void analytics.identify('bob', bob)
    },
    [ALICE, BOB] as const
  )
}

const contactLine = (page: Page) => page.getByTestId('ulsim-contact').textContent()

/** Waits (bounded) until the simulated widget's contact line mentions `text`. */
const contactShows = (page: Page, text: string) =>
  page.waitForFunction(
    (expected) => document.querySelector('[data-testid="ulsim-contact"]')?.textContent?.includes(expected),
    text,
    { timeout: WAIT_MS }
  )

describe('the right visitor in the widget, in Chromium (demo shop, widget simulator, real analytics-next)', () => {
  it('Alice -> sign-out -> Bob while the widget is still loading: the widget shows Bob only', async () => {
    let signedInAndOut = false
    // The widget script is answered only once the page has been through Alice, the sign-out and Bob.
    const lateWidget = async (route: Route, simulator: string) => {
      await aliceThenBob(route.request().frame().page())
      signedInAndOut = true
      await new Promise((resolve) => setTimeout(resolve, 300))
      await route.fulfill({ status: 200, contentType: 'text/javascript', body: simulator })
    }
    const demo = await openDemo(harness.current, {}, lateWidget)
    expect(signedInAndOut).toBe(true)
    await contactShows(demo.page, BOB.email)
    const shown = await contactLine(demo.page)
    expect(shown).toContain(BOB.email)
    for (const value of Object.values(ALICE)) expect(shown).not.toContain(value)
    const handed = await demo.page.evaluate(() => JSON.stringify((window as { userlikeData?: unknown }).userlikeData))
    for (const value of Object.values(ALICE)) expect(handed).not.toContain(value)
    expect(demo.pageErrors).toEqual([])
  })

  it('Alice -> sign-out -> Bob with the widget up: nothing of Alice is handed over, and a reload shows Bob only', async () => {
    const demo = await openDemo(harness.current)
    const { page } = demo
    await page.evaluate(
      (alice) => (window as unknown as { analytics: PageAnalytics }).analytics.identify('alice', alice),
      ALICE
    )
    await contactShows(page, ALICE.name)
    // What the widget is handed from now on, as its legacy API receives it.
    await page.evaluate(() => {
      const api = (window as unknown as { userlike: { setData(data: unknown): void } }).userlike
      const received: string[] = ((window as unknown as { received: string[] }).received = [])
      const setData = api.setData.bind(api)
      api.setData = (data) => {
        received.push(JSON.stringify(data))
        setData(data)
      }
    })
    await page.evaluate(() => (window as unknown as { analytics: PageAnalytics }).analytics.reset())
    await page.evaluate(
      (bob) => (window as unknown as { analytics: PageAnalytics }).analytics.identify('bob', bob),
      BOB
    )
    await contactShows(page, BOB.email)
    const received = await page.evaluate(() => (window as unknown as { received: string[] }).received)
    expect(received.length).toBeGreaterThanOrEqual(2) // the sign-out, then Bob
    for (const data of received) for (const value of Object.values(ALICE)) expect(data).not.toContain(value)
    expect(JSON.parse(received.at(-1)!)).toEqual({ user: { email: BOB.email }, custom: { email: BOB.email } })

    // The next page load: the widget starts from what it is handed, and shows Bob alone.
    await page.reload()
    await page.waitForSelector('body[data-demo="ready"]', { timeout: 15_000 })
    await page.waitForSelector('[data-testid="ulsim-contact"]', { state: 'attached', timeout: WAIT_MS })
    const shown = await contactLine(page)
    expect(shown).toContain(BOB.email)
    for (const value of Object.values(ALICE)) expect(shown).not.toContain(value)
    expect(demo.pageErrors).toEqual([])
  })
})
