/**
 * A stand-in for Userlike's widget script, served in place of the widget's URL (src/widget/loader.ts) when that CDN
 * is not reachable.
 *
 * As far as the destination can see, it behaves like the widget: it reads `window.userlikeData` when it starts,
 * offers the legacy API `window.userlike` (`setData` + `userlikeUpdateAPI`, `userlikeStartChat`, `userlikeQuitChat`,
 * `userlikeShowButton`, `userlikeHideButton`, and `logout`), calls the documented ready callback
 * `window.userlike.userlikeReady()` once up, and calls `window.userlikeTrackingEvent(eventName, globalCtx,
 * sessionCtx)` for each widget event, looking it up at each call as the widget does. Ids are numbers, as they may be
 * in the real widget. Every call made on `window.userlike` shows in its trace panel and is recorded, by method name,
 * in `window.__ulsimCalls` (SIMULATOR_CALLS), for the tests.
 *
 * Like today's widget (Userlike's client-tracking docs), it sends `chat_started` again whenever an open conversation
 * is continued: re-opened, after a reload, on another page or in another tab (the conversation is kept in this
 * origin's localStorage, as the widget keeps its own). The page's query `simulator=` picks the widget generation:
 * `current` (the default) shows the rating view when a conversation ends (`feedback_rating_show`, then
 * `rating_submit` or `feedback_rating_cancel`); `classic` sends `chat_quit`, as the widget of 2018 did.
 */
import { demoQuery, SIMULATOR_CALLS } from '../contract'
import { element as el } from './dom'

interface UserlikeWindow {
  userlikeData?: unknown
  userlike?: unknown
  userlikeTrackingEvent?: unknown
}

type Json = Record<string, unknown>

const page = window as unknown as UserlikeWindow
const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null
const widgetKey = /([0-9a-f]{64})\.js/i.exec(script?.src ?? '')?.[1] ?? 'unknown'

const AGENT = { operator_id: 7, operator_name: 'Alex from Support' }
const REPLIES = [
  'Hi! Happy to help. Which size are you looking for?',
  'That one is in stock and ships tomorrow.',
  'You are welcome! Anything else?'
]

const globalCtx = {
  widget_id: parseInt(widgetKey.slice(0, 6), 16) || 1,
  client_uuid: crypto.randomUUID(),
  widget_lang: (navigator.language || 'en').slice(0, 2)
}
const newSessionId = (): number => 90000 + Math.floor(Math.random() * 1000)
/** The widget's session: a new one after `logout()`. */
let sessionId = newSessionId()
const mode = demoQuery(new URLSearchParams(location.search), 'simulator') === 'classic' ? 'classic' : 'current'

// ---- the conversation, kept across pages, reloads and tabs ------------------------------------------------------

interface Conversation {
  chatId: number
  replies: number
  /** The transcript shown in the panel, so that it survives a page change as the widget's does. */
  lines: Array<[Line, string]>
}
type Line = 'visitor' | 'agent' | 'system'

const STORAGE_KEY = 'userlike-widget-simulator:conversation'
/** Where storage throws (a test's hostile page), the conversation lives as long as the page. */
let inMemory: Conversation | undefined

function loadConversation(): Conversation | undefined {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Conversation | null
    return stored && typeof stored.chatId === 'number' && Array.isArray(stored.lines) ? stored : undefined
  } catch {
    return inMemory
  }
}

function saveConversation(conversation: Conversation | undefined): void {
  inMemory = conversation
  try {
    if (conversation) localStorage.setItem(STORAGE_KEY, JSON.stringify(conversation))
    else localStorage.removeItem(STORAGE_KEY)
  } catch {
    // Kept in memory only.
  }
}

let conversation = loadConversation()
/** The conversation whose rating view is showing (current widgets), after it ended. */
let rating: number | undefined

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function readContact(data: unknown): { name: string; email: string } {
  const user = isObject(data) && isObject(data.user) ? data.user : {}
  return {
    name: typeof user.name === 'string' ? user.name : '',
    email: typeof user.email === 'string' ? user.email : ''
  }
}

// What the widget knows about the visitor: read from window.userlikeData at start, updated through the API.
let contact = readContact(page.userlikeData)
let customData: Json = isObject(page.userlikeData) && isObject(page.userlikeData.custom) ? page.userlikeData.custom : {}
let pending: unknown

// ---- the bubble and its panel -------------------------------------------------------------------------------

/** The colour of Userlike's default widget, as the destination's placeholder button has it (DEFAULT_CHAT_BUTTON_COLOR). */
const BLUE = '#0d8cff'
/** A darker shade of it behind or as text: white on BLUE is too faint to read (3.4:1); this is 5:1. */
const TEXT_BLUE = '#0a6fcc'

