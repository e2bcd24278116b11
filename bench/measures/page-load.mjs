/**
 * What Userlike costs a page's load, on the shop of bench/shop.mjs. Variants: no Userlike, Userlike's own snippet
 * (`<script async>`), and the destination (CDN settings, `remotePlugins`) in each `loadWidget` mode. Each round loads every variant once, in an order that rotates by one
 * each round; the figures are medians, and the ratios medians of each round's ratio to the page without Userlike.
 * `onChatButton` is also pressed: its placeholder chat button, then the time from the press to the messenger open.
 */
/* global window, document, location, addEventListener, MutationObserver -- in the page */
import { WIDGET_URL, median, timeForMore } from '../harness.mjs'
import { VARIANTS } from '../shop.mjs'
import { BUTTON_ID, MESSENGER_OPEN_MARK } from '../widget.mjs'

/** The destination's placeholder chat button (Load Widget `onChatButton`): its host element. */
const PLACEHOLDER_TAG = 'userlike-chat-button'

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
  // When the placeholder chat button enters the page (the snippet's button is timed alike: the stand-in marks its
  // insertion), and when the visitor presses it. Written out: init scripts are serialized, without their module.
  new MutationObserver((records, observer) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeName !== 'USERLIKE-CHAT-BUTTON') continue
        window.benchPlaceholderAt = performance.now()
        observer.disconnect()
      }
    }
  }).observe(document, { childList: true, subtree: true })
  addEventListener('pointerdown', (event) => (window.benchPressAt ??= event.timeStamp), true)
}

/** One page view of one variant: its figures, in ms from navigation start. */
async function loadOnce(page, origin, variant) {
  await page.goto(`${origin}/shop?variant=${variant.name}`, { waitUntil: 'load' })
  // The hero image often paints after `load` on a busy machine: its entry is the page's LCP, so wait for it.
  await page.waitForFunction(() => window.benchLcpIsHero, undefined, { timeout: 15_000 })
  // The chat button, where it comes without the visitor: the stand-in marks it. onFirstInteraction: nothing may
  // be requested from Userlike until the visitor acts, so press a key and time the button from there.
  // onChatButton: nor until the visitor presses the placeholder, so press it and time the messenger from there.
  const waitsForVisitor = variant.mode === 'onFirstInteraction' || variant.mode === 'onChatButton'
  const expectsButton = variant.snippet || (variant.mode && !waitsForVisitor)
  let interactedAt
  let requestedEarly = false
  let widgetRanEarly = false
  if (waitsForVisitor) {
    await page.waitForTimeout(300)
    if (variant.mode === 'onChatButton') {
      await page.waitForFunction(() => window.benchPlaceholderAt !== undefined, undefined, { timeout: 15_000 })
    }
    ;[interactedAt, requestedEarly, widgetRanEarly] = await page.evaluate(
      (url) => [
        performance.now(),
        performance.getEntriesByName(url).length > 0,
        performance.getEntriesByName('userlike-widget-start').length > 0
      ],
      WIDGET_URL
    )
    if (variant.mode === 'onFirstInteraction') await page.keyboard.press('Shift')
    else await pressPlaceholder(page)
  }
  if (variant.mode === 'onChatButton') {
    await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, MESSENGER_OPEN_MARK, {
      timeout: 15_000
    })
  } else if (expectsButton || interactedAt !== undefined) {
    await page.waitForSelector(`#${BUTTON_ID}`, { timeout: 15_000 })
  }
  const figures = await page.evaluate((openMark) => {
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
      buttonMs: mark('userlike-button-ready'),
      placeholderMs: window.benchPlaceholderAt,
      pressToOpenMs: mark(openMark) - window.benchPressAt
    }
  }, MESSENGER_OPEN_MARK)
  if (variant.mode === 'onFirstInteraction') figures.buttonAfterInteractionMs = figures.buttonMs - interactedAt
  if (variant.mode !== 'onChatButton') delete figures.pressToOpenMs
  return { ...figures, requestedEarly, widgetRanEarly }
}

/**
 * Presses the placeholder as a visitor's pointer does: onto it (its hover starts the widget's request) and, at
 * once, down and up; no dwell, the least time the request gets before the press.
 */
async function pressPlaceholder(page) {
  const { x, y } = await page.evaluate((tag) => {
    const box = document.querySelector(tag).shadowRoot.querySelector('button').getBoundingClientRect()
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 }
  }, PLACEHOLDER_TAG)
  await page.mouse.click(x, y)
}

/**
 * `rounds` rounds (or fewer, if `until` (a Date.now() value) passes first; at least 3). Returns per variant the
 * medians of each figure, and the medians of its per-round ratios to the page without Userlike; and the median of
 * each round's difference between the placeholder's time and the snippet's button's (`placeholderAfterSnippetMs`),
 * and onChatButton's ratios to afterPageLoad (`placeholderOverDefault`).
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
  const ratioTo = (baseline, name, key) =>
    median(samples[name].map((sample, i) => sample[key] / samples[baseline][i][key]))
  const ratio = (name, key) => ratioTo('none', name, key)
  const present = (values) => values.filter((value) => value !== undefined)
  return {
    rounds: done,
    // Paired by round, as the ratios are: both pages loaded within seconds of each other, on the same machine.
    placeholderAfterSnippetMs: median(
      samples.onChatButton.map((sample, i) => sample.placeholderMs - samples.snippet[i].buttonMs)
    ),
    // What the placeholder adds to the default mode, which does the same before `load` without it.
    placeholderOverDefault: {
      loadRatio: ratioTo('afterPageLoad', 'onChatButton', 'load'),
      lcpRatio: ratioTo('afterPageLoad', 'onChatButton', 'lcp')
    },
    variants: Object.fromEntries(
      VARIANTS.map(({ name }) => {
        const of = (key) => samples[name].map((sample) => sample[key])
        const button = present(of('buttonMs'))
        const afterInteraction = present(of('buttonAfterInteractionMs'))
        const placeholder = present(of('placeholderMs'))
        const pressToOpen = present(of('pressToOpenMs'))
        return [
          name,
          {
            loadMs: median(of('load')),
            lcpMs: median(of('lcp')),
            loadRatio: ratio(name, 'load'),
            lcpRatio: ratio(name, 'lcp'),
            longTaskBeforeLoadMs: median(of('longTaskMs')),
            widgetBeforeLoad: of('widgetBeforeLoad').filter(Boolean).length,
            // onFirstInteraction, onChatButton: pages that asked Userlike's CDN for the widget, or where the widget
            // ran, before the visitor's first key or press.
            requestedBeforeInteraction: of('requestedEarly').filter(Boolean).length,
            widgetBeforeInteraction: of('widgetRanEarly').filter(Boolean).length,
            buttonMs: button.length ? median(button) : null,
            buttonAfterInteractionMs: afterInteraction.length ? median(afterInteraction) : null,
            // onChatButton: when its placeholder entered the page, and from the press to the messenger open.
            placeholderMs: placeholder.length ? median(placeholder) : null,
            pressToOpenMs: pressToOpen.length ? median(pressToOpen) : null
          }
        ]
      })
    )
  }
}
