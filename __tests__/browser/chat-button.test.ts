/**
 * Issue 20 in a real Chromium, through the real analytics-next and the standalone script as Segment's CDN loads it:
 * Load Widget "When the visitor opens the chat" (`onChatButton`) shows a placeholder chat button that costs the page
 * no request to Userlike until the visitor reaches for it, and the Chat Button Selector turns the site's own chat
 * links into ways to open the messenger, in every mode. The widget is `messengerWidget`: it draws its own button,
 * calls the documented `window.userlike.userlikeReady()` and logs each `userlikeStartChat` as 'open'.
 */
import type { Page } from 'playwright-core'
import { EXAMPLE_WIDGET_URL } from '../../src/test-facts'
import { useHarness, WAIT_MS } from './harness'
import {
  fireWidgetEvent,
  messengerLog,
  messengerWidget,
  openWildPage,
  violations,
  watchViolations,
  widgetStarted,
  WIDGET_BUTTON_ID,
  type WildPage,
  type WildPageOptions
} from './wild-page'

const harness = useHarness()

/** The placeholder's host element, and the name its button is announced by. */
const PLACEHOLDER = 'userlike-chat-button'
const PLACEHOLDER_NAME = 'Open chat'
/** The Chat Button Color and Position defaults, as the issue states them: Userlike's blue, bottom right. */
const DEFAULT_BACKGROUND = 'rgb(13, 140, 255)'
/** A moment after an event that proves the page got that far, to see that something does NOT happen. */
const QUIET_MS = 1_000
/** A Userlike CDN this slow leaves time to look at the placeholder between the visitor's intent and the widget. */
const SLOW_CDN_MS = 3_000

/** A wild page with the destination in `onChatButton` mode (unless `settings` say otherwise) and the messenger stand-in. */
async function openChatPage(options: Partial<WildPageOptions> = {}): Promise<WildPage> {
  const wild = await openWildPage(harness.current, {
    path: 'cdn',
    widget: messengerWidget(),
    ...options,
    settings: { loadWidget: 'onChatButton', ...options.settings }
  })
  // Playwright's own actions (a click waiting for its target) are bounded like every other wait.
  wild.page.setDefaultTimeout(WAIT_MS)
  return wild
}

function placeholderButton(page: Page) {
  return page.getByRole('button', { name: PLACEHOLDER_NAME, exact: true })
}

/**
 * Whether the browser reads the placeholder's button, once it is announced as `name`, in `language`: CSS `:lang()`
 * finds an element's language as assistive technology gets it, through the shadow root to the page.
 */
async function readIn(page: Page, name: string, language: string): Promise<boolean> {
  const button = page.getByRole('button', { name, exact: true })
  await button.waitFor({ state: 'visible', timeout: WAIT_MS })
  return button.evaluate((element, lang) => element.matches(`:lang(${lang})`), language)
}

/** Resolves when `check` holds (polled), or fails naming `what` after WAIT_MS. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${WAIT_MS / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function placeholderShown(wild: WildPage): Promise<void> {
  await placeholderButton(wild.page).waitFor({ state: 'visible', timeout: WAIT_MS })
}

async function placeholderGone(wild: WildPage): Promise<void> {
  await wild.page.locator(PLACEHOLDER).waitFor({ state: 'detached', timeout: WAIT_MS })
}

function placeholderCount(wild: WildPage): Promise<number> {
  return wild.page.locator(PLACEHOLDER).count()
}

/** The stand-in's 'open' entries: how often the messenger was opened. */
async function opened(page: Page): Promise<number> {
  return (await messengerLog(page)).filter((entry) => entry === 'open').length
}

async function pageViewDelivered(wild: WildPage): Promise<void> {
  await wild.waitForDelivery((body) => body.type === 'page', 'the page view')
}

/** The placeholder's button as the visitor sees it: its box, and the computed styles that make it look and sit so. */
function buttonLook(page: Page) {
  return placeholderButton(page).evaluate((button) => {
    const style = getComputedStyle(button)
    const { left, top, right, bottom, width, height } = button.getBoundingClientRect()
    return {
      tag: button.tagName,
      type: (button as HTMLButtonElement).type,
      position: style.position,
      background: style.backgroundColor,
      box: { left, top, right, bottom, width, height },
      viewport: { width: document.documentElement.clientWidth, height: innerHeight },
      // What the visitor's pointer meets at the button's centre: the button itself, not something over it.
      onTop:
        (button.getRootNode() as ShadowRoot).elementFromPoint(left + width / 2, top + height / 2) === button &&
        document.elementFromPoint(left + width / 2, top + height / 2) === (button.getRootNode() as ShadowRoot).host
    }
  })
}

