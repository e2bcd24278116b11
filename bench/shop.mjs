/**
 * The shop page of the page-load measure and what its server answers: the page per variant (a heading, a hero
 * image, text, a button; analytics-next with `<script async>`), the image, and each variant's CDN settings, which
 * list the destination under `remotePlugins` as Segment's Actions UI ships it.
 */
import { crc32, deflateSync } from 'node:zlib'
import { SECRET_KEY, WIDGET_URL } from './harness.mjs'

/** The variants, in the order of the printout. `mode`: the destination's `loadWidget`; `snippet`: the site's own. */
export const VARIANTS = [
  { name: 'none', label: 'no Userlike' },
  { name: 'snippet', label: "Userlike's own snippet", snippet: true },
  { name: 'afterPageLoad', label: 'destination, afterPageLoad (default)', mode: 'afterPageLoad' },
  { name: 'immediately', label: 'destination, immediately', mode: 'immediately' },
  { name: 'onFirstInteraction', label: 'destination, onFirstInteraction', mode: 'onFirstInteraction' },
  { name: 'onChatButton', label: 'destination, onChatButton (placeholder)', mode: 'onChatButton' }
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
