/**
 * `npm start`: builds the package, then serves the demo shop on localhost. `npm start -- --help` lists the options.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { DEMO_CONSENT_CATEGORY, EXAMPLE_SECRET_KEY, NPM_START_DEFAULTS, WIDGET_HOST } from './contract'
import { REPO_ROOT, startDemoServer, type DemoServer } from './server'
import { CART_THRESHOLD, euros } from './shop'

const HELP = `Usage: npm start -- [options]

Builds the package (npm run build), then serves a demo shop on localhost that runs the real
@segment/analytics-next with this destination, a Userlike widget simulator in place of Userlike's CDN,
and a stand-in for Segment's tracking API whose deliveries the page shows live. Nothing is fetched from
the internet unless you ask for the real widget.

Options:
  --port <n>        port to listen on (default: $PORT, else 3000; if that is taken, a free one)
  --host <address>  address to listen on (default: 127.0.0.1)
  --key <secret>    the Userlike widget secret the page starts with
                    (default: Userlike's example key ${EXAMPLE_SECRET_KEY.slice(0, 12)}...)
  --no-record       start with Record Live Chat Events off (default: on)
  --real-widget     do not answer the widget URL with the simulator: with a real key and internet,
                    Userlike's real widget loads (same as ?widget=real on the page)
  --no-build        serve the dist/ that is already built
  -h, --help        show this help

The shop: new arrivals (/), a product page (/product) and a checkout (/checkout, whose page call is
named "Checkout"); a cart that keeps its total for the visit; "Need help?" (a Help Clicked track) and
"Chat with us" (matched by the Chat Button Selector setting) links.

Below the shop, Segment's Actions UI for one source, generated from the destination's definition:
every setting, this source's mappings (the preset Identify Visitor and the shop's examples: Open
Messenger on Need help? and on a cart over ${euros(CART_THRESHOLD)}, the cart as custom data, the chat button
hidden at checkout and shown elsewhere), a mapping editor (pick an action, write its trigger in FQL,
set its fields) and every action with its fields. "Save and reload" writes it all to the query string;
the page saves it for its source and analytics-next gets it as Segment's CDN settings (a remotePlugins
entry pointing at dist/web/userlike-web.js). Demo-only controls pick the delivery, the widget, the
simulator's version, the site's own snippet, and a consent banner (Segment's consent tools around
analytics, opt-in or opt-out, for the category ${DEMO_CONSENT_CATEGORY.name} ${DEMO_CONSENT_CATEGORY.id}).

The query string:
  ?key=<secret>&record=1|0&load=afterPageLoad|immediately|onFirstInteraction|onChatButton
   &color=<#hex>&position=right|left&selector=<CSS selector>&events=<widget events, comma-separated>
   &mappings=<JSON list of { name, subscribe, partnerAction, mapping }>&off=<mapping names, comma-separated>
   &build=cdn|esm|web&widget=simulator|real&simulator=current|classic&snippet=1&csp=strict
   &consent=opt-in|opt-out&writeKey=<source>
Every page of the shop takes the same query string: a conversation can span them.`

async function listen(port: number, host: string, explicitPort: boolean, options: object): Promise<DemoServer> {
  try {
    return await startDemoServer({ port, host, ...options })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && !explicitPort) {
      console.log(`Port ${port} is taken; using a free one.`)
      return startDemoServer({ port: 0, host, ...options })
    }
    throw error
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      key: { type: 'string' },
      'no-record': { type: 'boolean', default: false },
      'real-widget': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    console.log(HELP)
    return
  }
  const portText = values.port ?? process.env.PORT
  const port = portText === undefined || portText === '' ? 3000 : Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port / PORT must be a port number, not "${portText}"`)
  }

  if (!values['no-build']) {
    console.log('Building the package (npm run build)...')
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' })
  }

  const server = await listen(port, values.host, portText !== undefined && portText !== '', {
    defaults: {
      ...(values.key === undefined ? {} : { secretKey: values.key }),
      recordLiveChatEvents: !values['no-record'],
      widget: values['real-widget'] ? 'real' : 'simulator',
      // As Segment delivers the destination in production, with the shop's example mappings beside the preset; the
      // browser tests keep `esm` and the preset alone as their defaults.
      ...NPM_START_DEFAULTS
    }
  })
  console.log(`
Demo shop: ${server.url}

Open it in a browser. Click the chat bubble (bottom right) to start a conversation, send a message, get the
agent's reply and end it; "Sign in" sends an identify, "Sign out" calls analytics.reset(); "Need help?", a
cart over ${euros(CART_THRESHOLD)} and "Chat with us" open the chat; at checkout the chat button hides. The "Delivered to
Segment" log shows, live and grouped by page load, every event analytics-next sent to this server's stand-in
for Segment's tracking API, and the destination's status (loaded, waiting, held for consent, off, failed
with its Userlike: message). Below the shop, the destination's settings and mappings as Segment's app
shows them: add a mapping, save, and the shop reloads with it.
${values['real-widget'] ? `Real widget: the page loads https://${WIDGET_HOST}/<key>.js from the internet.\n` : ''}
Press Ctrl+C to stop.`)

  const stop = (): void => {
    void server.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