/** Where the button sits, in px from the viewport's edges. */
async function corner(page: Page): Promise<{ fromRight: number; fromLeft: number; fromBottom: number }> {
  const { box, viewport } = await buttonLook(page)
  return { fromRight: viewport.width - box.right, fromLeft: box.left, fromBottom: viewport.height - box.bottom }
}

// ---- init scripts (serialized into the page: each self-contained) ---------------------------------------------

/** Records layout shifts (their scores) from the page's start, as `window.__shifts`. */
function watchLayoutShifts(): void {
  const shifts: number[] = []
  Object.defineProperty(window, '__shifts', { value: shifts })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) shifts.push((entry as PerformanceEntry & { value: number }).value)
  }).observe({ type: 'layout-shift', buffered: true })
}

/**
 * Counts the chat buttons on screen at every animation frame (the placeholder, unless hidden, and the widget's own),
 * keeping the most seen at once as `window.__mostChatButtons`; and records whether a placeholder ever entered the
 * page, as `window.__placeholderSeen`.
 */
function countChatButtons(): void {
  const page = window as unknown as { __mostChatButtons: number; __placeholderSeen: boolean }
  page.__mostChatButtons = 0
  page.__placeholderSeen = false
  const frame = (): void => {
    const placeholder = document.querySelector('userlike-chat-button:not([hidden])') ? 1 : 0
    const widget = document.getElementById('userlike-widget-button') ? 1 : 0
    page.__placeholderSeen ||= placeholder === 1
    page.__mostChatButtons = Math.max(page.__mostChatButtons, placeholder + widget)
    requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
}

function chatButtonCounts(page: Page): Promise<{ most: number; placeholderSeen: boolean }> {
  return page.evaluate(() => {
    const seen = window as unknown as { __mostChatButtons: number; __placeholderSeen: boolean }
    return { most: seen.__mostChatButtons, placeholderSeen: seen.__placeholderSeen }
  })
}

// ---- the placeholder ------------------------------------------------------------------------------------------

describe('the placeholder chat button (Load Widget: onChatButton)', () => {
  it('appears fixed bottom right as a real 60 px button named "Open chat" (in the page\'s language), shifting nothing, with no request to Userlike', async () => {
    const wild = await openChatPage({
      body: '<p>Soft organic cotton.</p><div style="height: 3000px"></div><p>Ships in two days.</p>',
      initScripts: [watchLayoutShifts, countChatButtons]
    })
    await placeholderShown(wild)
    const look = await buttonLook(wild.page)
    expect(look).toMatchObject({ tag: 'BUTTON', type: 'button', position: 'fixed', background: DEFAULT_BACKGROUND })
    expect(look.onTop).toBe(true)
    expect(look.box.width).toBeGreaterThanOrEqual(44)
    expect(look.box.height).toBeGreaterThanOrEqual(44)
    expect(await corner(wild.page)).toEqual({ fromRight: 20, fromLeft: expect.any(Number), fromBottom: 20 })
    // In a shadow root: the page's own queries do not find the button.
    expect(await wild.page.evaluate(() => document.querySelectorAll('button').length)).toBe(0)

    // Fixed: scrolling leaves it where it was. The visitor reads the page: scrolls, moves the pointer, clicks and
    // presses keys, elsewhere than on the button.
    await wild.page.mouse.wheel(0, 1_000)
    await wild.page.mouse.move(300, 200)
    await wild.page.mouse.click(300, 200)
    await wild.page.keyboard.press('ArrowDown')
    await wild.page.waitForFunction(() => scrollY > 0, undefined, { timeout: WAIT_MS })
    expect((await buttonLook(wild.page)).box).toEqual(look.box)

    await pageViewDelivered(wild)
    await wild.page.waitForTimeout(QUIET_MS)
    expect(wild.widgetRequests).toEqual([])
    // No widget work: no script element of Userlike's, nothing of the widget's ran.
    expect(await wild.page.locator('script[src*="userlike-cdn-widgets"]').count()).toBe(0)
    expect(await wild.page.evaluate(() => typeof (window as unknown as { userlike?: unknown }).userlike)).toBe(
      'undefined'
    )
    expect(await messengerLog(wild.page)).toEqual([])
    expect((await chatButtonCounts(wild.page)).most).toBe(1)

    // Its name follows the page's <html lang> (an English page here), also when a single-page app switches it; a
    // language without a name of its own gets the English one, read as English.
    for (const [pageLanguage, name, language] of [
      ['de-AT', 'Chat öffnen', 'de'],
      ['ja', PLACEHOLDER_NAME, 'en'],
      ['fr', 'Ouvrir le chat', 'fr'],
      ['en', PLACEHOLDER_NAME, 'en']
    ]) {
      await wild.page.evaluate((value) => (document.documentElement.lang = value), pageLanguage)
      expect([pageLanguage, await readIn(wild.page, name, language)]).toEqual([pageLanguage, true])
    }
    // Back on the English page: no language of its own left on the button.
    expect(await placeholderButton(wild.page).getAttribute('lang')).toBeNull()

    // Nothing shifted, and the page is no longer for it.
    const pageHeight = (): Promise<number> => wild.page.evaluate(() => document.documentElement.scrollHeight)
    const withPlaceholder = await pageHeight()
    await wild.page.evaluate(() => document.querySelector('userlike-chat-button')?.remove())
    expect(await pageHeight()).toBe(withPlaceholder)
    expect(await wild.page.evaluate(() => (window as unknown as { __shifts: number[] }).__shifts)).toEqual([])
    expect(wild.userlikeMessages()).toEqual([])
    expect(wild.pageErrors).toEqual([])
  })

  it("hover starts the widget's request, marked busy, without opening the messenger; the widget's own button replaces it", async () => {
    const wild = await openChatPage({
      widget: messengerWidget({ delayMs: SLOW_CDN_MS }),
      initScripts: [countChatButtons]
    })
    await placeholderShown(wild)
    expect(await placeholderButton(wild.page).getAttribute('aria-busy')).toBeNull()
    await placeholderButton(wild.page).hover()
    await until(() => wild.widgetRequests.length > 0, 'the widget request')
    expect(await placeholderButton(wild.page).getAttribute('aria-busy')).toBe('true')
    await placeholderGone(wild)
    expect(await wild.page.locator(`#${WIDGET_BUTTON_ID}`).count()).toBe(1)
    await wild.page.waitForTimeout(QUIET_MS)
    expect(await messengerLog(wild.page)).toEqual(['ready'])
    expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
    expect((await chatButtonCounts(wild.page)).most).toBe(1)
    expect(wild.userlikeMessages()).toEqual([])
  })

  it('a press loads the widget and opens the messenger once, as soon as it is up, however often it was pressed', async () => {
    const wild = await openChatPage({
      widget: messengerWidget({ delayMs: SLOW_CDN_MS }),
      initScripts: [countChatButtons]
    })
    await placeholderShown(wild)
    // Pressed three times in a row, as an impatient visitor does, while the widget is on its way.
    const { box } = await buttonLook(wild.page)
    for (let press = 0; press < 3; press++) await wild.page.mouse.click(box.left + 30, box.top + 30)
    expect(await messengerLog(wild.page)).toEqual([])
    await until(async () => (await opened(wild.page)) > 0, 'the messenger opening')
    // Opened in the same moment as the widget said it was up.
    expect(await messengerLog(wild.page)).toEqual(['ready', 'open'])
    await placeholderGone(wild)
    await wild.page.waitForTimeout(QUIET_MS)
    expect(await messengerLog(wild.page)).toEqual(['ready', 'open'])
    expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
    // Never two chat buttons on screen: the placeholder went as the widget's own came.
    expect(await chatButtonCounts(wild.page)).toEqual({ most: 1, placeholderSeen: true })
    expect(wild.userlikeMessages()).toEqual([])
    expect(wild.pageErrors).toEqual([])
  })

  it('goes when the widget calls the global window.userlikeReady(), and opens the messenger then', async () => {
    const wild = await openChatPage({ widget: messengerWidget({ ready: 'global' }) })
    await placeholderShown(wild)
    await placeholderButton(wild.page).click()
    await placeholderGone(wild)
    await until(async () => (await opened(wild.page)) === 1, 'the messenger opening')
  })

  it.each(['Enter', 'Space'])(
    'keyboard: Tab reaches it with a visible focus ring, and %s opens the messenger',
    async (key) => {
      const wild = await openChatPage({ widget: messengerWidget({ delayMs: SLOW_CDN_MS }) })
      await placeholderShown(wild)
      // The browser's own focus ring (the placeholder keeps it): an outline only where the keyboard put the focus.
      const ring = (): Promise<string> =>
        placeholderButton(wild.page).evaluate((button) => {
          const { outlineStyle, outlineWidth } = getComputedStyle(button)
          return outlineStyle === 'none' || parseFloat(outlineWidth) === 0 ? 'none' : 'a ring'
        })
      expect(await ring()).toBe('none')
      await wild.page.keyboard.press('Tab')
      expect(
        await wild.page.evaluate(() => {
          const host = document.activeElement
          return `${host?.tagName} ${host?.shadowRoot?.activeElement?.getAttribute('aria-label')}`
        })
      ).toBe('USERLIKE-CHAT-BUTTON Open chat')
      expect(await ring()).toBe('a ring')
      // Focus is intent: the request starts before the key.
      await until(() => wild.widgetRequests.length > 0, 'the widget request')
      await wild.page.keyboard.press(key)
      await until(async () => (await opened(wild.page)) === 1, 'the messenger opening')
      await placeholderGone(wild)
      expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
    }
  )

  it('keyboard: a visitor who tabbed to it and presses Enter after the widget has come still opens the messenger', async () => {
    const wild = await openChatPage()
    await placeholderShown(wild)
    await wild.page.keyboard.press('Tab')
    // Focus started the request; the widget came, and with it its own button, while the visitor read the label.
    await until(async () => (await messengerLog(wild.page)).includes('ready'), 'the widget coming up')
    await wild.page.waitForTimeout(300)
    await wild.page.keyboard.press('Enter')
    await until(async () => (await opened(wild.page)) === 1, 'the messenger opening on Enter')
  })

  it('touch: touching it starts the request, the tap opens the messenger', async () => {
    const wild = await openChatPage({ widget: messengerWidget({ delayMs: SLOW_CDN_MS }) })
    await placeholderShown(wild)
    const { box } = await buttonLook(wild.page)
    const touch = await wild.context.newCDPSession(wild.page)
    await touch.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 })
    const point = { x: box.left + box.width / 2, y: box.top + box.height / 2 }
    await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] })
    await until(() => wild.widgetRequests.length > 0, 'the widget request on touchstart')
    expect(await opened(wild.page)).toBe(0)
    await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
    await until(async () => (await opened(wild.page)) === 1, 'the messenger opening on the tap')
    expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
  })

  it('a site stylesheet that hides buttons and restyles everything neither hides nor restyles it', async () => {
    const wild = await openChatPage({
      head: `<style>
        button, [type=button], userlike-chat-button, body > :last-child { display: none !important }
        * { background: red !important; position: static !important; width: 1px !important; opacity: 0.1 !important }
      </style>`
    })
    await placeholderShown(wild)
    const look = await buttonLook(wild.page)
    expect(look).toMatchObject({ position: 'fixed', background: DEFAULT_BACKGROUND, onTop: true })
    expect(look.box).toMatchObject({ width: 60, height: 60 })
    expect(await placeholderButton(wild.page).evaluate((button) => getComputedStyle(button).opacity)).toBe('1')
    expect(
      await wild.page.evaluate(() => getComputedStyle(document.querySelector('userlike-chat-button')!).opacity)
    ).toBe('1')
    await placeholderButton(wild.page).click()
    await until(async () => (await opened(wild.page)) === 1, 'the messenger opening')
  })

  it('takes the Chat Button Color and Position settings: bottom left, in the site colour', async () => {
    const wild = await openChatPage({ settings: { chatButtonColor: '#123', chatButtonPosition: 'left' } })
    await placeholderShown(wild)
    expect((await buttonLook(wild.page)).background).toBe('rgb(17, 34, 51)')
    expect(await corner(wild.page)).toEqual({ fromRight: expect.any(Number), fromLeft: 20, fromBottom: 20 })
    await pageViewDelivered(wild)
    expect(wild.userlikeMessages()).toEqual([])
  })

  it('an invalid Chat Button Color or Position: one warning each, and the default', async () => {
    const wild = await openChatPage({
      // A colour that would end the stylesheet's rule and hide the button, were it written into the stylesheet.
      settings: { chatButtonColor: '#fff;}button{display:none', chatButtonPosition: 'middle' }
    })
    await placeholderShown(wild)
    expect((await buttonLook(wild.page)).background).toBe(DEFAULT_BACKGROUND)
    expect(await corner(wild.page)).toEqual({ fromRight: 20, fromLeft: expect.any(Number), fromBottom: 20 })
    await pageViewDelivered(wild)
    await wild.page.waitForTimeout(QUIET_MS)
    expect(wild.userlikeMessages().sort()).toEqual([
      'warning: Userlike: the Chat Button Color setting is not valid; using #0d8cff.',
      'warning: Userlike: the Chat Button Position setting is not valid; using right.'
    ])
    await placeholderButton(wild.page).click()
    await until(async () => (await opened(wild.page)) === 1, 'the messenger opening')
  })

  it("is styled on a page whose Content-Security-Policy allows only style-src 'self'", async () => {
    const wild = await openChatPage({ csp: "style-src 'self'", initScripts: [watchViolations] })
    await placeholderShown(wild)
    expect(await buttonLook(wild.page)).toMatchObject({
      position: 'fixed',
      background: DEFAULT_BACKGROUND,
      onTop: true
    })
    expect((await buttonLook(wild.page)).box).toMatchObject({ width: 60, height: 60 })
    await placeholderButton(wild.page).click()
    await until(async () => (await opened(wild.page)) === 1, 'the messenger opening')
    expect(await violations(wild.page)).toEqual([])
    expect(wild.userlikeMessages()).toEqual([])
  })

  it('is built without HTML strings on a page that enforces Trusted Types, and loads the widget through its policy', async () => {
    const wild = await openChatPage({
      // Registered by the page: analytics-next then inserts no script itself, so the page needs no default policy.
      path: 'register',
      csp: "require-trusted-types-for 'script'; trusted-types userlike-web",
      initScripts: [watchViolations]
    })
    await placeholderShown(wild)
    expect((await buttonLook(wild.page)).background).toBe(DEFAULT_BACKGROUND)
    await placeholderButton(wild.page).click()
    await until(async () => (await opened(wild.page)) === 1, 'the messenger opening')
    expect(await violations(wild.page)).toEqual([])
    expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
    expect(wild.userlikeMessages()).toEqual([])
    expect(wild.pageErrors).toEqual([])
  })
})

