/**
 * `npm start`: builds the package, then serves the demo shop on localhost. `npm start -- --help` lists the options.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { EXAMPLE_SECRET_KEY, WIDGET_HOST } from './contract'
import { REPO_ROOT, startDemoServer, type DemoServer } from './server'

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

The page's settings panel is generated from the destination's definition, as Segment's Actions UI shows it
for one source: every setting, and each preset (mapping) with an enable toggle. "Save and reload" writes them
to the query string; the page saves them for its source and analytics-next gets them as Segment's CDN
settings (a remotePlugins entry pointing at dist/web/userlike-web.js). The query string:
  ?key=<secret>&record=1|0&load=afterPageLoad|immediately|onFirstInteraction&events=<widget events, comma-separated>
   &off=<preset names switched off, comma-separated>&build=cdn|esm|web&widget=simulator|real
   &simulator=current|classic&snippet=1&csp=strict&writeKey=<source>
A second page, /product, takes the same query string: a conversation can span both pages.`

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
      // As Segment delivers the destination in production; the browser tests keep `esm` as their default.
      build: 'cdn'
    }
  })
  console.log(`
Demo shop: ${server.url}

Open it in a browser. Click the chat bubble (bottom right) to start a conversation, send a message, get the
agent's reply and end it; "Sign in" sends an identify, "Sign out" calls analytics.reset(). The "Delivered to
Segment" log shows, live and grouped by page load, every event analytics-next sent to this server's stand-in
for Segment's tracking API, and the destination's status (loaded, waiting, off, failed with its Userlike:
message). Below the shop, the destination's settings and mappings as Segment's app shows them.
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
