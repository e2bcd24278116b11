/**
 * What Userlike costs a page's load. A shop page (a heading, a hero image, text) loads analytics-next, which fetches
 * its CDN settings from the local server; per variant those list the destination under `remotePlugins`, as
 * Segment's Actions UI ships it, or nothing. Variants: no Userlike, Userlike's own snippet (`<script async>`), and
 * the destination in each `loadWidget` mode. Each round loads every variant once, in an order that rotates by one
 * each round; the figures are medians, and the ratios medians of each round's ratio to the page without Userlike.
 */
/* global window, location -- in the page */
import { crc32, deflateSync } from 'node:zlib'
import { SECRET_KEY, WIDGET_URL, median, timeForMore } from '../harness.mjs'

/** The variants, in the order of the printout. `mode`: the destination's `loadWidget`; `snippet`: the site's own. */
export const VARIANTS = [
  { name: 'none', label: 'no Userlike' },
  { name: 'snippet', label: "Userlike's own snippet", snippet: true },
  { name: 'afterPageLoad', label: 'destination, afterPageLoad (default)', mode: 'afterPageLoad' },
  { name: 'immediately', label: 'destination, immediately', mode: 'immediately' },
  { name: 'onFirstInteraction', label: 'destination, onFirstInteraction', mode: 'onFirstInteraction' }
]
/** The hero image arrives this late, as from a real server, so that it is the page's Largest Contentful Paint. */
const IMAGE_DELAY_MS = 150

/**
 * The hero image: 240×120 pixels of noise, shown at 1200×600. Noise, because Chromium leaves images with too few
 * bytes per pixel out of Largest Contentful Paint; about 85 KB, a modest product photo.
 */
function heroPng() {
  const [width, height] = [240, 120]
  const chunk = (type, data) => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8 bits per channel, RGB, no interlace
  const rows = Buffer.alloc((width * 3 + 1) * height)
  let seed = 1
  for (let i = 0; i < rows.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0
    rows[i] = i % (width * 3 + 1) === 0 ? 0 : seed >>> 24 // each row starts with filter type 0
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0))
  ])
}