// ---- a widget that cannot come ---------------------------------------------------------------------------------

describe('the placeholder when the widget cannot load', () => {
  it.each<[string, Partial<WildPageOptions>, RegExp]>([
    [
      'the Userlike CDN answers 404',
      { widget: (route) => route.fulfill({ status: 404, body: '' }) },
      /^error: Userlike: the browser could not load https:\/\/userlike-cdn-widgets\S+\.js\. Live chat is off on this page/
    ],
    [
      "the page's Content-Security-Policy does not allow the Userlike CDN",
      { csp: "script-src 'self' 'unsafe-inline'" },
      /^error: Userlike: the page's Content-Security-Policy \(script-src-elem\) blocked https:\/\/userlike-cdn-widgets/
    ],
    [
      'the page enforces Trusted Types and does not allow the userlike-web policy',
      { path: 'register', csp: "require-trusted-types-for 'script'; trusted-types" },
      /^error: Userlike: Trusted Types: .*"trusted-types userlike-web"/
    ]
  ])('%s: reaching for it removes it, and the console says why, once', async (_, options, message) => {
    const wild = await openChatPage(options)
    await placeholderShown(wild)
    // Hover starts the request; where the page refuses it at once (Trusted Types), the button goes before a click.
    await placeholderButton(wild.page).hover()
    await placeholderGone(wild)
    await wild.page.waitForTimeout(QUIET_MS / 2)
    expect(wild.userlikeMessages()).toEqual([expect.stringMatching(message)])
    expect(await placeholderCount(wild)).toBe(0)
    expect(wild.pageErrors).toEqual([])
  })

  it('a widget that throws while starting: a press removes it, and the console says so', async () => {
    const wild = await openChatPage({
      widget: (route) =>
        route.fulfill({ status: 200, contentType: 'text/javascript', body: "throw new Error('the widget broke')" })
    })
    await placeholderShown(wild)
    await placeholderButton(wild.page).click()
    await until(() => wild.userlikeMessages().length > 0, 'a Userlike: message')
    expect(wild.userlikeMessages()).toEqual([expect.stringMatching(/^error: Userlike: .* threw while starting/)])
    // Nothing will open the messenger on this page: a button that stays only disappoints the next press.
    await placeholderGone(wild)
  })
})

