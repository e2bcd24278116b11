/**
 * The destination on pages as they are in the wild, in a real Chromium with the real analytics-next and the
 * standalone script: Trusted Types, no script element, only module scripts, no <head>, an upper-case key, a
 * tag manager's own userlikeTrackingEvent, old libraries' prototypes; and the Load Widget modes, measured against
 * the same page without Userlike.
 */
import { EXAMPLE_KEY, startHarness, stopHarness, type Harness } from './harness'
import { fireWidgetEvent, openWildPage, widgetStarted, type WildPage, type WildPageOptions } from './wild-page'

const WIDGET_URL = `https://userlike-cdn-widgets.s3-eu-west-1.amazonaws.com/${EXAMPLE_KEY}.js`

let harness: Harness | undefined

beforeAll(async () => {
  harness = await startHarness()
})

afterAll(() => stopHarness(harness))

async function withPage(options: WildPageOptions, test: (wild: WildPage) => Promise<void>): Promise<void> {
  const wild = await openWildPage(harness!, options)
  try {
    await test(wild)
  } finally {
    await wild.close()
  }
}

function tracked(wild: WildPage, prefix = 'Live Chat'): string[] {
  return wild
    .delivered()
    .map((entry) => String(entry.body.event ?? ''))
    .filter((event) => event.startsWith(prefix))
}

/** The page's own analytics goes on: a track after everything else is delivered. */
async function expectAnalyticsDelivering(wild: WildPage): Promise<void> {
  await wild.page.evaluate(() => {
    void (window as unknown as { analytics: { track(name: string): Promise<unknown> } }).analytics.track(
      'Order Completed'
    )
  })
  await wild.waitForDelivery((body) => body.event === 'Order Completed', 'Order Completed')
}

describe('the standalone script as Segment CDN loads it (remotePlugins)', () => {
  it('loads the widget once and records a Live Chat event', async () => {
    await withPage({ path: 'cdn' }, async (wild) => {
      const started = await widgetStarted(wild.page)
      expect(started.src).toBe(WIDGET_URL)
      await fireWidgetEvent(wild.page, 'chat_started', { chat_id: 1 })
      await wild.waitForDelivery((body) => body.event === 'Live Chat Conversation Started', 'Conversation Started')
      await expectAnalyticsDelivering(wild)
      expect(wild.widgetRequests).toEqual([WIDGET_URL])
      expect(wild.pageErrors).toEqual([])
      expect(wild.userlikeMessages()).toEqual([])
    })
  })
})

/** A default policy as a Trusted Types site has one: it passes the page's own scripts and nothing from elsewhere. */
const DEFAULT_POLICY = `<script>
  trustedTypes.createPolicy('default', {
    createScriptURL(url) {
      if (new URL(url, location.href).origin === location.origin) return url
      throw new TypeError('the default policy passes only this origin')
    }
  })
</script>`

/** Collects CSP and Trusted Types violations in the page from its start. */
function watchViolations(): void {
  const seen: string[] = []
  Object.defineProperty(window, '__violations', { value: seen })
  document.addEventListener('securitypolicyviolation', (event) =>
    seen.push(`${event.effectiveDirective} ${event.blockedURI} ${event.sample}`)
  )
}

function violations(wild: WildPage): Promise<string[]> {
  return wild.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)
}

