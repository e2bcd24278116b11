/**
 * The live log of what the demo server's stand-in for Segment's tracking API received for this source (write key),
 * grouped by page load: each page load starts with its `page` call, so a page event opens a new group. Each event
 * shows the visitor's consent where Segment's consent tools stamped it. The Clear button forgets the source's
 * deliveries on the server too, so that a reload does not bring them back.
 */

import type { DeliveredEvent } from '../contract'
import { byId, element } from './dom'

function describe(body: Record<string, unknown>): { title: string; detail: unknown } {
  const context = (body.context ?? {}) as Record<string, unknown>
  const integration = context.integration
  switch (body.type) {
    case 'track':
      return {
        title: `track · ${String(body.event)}`,
        detail: integration ? { properties: body.properties, 'context.integration': integration } : body.properties
      }
    case 'identify':
      return { title: `identify · ${String(body.userId ?? body.anonymousId)}`, detail: { traits: body.traits } }
    case 'page':
      return { title: `page · ${typeof body.name === 'string' ? `${body.name} · ` : ''}${pathOf(body)}`, detail: {} }
    default:
      return { title: String(body.type), detail: body }
  }
}

function pathOf(body: Record<string, unknown>): string {
  return String((body.properties as { path?: string } | undefined)?.path ?? '')
}

/** The consent stamped on an event (`context.consent.categoryPreferences`), as badges: `C0003: yes`. */
function consentBadges(body: Record<string, unknown>): HTMLElement[] {
  const consent = (body.context as { consent?: { categoryPreferences?: unknown } } | undefined)?.consent
  const preferences = consent?.categoryPreferences
  if (typeof preferences !== 'object' || preferences === null) return []
  return Object.entries(preferences).map(([category, granted]) =>
    element(
      'span',
      { class: 'consent-badge', 'data-consent': granted === true ? 'granted' : 'denied' },
      `consent ${category}: ${granted === true ? 'yes' : 'no'}`
    )
  )
}

/** The newest page load's list, opening a new group for a page event (or for the first event of all). */
function groupFor(body: Record<string, unknown>, receivedAt: string): HTMLOListElement {
  const log = byId('deliveries')
  const newest = log.querySelector<HTMLOListElement>('.page-load ol')
  if (newest && body.type !== 'page') return newest
  const group = document.createElement('section')
  group.className = 'page-load'
  const title = document.createElement('h3')
  const time = new Date(receivedAt).toLocaleTimeString()
  title.textContent = body.type === 'page' ? `Page load · ${pathOf(body)} · ${time}` : `Before a page load · ${time}`
  const list = document.createElement('ol')
  group.append(title, list)
  log.prepend(group)
  return list
}

function show({ endpoint, receivedAt, body }: DeliveredEvent): void {
  const { title, detail } = describe(body)
  const item = document.createElement('li')
  item.className = `delivery delivery--${String(body.type)}`
  if (typeof body.event === 'string' && body.event.startsWith('Live Chat')) item.classList.add('delivery--live-chat')
  item.dataset.event = typeof body.event === 'string' ? body.event : String(body.type)
  const head = document.createElement('div')
  head.className = 'delivery-head'
  const name = document.createElement('strong')
  name.textContent = title
  const meta = document.createElement('span')
  meta.textContent = `POST /v1/${endpoint} · ${new Date(receivedAt).toLocaleTimeString()}`
  head.append(name, meta)
  item.append(head, ...consentBadges(body))
  if (detail && Object.keys(detail).length > 0) {
    const pre = document.createElement('pre')
    pre.textContent = JSON.stringify(detail, null, 2)
    item.append(pre)
  }
  groupFor(body, receivedAt).prepend(item)
  byId('delivery-count').textContent = String(byId('deliveries').querySelectorAll('.delivery').length)
}

/** Follows the source's deliveries as the server receives them, and wires the Clear button. */
export function followDeliveries(writeKey: string): void {
  const key = encodeURIComponent(writeKey)
  const stream = new EventSource(`/api/events/stream?writeKey=${key}`)
  stream.onmessage = (message: MessageEvent<string>) => show(JSON.parse(message.data) as DeliveredEvent)
  byId('clear-log').addEventListener('click', () => {
    void fetch(`/api/events?writeKey=${key}`, { method: 'DELETE' }).then(() => {
      byId('deliveries').replaceChildren()
      byId('delivery-count').textContent = '0'
    })
  })
}