// ---- no placeholder ------------------------------------------------------------------------------------------

/** A source middleware that stamps every event with the visitor's choice for category C0003, as consent tools do. */
function stampConsent(granted: boolean): string {
  return `window.analytics.addSourceMiddleware(({ payload, next }) => {
    payload.obj.context = { ...payload.obj.context, consent: { categoryPreferences: { C0003: ${granted} } } }
    next(payload)
  })`
}

/**
 * The visitor presses the placeholder and a conversation starts; on the next page load the widget comes as after the
 * page load, without the visitor doing anything, so that the operator's replies reach them.
 */
async function startConversationThenReload(wild: WildPage): Promise<void> {
  await placeholderShown(wild)
  await placeholderButton(wild.page).click()
  await widgetStarted(wild.page)
  await fireWidgetEvent(wild.page, 'chat_started', { chat_id: 7 })
  await wild.page.reload()
  await widgetStarted(wild.page)
}

describe('no placeholder', () => {
  it.each([true, false])(
    'a conversation in progress on an earlier page gets the real widget at once (Record Live Chat Events %s)',
    async (recordLiveChatEvents) => {
      const wild = await openChatPage({ settings: { recordLiveChatEvents }, initScripts: [countChatButtons] })
      await startConversationThenReload(wild)
      expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL, EXAMPLE_WIDGET_URL])
      await wild.page.waitForTimeout(QUIET_MS / 2)
      expect(await chatButtonCounts(wild.page)).toEqual({ most: 1, placeholderSeen: false })
      expect(await placeholderCount(wild)).toBe(0)
    }
  )

  it.each([true, false])(
    'once that conversation ended, the next page has the placeholder again (Record Live Chat Events %s)',
    async (recordLiveChatEvents) => {
      const wild = await openChatPage({ settings: { recordLiveChatEvents } })
      await startConversationThenReload(wild)
      // The conversation ends on this page: the widget shows its rating view.
      await fireWidgetEvent(wild.page, 'feedback_rating_show', { chat_id: 7 })

      await wild.page.reload()
      await placeholderShown(wild)
      expect(wild.widgetRequests).toHaveLength(2)
    }
  )

  it("a page with Userlike's own snippet: the snippet's widget, no placeholder, no second request", async () => {
    const wild = await openChatPage({
      head: `<script async src="${EXAMPLE_WIDGET_URL}"></script>`,
      initScripts: [countChatButtons]
    })
    await widgetStarted(wild.page)
    await pageViewDelivered(wild)
    await wild.page.waitForTimeout(QUIET_MS)
    expect(await chatButtonCounts(wild.page)).toEqual({ most: 1, placeholderSeen: false })
    expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
    expect(wild.userlikeMessages()).toEqual([])
  })

  it.each([
    ['denies the destination: no placeholder, and the chat link keeps its default', false],
    ['grants the destination: the placeholder, and the chat link opens the messenger', true]
  ])('a visitor whose consent %s', async (_, granted) => {
    const wild = await openChatPage({
      settings: { consentSettings: { categories: ['C0003'] }, chatButtonSelector: 'a.chat' },
      body: '<p><a class="chat" href="#contact">Chat with us</a></p>',
      beforePage: stampConsent(granted),
      initScripts: [countChatButtons]
    })
    await pageViewDelivered(wild)
    if (granted) {
      await placeholderShown(wild)
      await wild.page.getByRole('link', { name: 'Chat with us' }).click()
      await until(async () => (await opened(wild.page)) === 1, 'the messenger opening')
      expect(await wild.page.evaluate(() => location.hash)).toBe('')
      return
    }
    await wild.page.waitForTimeout(QUIET_MS)
    expect(await chatButtonCounts(wild.page)).toEqual({ most: 0, placeholderSeen: false })
    // The site's own chat link keeps its default: the page goes where it points.
    await wild.page.getByRole('link', { name: 'Chat with us' }).click()
    await wild.page.waitForFunction(() => location.hash === '#contact', undefined, { timeout: WAIT_MS })
    await wild.page.waitForTimeout(QUIET_MS / 2)
    expect(wild.widgetRequests).toEqual([])
    expect(wild.userlikeMessages()).toEqual([])
  })
})