describe('pages as they are in the wild', () => {
  it('loads the widget through the userlike-web policy on a page that enforces Trusted Types and allows it', async () => {
    await withPage(
      {
        path: 'cdn',
        head: DEFAULT_POLICY,
        csp: "require-trusted-types-for 'script'; trusted-types default userlike-web",
        initScripts: [watchViolations]
      },
      async (wild) => {
        expect((await widgetStarted(wild.page)).src).toBe(WIDGET_URL)
        await fireWidgetEvent(wild.page, 'chat_started', { chat_id: 1 })
        await wild.waitForDelivery((body) => body.event === 'Live Chat Conversation Started', 'Conversation Started')
        expect(await violations(wild)).toEqual([])
        expect(wild.widgetRequests).toEqual([WIDGET_URL])
        expect(wild.userlikeMessages()).toEqual([])
        expect(wild.pageErrors).toEqual([])
      }
    )
  })

  it('says once which policy to allow on a Trusted Types page that forbids it, and analytics goes on', async () => {
    await withPage(
      {
        path: 'cdn',
        head: DEFAULT_POLICY,
        csp: "require-trusted-types-for 'script'; trusted-types default",
        initScripts: [watchViolations]
      },
      async (wild) => {
        await expectAnalyticsDelivering(wild)
        const deadline = Date.now() + 10_000
        while (wild.userlikeMessages().length === 0 && Date.now() < deadline) await wild.page.waitForTimeout(50)
        await wild.page.waitForTimeout(300)
        expect(wild.userlikeMessages()).toEqual([
          expect.stringMatching(/^error: Userlike: Trusted Types: .*"trusted-types userlike-web"/)
        ])
        expect(wild.widgetRequests).toEqual([])
        expect(wild.pageErrors).toEqual([])
      }
    )
  })

  it.each([
    [
      'no script element',
      { path: 'register', beforeRegister: "document.querySelectorAll('script').forEach((s) => s.remove())" }
    ],
    ['only module scripts', { path: 'modules' }],
    ['no <head>', { path: 'register', beforeRegister: 'document.head.remove()' }]
  ] as const)('loads the widget once on a page with %s', async (_, options) => {
    await withPage(options, async (wild) => {
      await wild.page.evaluate(() => (window as unknown as { __registered: Promise<void> }).__registered)
      expect((await widgetStarted(wild.page)).src).toBe(WIDGET_URL)
      expect(wild.widgetRequests).toEqual([WIDGET_URL])
      await expectAnalyticsDelivering(wild)
      expect(wild.userlikeMessages()).toEqual([])
      expect(wild.pageErrors).toEqual([])
    })
  })

  it('asks the CDN for the lower-case file of an upper-case key, once', async () => {
    await withPage({ path: 'cdn', settings: { secretKey: EXAMPLE_KEY.toUpperCase() } }, async (wild) => {
      expect((await widgetStarted(wild.page)).src).toBe(WIDGET_URL)
      expect(wild.widgetRequests).toEqual([WIDGET_URL])
    })
  })

  it("makes no second request for an upper-case key when the site's own lower-case snippet is there", async () => {
    await withPage(
      {
        path: 'cdn',
        settings: { secretKey: EXAMPLE_KEY.toUpperCase() },
        head: `<script async src="${WIDGET_URL}"></script>`
      },
      async (wild) => {
        await widgetStarted(wild.page)
        await wild.waitForDelivery((body) => body.type === 'page', 'the page view')
        await wild.page.waitForTimeout(500)
        expect(wild.widgetRequests).toEqual([WIDGET_URL])
        expect(await wild.page.locator('script[src*="userlike-cdn-widgets"]').count()).toBe(1)
      }
    )
  })

  it("calls a tag manager's handler defined after start, and its replacement, once per event, and keeps recording", async () => {
    await withPage({ path: 'cdn' }, async (wild) => {
      await widgetStarted(wild.page)
      const defineTag = (name: string, chain: boolean): Promise<void> =>
        wild.page.evaluate(
          ([tag, wrap]) => {
            const page = window as unknown as {
              userlikeTrackingEvent: (...args: unknown[]) => void
              tagCalls?: string[]
            }
            const previous = page.userlikeTrackingEvent
            page.userlikeTrackingEvent = function (this: unknown, ...args: unknown[]) {
              if (wrap) previous.apply(this, args)
              ;(page.tagCalls ??= []).push(`${tag} ${String(args[0])}`)
            }
          },
          [name, chain] as const
        )
      await defineTag('tag 1', false)
      await fireWidgetEvent(wild.page, 'chat_started', { chat_id: 1 })
      await defineTag('tag 2', false)
      await fireWidgetEvent(wild.page, 'message_operator_terminating', { chat_id: 1 })
      await defineTag('tag 3', true)
      await fireWidgetEvent(wild.page, 'message_client_terminating', { chat_id: 1 })
      await wild.waitForDelivery((body) => body.event === 'Live Chat Message Received', 'Message Received')

      expect(await wild.page.evaluate(() => (window as unknown as { tagCalls: string[] }).tagCalls)).toEqual([
        'tag 1 chat_started',
        'tag 2 message_operator_terminating',
        'tag 2 message_client_terminating',
        'tag 3 message_client_terminating'
      ])
      expect(tracked(wild)).toEqual([
        'Live Chat Conversation Started',
        'Live Chat Message Sent',
        'Live Chat Message Received'
      ])
      expect(wild.pageErrors).toEqual([])
    })
  })
})
