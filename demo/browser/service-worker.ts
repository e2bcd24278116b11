/**
 * The demo's service worker: answers requests for Userlike's widget scripts with the widget simulator, so that
 * the destination's unchanged code loads "the widget" from its real URL while Userlike's CDN is out of reach.
 * Everything else goes to the network untouched. The page unregisters it in real-widget mode.
 */
import { isWidgetScriptUrl } from '../contract'

// The DOM library has no service-worker types; these are the few parts used here.
interface FetchEventLike extends Event {
  request: Request
  respondWith(response: Promise<Response>): void
}
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void
}
interface ServiceWorkerScope {
  skipWaiting(): Promise<void>
  clients: { claim(): Promise<void> }
  addEventListener(type: string, listener: (event: Event) => void): void
}

const scope = self as unknown as ServiceWorkerScope

scope.addEventListener('install', (event) => {
  ;(event as ExtendableEventLike).waitUntil(scope.skipWaiting())
})

scope.addEventListener('activate', (event) => {
  // Take over the page that registered us without waiting for a reload.
  ;(event as ExtendableEventLike).waitUntil(scope.clients.claim())
})

scope.addEventListener('fetch', (event) => {
  const fetchEvent = event as FetchEventLike
  if (!isWidgetScriptUrl(new URL(fetchEvent.request.url))) return
  fetchEvent.respondWith(
    fetch('/build/widget-simulator.js').then(
      async (simulator) =>
        new Response(await simulator.text(), {
          status: 200,
          headers: { 'content-type': 'text/javascript; charset=utf-8', 'x-userlike-simulator': '1' }
        })
    )
  )
})