// ---- Chat Button Selector --------------------------------------------------------------------------------------

describe('Chat Button Selector', () => {
  it.each(['onChatButton', 'afterPageLoad', 'immediately', 'onFirstInteraction'])(
    "%s: a press on the site's chat link, or on one added later, opens the messenger and keeps the page where it is",
    async (loadWidget) => {
      const wild = await openChatPage({
        settings: { loadWidget, chatButtonSelector: '.chat-with-us' },
        body: '<p><a class="chat-with-us" href="#contact">Chat with us</a></p>'
      })
      await pageViewDelivered(wild)
      if (loadWidget === 'onChatButton') await placeholderShown(wild)
      await wild.page.getByRole('link', { name: 'Chat with us' }).click()
      await until(async () => (await opened(wild.page)) === 1, 'the messenger opening')

      await wild.page.evaluate(() => {
        const later = document.createElement('button')
        later.className = 'chat-with-us'
        later.textContent = 'Questions? Ask us'
        document.body.append(later)
      })
      await wild.page.getByRole('button', { name: 'Questions? Ask us' }).click()
      await until(async () => (await opened(wild.page)) === 2, 'the messenger opening again')
      expect(await wild.page.evaluate(() => location.hash)).toBe('')
      expect(wild.widgetRequests).toEqual([EXAMPLE_WIDGET_URL])
      expect(wild.userlikeMessages()).toEqual([])
    }
  )

  it('once the widget could not load (an ad blocker), the link keeps its default: live chat is off on this page', async () => {
    const wild = await openChatPage({
      settings: { loadWidget: 'afterPageLoad', chatButtonSelector: '.chat-with-us' },
      body: '<p><a class="chat-with-us" href="#contact">Chat with us</a></p>',
      widget: (route) => route.abort('blockedbyclient')
    })
    await until(() => wild.userlikeMessages().length > 0, 'the Userlike: message')
    expect(wild.userlikeMessages()).toEqual([
      expect.stringMatching(/^error: Userlike: the browser could not load .*Live chat is off on this page/)
    ])
    await wild.page.getByRole('link', { name: 'Chat with us' }).click()
    await wild.page.waitForFunction(() => location.hash === '#contact', undefined, { timeout: WAIT_MS })
  })

  it('with an invalid Secret Key, the link keeps its default and nothing is requested', async () => {
    const wild = await openChatPage({
      settings: { secretKey: 'not-a-key', chatButtonSelector: '.chat-with-us' },
      body: '<p><a class="chat-with-us" href="#contact">Chat with us</a></p>'
    })
    await pageViewDelivered(wild)
    await wild.page.getByRole('link', { name: 'Chat with us' }).click()
    await wild.page.waitForFunction(() => location.hash === '#contact', undefined, { timeout: WAIT_MS })
    await wild.page.waitForTimeout(QUIET_MS / 2)
    expect(wild.widgetRequests).toEqual([])
    expect(await placeholderCount(wild)).toBe(0)
  })

  it('an invalid selector: one warning, the links keep their default, and the placeholder works', async () => {
    const selector = 'a[href=#chat]'
    const wild = await openChatPage({
      settings: { chatButtonSelector: selector },
      body: '<p><a href="#chat">Chat with us</a></p>'
    })
    await placeholderShown(wild)
    await wild.page.getByRole('link', { name: 'Chat with us' }).click()
    await wild.page.waitForFunction(() => location.hash === '#chat', undefined, { timeout: WAIT_MS })
    await placeholderButton(wild.page).click()
    await until(async () => (await opened(wild.page)) === 1, 'the messenger opening')
    expect(wild.userlikeMessages()).toEqual([
      `warning: Userlike: the Chat Button Selector setting "${selector}" is not a valid CSS selector; the page's own chat links are left as they are.`
    ])
    expect(wild.pageErrors).toEqual([])
  })
})
