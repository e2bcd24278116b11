/**
 * What an identify with a 1 MB trait (a base64 avatar, a pasted document) costs the destination's plugin: the
 * runtime's identify method of the Identify Visitor plugin (subscription, mapping, `perform`), ours beside the
 * floor's no-op action, on each side's page (bench/sides.mjs) once the widget stand-in has run. Each identify is
 * about another visitor with a new 1 MB value, as a site's would be; the figure is the median of `runs`.
 */
/* global window -- in the page */
import { median } from '../harness.mjs'
import { runSide, untilWidgetRan } from '../sides.mjs'

/** In the page: ms spent in the destination plugin's identify, per run. */
async function timeIdentify({ runs, prefix }) {
  const plugin = window.analytics.queue.plugins.find((candidate) => candidate.name.startsWith(prefix))
  if (!plugin) throw new Error(`no plugin named ${prefix}… is registered`)
  const identify = plugin.identify
  const times = []
  plugin.identify = async (ctx) => {
    const start = performance.now()
    try {
      return await identify.call(plugin, ctx)
    } finally {
      times.push(performance.now() - start)
    }
  }
  // Varied text, as a real image's base64 is: nothing a string implementation could share between runs.
  const megabyte = (seed) =>
    `data:image/png;base64,${Array.from({ length: 65536 }, (_, i) => ((i + seed) * 2654435761).toString(36).padStart(16, '0').slice(-16)).join('')}`
  for (let run = 0; run < runs; run++) {
    await window.analytics.identify(`visitor-${run}`, {
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatar: megabyte(run)
    })
  }
  plugin.identify = identify
  if (times.length !== runs) throw new Error(`${times.length} of ${runs} identifies reached ${prefix}`)
  return times
}

const PLUGINS = { ours: 'Userlike Web (Actions) identifyVisitor', floor: 'Floor noop' }

/** Each side's median ms for one identify carrying a 1 MB trait, over `runs` (after 2 warm-up runs). */
export async function measureBigTrait(harness, { runs }) {
  const result = {}
  for (const side of ['ours', 'floor']) {
    result[side] = await harness.sample(`1 MB trait, ${side}`, async (page) => {
      await runSide(harness, page, side, `big-trait-${side}`)
      await untilWidgetRan(page)
      await page.evaluate(timeIdentify, { runs: 2, prefix: PLUGINS[side] })
      return median(await page.evaluate(timeIdentify, { runs, prefix: PLUGINS[side] }))
    })
  }
  return { oursMs: result.ours, floorMs: result.floor }
}
