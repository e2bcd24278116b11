/**
 * The demo's stand-in consent manager (a CMP, such as OneTrust): a banner that asks the visitor for one category,
 * Functional (C0003), which the workspace maps to this destination. The choice is kept in localStorage, so that the
 * next page of the visit knows it, and "Privacy settings" reopens the banner mid-page. The page hands it to Segment's
 * consent tools (`createWrapper`: `getCategories`, `registerOnConsentChanged`), which stamp every event with it.
 */
import type { Categories } from '@segment/analytics-consent-tools'
import { DEMO_CONSENT_CATEGORY, type ConsentModel } from '../contract'
import { byId, element } from './dom'

const CHOICE_KEY = 'userlike-demo:consent'
const { id: CATEGORY, name: CATEGORY_NAME } = DEMO_CONSENT_CATEGORY

export interface ConsentManager {
  /** The visitor's categories now: the category is false until they accept. */
  categories(): Categories
  /** Whether the visitor has chosen, on this page or an earlier one. */
  decided(): boolean
  /** Calls `callback` with the categories each time the visitor changes their choice. */
  onChange(callback: (categories: Categories) => void): void
}

/** The stored choice: true (accepted), false (rejected), or undefined (not asked yet, or storage unreadable). */
function storedChoice(): boolean | undefined {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(CHOICE_KEY) ?? 'null')
    const choice = (value as Record<string, unknown> | null)?.[CATEGORY]
    return typeof choice === 'boolean' ? choice : undefined
  } catch {
    return undefined
  }
}

function storeChoice(accepted: boolean): void {
  try {
    localStorage.setItem(CHOICE_KEY, JSON.stringify({ [CATEGORY]: accepted }))
  } catch {
    // This page remembers it (below); the next one asks again.
  }
}

function describe(choice: boolean | undefined): string {
  if (choice === undefined) return 'Your choice: not made yet.'
  return `Your choice: ${choice ? 'accepted' : 'rejected'}.`
}

/** Shows the banner where the visitor has not chosen yet, and wires the page's "Privacy settings" link. */
export function startConsentManager(model: ConsentModel): ConsentManager {
  let choice = storedChoice()
  const listeners: Array<(categories: Categories) => void> = []
  const categories = (): Categories => ({ [CATEGORY]: choice === true })
  const link = byId<HTMLAnchorElement>('privacy-settings')

  const accept = element('button', { type: 'button', id: 'consent-accept', class: 'consent-accept' }, 'Accept')
  const reject = element('button', { type: 'button', id: 'consent-reject' }, 'Reject')
  const close = element('button', { type: 'button', id: 'consent-close', class: 'link-button' }, 'Close')
  const state = element('p', { class: 'consent-choice', id: 'consent-choice' }, describe(choice))
  const banner = element(
    'section',
    {
      id: 'consent-banner',
      class: 'consent-banner',
      role: 'dialog',
      'aria-labelledby': 'consent-title',
      'aria-describedby': 'consent-text'
    },
    element('h2', { id: 'consent-title' }, 'Privacy settings'),
    element(
      'p',
      { id: 'consent-text' },
      `Hoodie & Co. answers your questions in a live chat by Userlike, which stores ${CATEGORY_NAME} cookies and ` +
        `receives what you tell it. May we load it? (Category: ${CATEGORY_NAME}, ${CATEGORY}.)`
    ),
    element(
      'p',
      { class: 'consent-model' },
      `A stand-in consent manager, ${model} model; your choice stays in this browser.`
    ),
    state,
    element('div', { class: 'consent-buttons' }, accept, reject, close)
  )

  function open(fromLink: boolean): void {
    close.hidden = choice === undefined
    banner.hidden = false
    if (fromLink) accept.focus()
  }

  function hide(): void {
    const hadFocus = banner.contains(document.activeElement)
    banner.hidden = true
    if (hadFocus) link.focus()
  }

  function choose(accepted: boolean): void {
    const changed = choice !== accepted
    choice = accepted
    storeChoice(accepted)
    state.textContent = describe(choice)
    hide()
    if (changed) for (const listener of listeners) listener(categories())
  }

  accept.addEventListener('click', () => choose(true))
  reject.addEventListener('click', () => choose(false))
  close.addEventListener('click', hide)
  banner.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && choice !== undefined) hide()
  })
  link.hidden = false
  link.addEventListener('click', (event) => {
    event.preventDefault()
    open(true)
  })

  // First in the page, so that a keyboard reaches it before the shop.
  banner.hidden = true
  document.body.prepend(banner)
  if (choice === undefined) open(false)

  return {
    categories,
    decided: () => choice !== undefined,
    onChange: (callback) => listeners.push(callback)
  }
}