const style = el(
  'style',
  {},
  `
.ulsim { position: fixed; right: 24px; bottom: 24px; z-index: 2147483000; font: 14px/1.4 system-ui, sans-serif; }
.ulsim-bubble[hidden], .ulsim > .ulsim-action[hidden] { display: none; }
.ulsim-bubble { width: 60px; height: 60px; border-radius: 50%; border: 0; background: ${BLUE}; color: #fff;
  display: grid; place-items: center; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); float: right; }
.ulsim-panel { width: 330px; margin-bottom: 12px; background: #fff; border-radius: 12px; overflow: hidden;
  box-shadow: 0 8px 30px rgba(0,0,0,.25); }
.ulsim-panel[hidden] { display: none; }
.ulsim-head { background: ${TEXT_BLUE}; color: #fff; padding: 10px 14px; }
.ulsim-head small { display: block; opacity: .8; }
.ulsim-contact { padding: 6px 14px 0; background: #eef4ff; font-size: 12px; }
.ulsim-custom { padding: 0 14px 6px; background: #eef4ff; font-size: 11px; color: #445; overflow-wrap: anywhere; }
.ulsim-custom:empty { display: none; }
.ulsim-messages { height: 150px; overflow-y: auto; padding: 8px 14px; display: flex; flex-direction: column; gap: 6px; }
.ulsim-msg { padding: 6px 10px; border-radius: 10px; max-width: 80%; }
.ulsim-msg.visitor { align-self: flex-end; background: ${TEXT_BLUE}; color: #fff; }
.ulsim-msg.agent { align-self: flex-start; background: #eceff3; }
.ulsim-msg.system { align-self: center; color: #667; font-size: 12px; }
.ulsim-compose { display: flex; gap: 6px; padding: 0 14px 8px; }
.ulsim-compose input { flex: 1; padding: 6px; border: 1px solid #ccd; border-radius: 6px; }
.ulsim-actions { display: flex; flex-wrap: wrap; gap: 6px; padding: 0 14px 10px; }
.ulsim button.ulsim-action { border: 1px solid ${TEXT_BLUE}; background: #fff; color: ${TEXT_BLUE}; border-radius: 6px;
  padding: 4px 8px; cursor: pointer; }
.ulsim button.ulsim-action:disabled { opacity: .4; cursor: default; }
.ulsim > .ulsim-action { float: right; clear: right; margin-top: 6px; font-size: 11px; }
.ulsim-rating { display: flex; align-items: center; flex-wrap: wrap; gap: 6px; padding: 6px 14px; background: #fff8e6; }
.ulsim-rating[hidden] { display: none; }
.ulsim-trace { margin: 0; padding: 6px 14px; background: #1e2430; color: #cfe3ff; font: 11px/1.4 monospace;
  max-height: 90px; overflow-y: auto; }
`
)

const contactLine = el('div', { class: 'ulsim-contact', 'data-testid': 'ulsim-contact' })
const customLine = el('div', { class: 'ulsim-custom', 'data-testid': 'ulsim-custom' })
const messages = el('div', { class: 'ulsim-messages', 'data-testid': 'ulsim-messages' })
const input = el('input', {
  'aria-label': 'Your message',
  placeholder: 'Type a message…',
  value: 'Is the hoodie in stock?'
})
const startButton = el('button', { class: 'ulsim-action', 'data-testid': 'ulsim-start' }, 'Start conversation')
const sendButton = el('button', { class: 'ulsim-action', 'data-testid': 'ulsim-send' }, 'Send')
const replyButton = el('button', { class: 'ulsim-action', 'data-testid': 'ulsim-reply' }, 'Agent replies')
const endButton = el('button', { class: 'ulsim-action', 'data-testid': 'ulsim-end' }, 'End conversation')
const proactiveButton = el(
  'button',
  { class: 'ulsim-action', 'data-testid': 'ulsim-proactive', title: 'The site invites the visitor (proactive chat)' },
  'Proactive invitation'
)
const rateButton = el('button', { class: 'ulsim-action', 'data-testid': 'ulsim-rate' }, 'Rate ★★★★★')
const skipRatingButton = el('button', { class: 'ulsim-action', 'data-testid': 'ulsim-rate-skip' }, 'Skip')
const ratingView = el(
  'div',
  { class: 'ulsim-rating', hidden: '', 'data-testid': 'ulsim-rating' },
  'How was your conversation? ',
  rateButton,
  skipRatingButton
)
const trace = el('pre', { class: 'ulsim-trace', 'data-testid': 'ulsim-trace' })
const panel = el(
  'div',
  { class: 'ulsim-panel', hidden: '', 'data-testid': 'ulsim-panel' },
  el('div', { class: 'ulsim-head' }, 'Chat with us', el('small', {}, `Userlike widget simulator (${mode} widget)`)),
  contactLine,
  customLine,
  messages,
  ratingView,
  el('div', { class: 'ulsim-compose' }, input, sendButton),
  el('div', { class: 'ulsim-actions' }, startButton, replyButton, endButton),
  trace
)
const bubble = el('button', {
  class: 'ulsim-bubble',
  'aria-label': 'Open chat',
  'aria-expanded': 'false',
  'data-testid': 'ulsim-bubble'
})
// A speech bubble drawn in SVG: no emoji font needed.
bubble.innerHTML =
  '<svg viewBox="0 0 24 24" width="30" height="30" aria-hidden="true"><path fill="#fff" ' +
  'd="M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>'
