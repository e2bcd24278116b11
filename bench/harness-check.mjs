/**
 * `npx tsx bench/harness-check.mjs`: checks that the page harness survives what made the old benchmark die: a
 * renderer that crashes, a browser that goes away, and a sample that hangs. Each is retried on a new page and
 * reported in `retries`; a sample that keeps failing stops with its reason. Exits non-zero when any of that fails.
 */
import assert from 'node:assert/strict'
import { startHarness } from './harness.mjs'
import { initializeRoutes } from './sides.mjs'
import { WIDGET_DEFAULTS } from './widget.mjs'

const harness = await startHarness({ routes: initializeRoutes, widget: WIDGET_DEFAULTS, sampleTimeoutMs: 5_000 })
try {
  let attempt = 0
  const faults = [
    async () => (await harness.cdp()).send('Page.crash').catch(() => undefined), // the renderer crashes
    () => harness.browser().close(), // the browser goes away
    () => new Promise(() => undefined) // the sample hangs
  ]
  const answer = await harness.sample('fault check', async (page) => {
    await faults[attempt++]?.()
    await page.goto(`${harness.origin}/initialize?side=floor&sample=check-${attempt}`)
    return page.evaluate(() => typeof globalThis.floorWebDestination)
  })
  assert.equal(answer, 'function', 'the fourth attempt ran on a working page')
  assert.deepEqual(
    harness.retries.map(({ attempt, reason }) => [attempt, reason.split(':')[0]]),
    [
      [1, 'the page crashed'],
      [2, 'page.goto'],
      [3, 'fault check took more than 5 s']
    ]
  )
  await assert.rejects(
    harness.sample('always failing', () => Promise.reject(new Error('broken'))),
    /always failing failed 4 times; last: broken/
  )
  console.log('harness check: a crash, a closed browser and a hang were each retried; a lasting failure stops the run')
} finally {
  await harness.close()
}