function shopPage(variant) {
  const snippet = variant.snippet ? `<script async src="${WIDGET_URL}"></script>` : ''
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sunset Hoodie · shop</title>
<style>body{font:16px/1.5 sans-serif;margin:0 auto;max-width:1200px}img{display:block;width:100%;height:auto}</style>
${snippet}<script async src="/analytics.js" data-write-key="${variant.name}"></script></head>
<body><h1>Sunset Hoodie</h1><img src="/hero.png" width="1200" height="600" alt="A sunset-orange hoodie">
<p>Soft organic cotton, a relaxed fit and a hood that stays put. Ships in two days.</p>
<button type="button">Add to cart</button></body></html>`
}

/** The workspace settings analytics-next fetches: Segment.io pointed at the local server, and the destination. */
function cdnSettings(variant, host) {
  const remotePlugins = variant.mode
    ? [
        {
          name: 'Userlike Web (Actions)',
          creationName: 'Userlike Web (Actions)',
          libraryName: 'userlikeWebDestination',
          url: '/dist/web/userlike-web.js',
          settings: {
            secretKey: SECRET_KEY,
            recordLiveChatEvents: true,
            loadWidget: variant.mode,
            subscriptions: [
              {
                name: 'Identify Visitor',
                subscribe: 'type = "identify"',
                partnerAction: 'identifyVisitor',
                enabled: true,
                mapping: { name: { '@path': '$.traits.name' }, email: { '@path': '$.traits.email' } }
              }
            ]
          }
        }
      ]
    : []
  return {
    integrations: { 'Segment.io': { apiKey: variant.name, apiHost: `${host}/v1`, protocol: 'http' } },
    plan: { track: { __default: { enabled: true } }, identify: { __default: { enabled: true } } },
    enabledMiddleware: {},
    metrics: { sampleRate: 0 },
    remotePlugins
  }
}

/** The server routes this measure adds: `/shop?variant=…`, the image, and each variant's CDN settings. */
export function pageLoadRoutes() {
  const byName = Object.fromEntries(VARIANTS.map((variant) => [variant.name, variant]))
  const hero = heroPng()
  const routes = {
    '/shop': (url) => ({ type: 'text/html', body: shopPage(byName[url.searchParams.get('variant')]) }),
    '/hero.png': () => ({ type: 'image/png', body: hero, delayMs: IMAGE_DELAY_MS })
  }
  for (const variant of VARIANTS) {
    routes[`/v1/projects/${variant.name}/settings`] = (url) => ({
      type: 'application/json',
      body: JSON.stringify(cdnSettings(variant, url.host))
    })
  }
  return routes
}

/**
 * An init script of the harness (it runs before any page's own scripts; on the shop only): collects Largest
 * Contentful Paint and long tasks as they happen.
 */
export function pageLoadProbes() {
  if (location.pathname !== '/shop') return
  window.benchLongTasks = []
  window.benchLcp = 0
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.benchLongTasks.push([entry.startTime, entry.duration])
  }).observe({ type: 'longtask', buffered: true })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.benchLcp = entry.startTime
      window.benchLcpIsHero = entry.url.endsWith('/hero.png')
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true })
}

/** One page view of one variant: its figures, in ms from navigation start. */
async function loadOnce(page, origin, variant) {
  await page.goto(`${origin}/shop?variant=${variant.name}`, { waitUntil: 'load' })
  // The hero image often paints after `load` on a busy machine: its entry is the page's LCP, so wait for it.
  await page.waitForFunction(() => window.benchLcpIsHero, undefined, { timeout: 15_000 })
  // The chat button, where it comes without the visitor: the stand-in marks it. onFirstInteraction: nothing may
  // be requested from Userlike until the visitor acts, so press a key and time the button from there.
  const expectsButton = variant.snippet || (variant.mode && variant.mode !== 'onFirstInteraction')
  let interactedAt
  let requestedEarly = false
  if (variant.mode === 'onFirstInteraction') {
    await page.waitForTimeout(300)
    ;[interactedAt, requestedEarly] = await page.evaluate(
      (url) => [performance.now(), performance.getEntriesByName(url).length > 0],
      WIDGET_URL
    )
    await page.keyboard.press('Shift')
  }
  if (expectsButton || interactedAt !== undefined) await page.waitForSelector('#userlike-button', { timeout: 15_000 })
  const figures = await page.evaluate(() => {
    const load = performance.getEntriesByType('navigation')[0].loadEventStart
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime
    const longTaskMs = window.benchLongTasks
      .filter(([start]) => start < load)
      .reduce((sum, [, duration]) => sum + duration, 0)
    const widgetStart = mark('userlike-widget-start')
    return {
      load,
      lcp: window.benchLcp,
      longTaskMs,
      widgetBeforeLoad: widgetStart !== undefined && widgetStart < load,
      buttonMs: mark('userlike-button-ready')
    }
  })
  if (interactedAt !== undefined) figures.buttonAfterInteractionMs = figures.buttonMs - interactedAt
  return { ...figures, requestedEarly }
}

/**
 * `rounds` rounds (or fewer, if `until` (a Date.now() value) passes first; at least 3). Returns per variant the
 * medians of each figure, and the medians of its per-round ratios to the page without Userlike.
 */
export async function measurePageLoad(harness, { rounds, until, report }) {
  const samples = Object.fromEntries(VARIANTS.map(({ name }) => [name, []]))
  let done = 0
  await harness.fresh()
  let roundStarted = Date.now()
  for (let round = 0; round < rounds && timeForMore(round, 3, until, roundStarted); round++) {
    roundStarted = Date.now()
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length])
    for (const variant of order) {
      samples[variant.name].push(
        await harness.sample(`page load, ${variant.name}, round ${round + 1}`, (page) =>
          loadOnce(page, harness.origin, variant)
        )
      )
    }
    done = round + 1
    report(`page load: round ${done}/${rounds}`)
  }
  const none = samples.none
  const ratio = (name, key) => median(samples[name].map((sample, i) => sample[key] / none[i][key]))
  const present = (values) => values.filter((value) => value !== undefined)
  return {
    rounds: done,
    variants: Object.fromEntries(
      VARIANTS.map(({ name }) => {
        const of = (key) => samples[name].map((sample) => sample[key])
        const button = present(of('buttonMs'))
        const afterInteraction = present(of('buttonAfterInteractionMs'))
        return [
          name,
          {
            loadMs: median(of('load')),
            lcpMs: median(of('lcp')),
            loadRatio: ratio(name, 'load'),
            lcpRatio: ratio(name, 'lcp'),
            longTaskBeforeLoadMs: median(of('longTaskMs')),
            widgetBeforeLoad: of('widgetBeforeLoad').filter(Boolean).length,
            // onFirstInteraction: pages that asked Userlike's CDN for the widget before the visitor's first key.
            requestedBeforeInteraction: of('requestedEarly').filter(Boolean).length,
            buttonMs: button.length ? median(button) : null,
            buttonAfterInteractionMs: afterInteraction.length ? median(afterInteraction) : null
          }
        ]
      })
    )
  }
}
