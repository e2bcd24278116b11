/**
 * What Userlike costs a page's load, on the shop of bench/shop.mjs. Variants: no Userlike, Userlike's own snippet
 * (`<script async>`), and the destination (CDN settings, `remotePlugins`) in each `loadWidget` mode. Each round loads every variant once, in an order that rotates by one
 * each round; the figures are medians, and the ratios medians of each round's ratio to the page without Userlike.
 */
/* global window, location -- in the page */
import { WIDGET_URL, median, timeForMore } from '../harness.mjs'
import { VARIANTS } from '../shop.mjs'
import { BUTTON_ID } from '../widget.mjs'

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
  if (expectsButton || interactedAt !== undefined) await page.waitForSelector(`#${BUTTON_ID}`, { timeout: 15_000 })
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