const root = el(
  'div',
  {
    class: 'ulsim',
    'data-testid': 'ulsim',
    'data-widget-key': widgetKey,
    'data-simulator': mode,
    'data-button': 'shown'
  },
  panel,
  bubble,
  // The site's proactive invitation, which a real widget starts by itself (a rule in the Userlike dashboard).
  proactiveButton
)

function renderContact(): void {
  const who = [contact.name, contact.email].filter((part) => part !== '').join(' · ')
  const custom = Object.entries(customData)
  contactLine.textContent = `Contact: ${who === '' ? 'anonymous visitor' : who}${custom.length > 0 ? ` (${custom.length} custom data fields)` : ''}`
  // What operators would see beside the contact.
  customLine.textContent = custom.map(([key, value]) => `${key}: ${brief(value, 40)}`).join(' · ')
}

/** A value as a trace or the contact shows it: JSON, cut short. */
function brief(value: unknown, length: number): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  return text.length > length ? `${text.slice(0, length - 1)}…` : text
}

function renderButtons(): void {
  startButton.disabled = conversation !== undefined
  proactiveButton.disabled = conversation !== undefined
  replyButton.disabled = conversation === undefined
  endButton.disabled = conversation === undefined
}

function show(kind: Line, text: string): void {
  messages.append(el('div', { class: `ulsim-msg ${kind}` }, text))
  messages.scrollTop = messages.scrollHeight
}

/** Shows a line and keeps it in the conversation's transcript. */
function say(kind: Line, text: string): void {
  show(kind, text)
  if (conversation) {
    conversation.lines.push([kind, text])
    saveConversation(conversation)
  }
}

// ---- widget events --------------------------------------------------------------------------------------------

function sessionCtx(): Json {
  const chatId = conversation?.chatId ?? rating
  return chatId === undefined ? { session_id: sessionId } : { session_id: sessionId, chat_id: chatId, ...AGENT }
}

function traceLine(line: string): void {
  trace.textContent += `${line}\n`
  trace.scrollTop = trace.scrollHeight
}

/** Calls the page's tracking callback as Userlike's widget does; an error in it never breaks the widget. */
function track(eventName: string): void {
  const ctx = sessionCtx()
  traceLine(`userlikeTrackingEvent('${eventName}', …, ${JSON.stringify(ctx)})`)
  const callback = page.userlikeTrackingEvent
  if (typeof callback !== 'function') return
  try {
    ;(callback as (name: string, global: Json, session: Json) => void)(eventName, { ...globalCtx }, ctx)
  } catch (error) {
    console.warn('Userlike widget simulator: userlikeTrackingEvent threw', error)
  }
}

function startConversation(proactive = false): void {
  conversation = loadConversation()
  if (conversation) return
  closeRating()
  conversation = { chatId: 100000 + Math.floor(Math.random() * 900000), replies: 0, lines: [] }
  saveConversation(conversation)
  if (proactive) track('proactive_timer')
  track(proactive ? 'chat_started_proactive' : 'chat_started')
  if (proactive) say('agent', 'Hi there! Can I help you find the right size?')
  say('system', `Conversation #${conversation.chatId} started; ${AGENT.operator_name} joined`)
  track(proactive ? 'chat_connected_proactive' : 'chat_connected')
  renderButtons()
}

/** The visitor continues the open conversation (re-opened the panel, or on a new page): the widget says so again. */
function continueConversation(): void {
  conversation = loadConversation()
  if (conversation) track('chat_started')
  renderButtons()
}

function sendMessage(): void {
  const text = input.value.trim() || 'Hello!'
  conversation = loadConversation()
  if (!conversation) startConversation()
  say('visitor', text)
  // "terminating" at the operator: the visitor's message reached the agent.
  track('message_operator_terminating')
  input.value = ''
}

function agentReplies(): void {
  conversation = loadConversation()
  if (!conversation) return
  say('agent', REPLIES[conversation.replies++ % REPLIES.length])
  // "terminating" at the client: the agent's message reached the visitor.
  track('message_client_terminating')
}

function endConversation(): void {
  conversation = loadConversation()
  if (!conversation) return
  const { chatId } = conversation
  say('system', `Conversation #${chatId} ended`)
  if (mode === 'classic') {
    track('chat_quit')
  } else {
    // Current widgets send no chat_quit: they show the rating view.
    rating = chatId
    ratingView.hidden = false
    track('feedback_rating_show')
  }
  conversation = undefined
  saveConversation(undefined)
  renderButtons()
}

function closeRating(): void {
  rating = undefined
  ratingView.hidden = true
}

function rate(eventName: 'rating_submit' | 'feedback_rating_cancel'): void {
  if (rating === undefined) return
  track(eventName)
  if (eventName === 'rating_submit') messages.append(el('div', { class: 'ulsim-msg system' }, 'Thanks for rating!'))
  closeRating()
}

function setPanelOpen(open: boolean): void {
  panel.hidden = !open
  bubble.setAttribute('aria-expanded', String(open))
}

/**
 * Opens the messenger (the bubble, or `userlikeStartChat`): the widget says so, and an open conversation continues.
 * Also while the button is hidden: the visitor asked for it.
 */
function openPanel(): void {
  if (!panel.hidden) return
  setPanelOpen(true)
  track('chat_window_maximized')
  continueConversation()
}

function closePanel(): void {
  if (panel.hidden) return
  setPanelOpen(false)
  track('chat_window_minimized')
}

/** `userlikeShowButton` / `userlikeHideButton`: the whole widget, bubble and panel. */
function showButton(visible: boolean): void {
  bubble.hidden = !visible
  proactiveButton.hidden = !visible
  if (!visible) setPanelOpen(false)
  root.dataset.button = visible ? 'shown' : 'hidden'
}

/** `logout()`: the contact and its custom data are forgotten, the session ends; the widget goes on, anonymous. */
function logout(): void {
  contact = { name: '', email: '' }
  customData = {}
  pending = undefined
  sessionId = newSessionId()
  closeRating()
  conversation = undefined
  saveConversation(undefined)
  messages.replaceChildren()
  show('system', 'Logged out: a new session, an anonymous contact')
  renderContact()
  renderButtons()
}

bubble.addEventListener('click', () => (panel.hidden ? openPanel() : closePanel()))
startButton.addEventListener('click', () => startConversation())
proactiveButton.addEventListener('click', () => {
  setPanelOpen(true)
  startConversation(true)
})
sendButton.addEventListener('click', sendMessage)
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') sendMessage()
})
replyButton.addEventListener('click', agentReplies)
endButton.addEventListener('click', endConversation)
rateButton.addEventListener('click', () => rate('rating_submit'))
skipRatingButton.addEventListener('click', () => rate('feedback_rating_cancel'))

// ---- the legacy API -------------------------------------------------------------------------------------------

const calls: string[] = ((page as unknown as Record<string, unknown>)[SIMULATOR_CALLS] = [])

/** A method of `window.userlike` that shows in the trace, and in `__ulsimCalls`, each time it is called. */
function recorded<Args extends unknown[]>(method: string, run: (...args: Args) => void): (...args: Args) => void {
  return (...args) => {
    calls.push(method)
    traceLine(`userlike.${method}(${args.map((arg) => brief(arg, 80)).join(', ')})`)
    run(...args)
  }
}

page.userlike = {
  setData: recorded('setData', (data: unknown) => {
    pending = data
  }),
  userlikeUpdateAPI: recorded('userlikeUpdateAPI', () => {
    if (pending === undefined) return
    const next = readContact(pending)
    contact = { name: next.name || contact.name, email: next.email || contact.email }
    if (isObject(pending) && isObject(pending.custom)) customData = pending.custom
    pending = undefined
    renderContact()
  }),
  userlikeStartChat: recorded('userlikeStartChat', openPanel),
  userlikeQuitChat: recorded('userlikeQuitChat', endConversation),
  userlikeShowButton: recorded('userlikeShowButton', () => showButton(true)),
  userlikeHideButton: recorded('userlikeHideButton', () => showButton(false)),
  logout: recorded('logout', logout)
}

/** The documented ready callback, `userlike.userlikeReady`, which the page (or the destination) set on our object. */
function ready(): void {
  const api = page.userlike
  const callback = isObject(api) ? api.userlikeReady : undefined
  if (typeof callback !== 'function') return
  try {
    ;(callback as () => void).call(api)
  } catch (error) {
    console.warn('Userlike widget simulator: userlike.userlikeReady threw', error)
  }
}

function mount(): void {
  document.head.append(style)
  document.body.append(root)
  renderContact()
  renderButtons()
  for (const [kind, text] of conversation?.lines ?? []) show(kind, text)
  track('button_displayed')
  // An open conversation continues on this page (a reload, another page or tab of the site).
  continueConversation()
  ready()
}

if (document.body) mount()
else document.addEventListener('DOMContentLoaded', mount)

// A module, so that its names stay out of the global scope.
export {}
