import type { Analytics } from '@segment/analytics-next'
import type { InitializeOptions } from '@segment/browser-destination-runtime/types'
import type { UserlikeClient } from './client'
import { consentGranted, followConsent } from './consent'
import type { Settings } from './generated-types'
import { conversationInProgress, forgetConversations } from './live-chat/conversations'
import { createLiveChatRecorder } from './live-chat/recorder'
import { parseSecretKey } from './secret-key'
import { reportError, warn } from './userlike-error'
import { PACKAGE_VERSION } from './version'
import { showChatButton, watchChatLinks } from './widget/chat-button'
import {
  applyConsentToButton,
  onWidgetReady,
  openMessenger,
  setChatButtonVisibility,
  watchWidgetReady
} from './widget/control'
import { DEFAULT_LOAD_WIDGET, hasWidgetScript, loadIfDeferred, loadMode, scheduleWidgetLoad } from './widget/loader'
import { installTrackingCallback } from './widget/tracking-callback'
import {
  forgetVisitor,
  pushVisitorToWidget,
  startHandOver,
  updateCustomData,
  updateVisitor
} from './widget/visitor-data'

/**
 * The analytics instances listening for sign-out: registering again on one adds no second listener. An array, not a
 * `WeakSet`, which a page's old shim may break; a page holds one or two instances for its lifetime.
 */
const listening: Analytics[] = []

/** A capability of the client, carried out only while the visitor's consent allows it (consent.ts). */
function withConsent<Args extends unknown[]>(capability: (...args: Args) => void): (...args: Args) => void {
  return (...args) => consentGranted() && capability(...args)
}

const client: UserlikeClient = {
  updateVisitor: withConsent(updateVisitor),
  updateCustomData: withConsent(updateCustomData),
  openMessenger: withConsent(openMessenger),
  setChatButtonVisibility: withConsent(setChatButtonVisibility)
}

/**
 * Validates the key before anything touches the page, then waits for the visitor's consent (at once where no
 * consent management is configured), and on it, in order: hands the known visitor to the widget, records Live Chat
 * events when asked to, and schedules the widget's loading (once per page) as the Load Widget setting says. It never
 * waits for the widget: `analytics.ready()` and the page's load event do not depend on it. It never rejects either:
 * analytics-next keeps a failed initialize for `ready()`, and nobody would catch it (an uncaught rejection on the
 * page). A bad key is reported once, and the destination stays off (no client).
 */
export function initialize({ settings, analytics }: InitializeOptions<Settings>): UserlikeClient | undefined {
  let secretKey: string
  try {
    secretKey = parseSecretKey(settings.secretKey)
  } catch (error) {
    // Its message says what is wrong with the key, starting with `Userlike:`.
    console.error((error as Error).message)
    return
  }

  if (!listening.includes(analytics)) {
    listening.push(analytics)
    analytics.on('reset', () => {
      // Sign-out (analytics.reset()): everything kept about the visitor who left is forgotten here. Never throws.
      forgetVisitor()
      forgetConversations()
    })
  }

  let mode = loadMode(settings.loadWidget)
  const chatButtonMode = mode === 'onChatButton'
  // The placeholder would keep an operator's replies from a visitor with a conversation in progress, and cannot
  // stand for a widget that the site's own snippet loads: the widget then comes as after the page load.
  const showsPlaceholder = chatButtonMode && !conversationInProgress() && !hasWidgetScript(secretKey)
  if (chatButtonMode && !showsPlaceholder) mode = DEFAULT_LOAD_WIDGET
  const recording = settings.recordLiveChatEvents === true
  let started = false

  followConsent((granted) => {
    if (!granted) return started && withdraw(secretKey)
    startHandOver(analytics)
    if (showsPlaceholder) showChatButton(settings.chatButtonColor, settings.chatButtonPosition)
    applyConsentToButton(true)
    if (started) return loadIfDeferred()
    started = true
    watchWidgetReady()
    onWidgetReady(pushVisitorToWidget)
    installTrackingCallback(
      // The placeholder's mode needs to know of conversations in progress (and their end, on the pages where the
      // widget came at once for one) even where they are not recorded.
      recording || chatButtonMode
        ? createLiveChatRecorder(({ name, properties }) => {
            // `context.integration` names this destination as the event's source, as the classic integration did.
            if (!recording || !consentGranted()) return
            analytics
              .track(name, properties, { context: { integration: { name: 'userlike', version: PACKAGE_VERSION } } })
              .catch((error: unknown) => reportError(`could not send "${name}"`, error))
          }, settings.additionalWidgetEvents)
        : // Registered again with recording off: an earlier registration's callback must stop recording.
          undefined
    )
    scheduleWidgetLoad(secretKey, mode)
  })
  watchChatLinks(settings.chatButtonSelector)
  return client
}

/**
 * The visitor withdrew consent while the destination ran: what was handed over is taken back, the widget's session
 * ended and its button hidden (where the widget offers that), the placeholder too; hand-overs, Live Chat events and
 * the actions stop at once (the client and the recorder ask `consentGranted`).
 */
function withdraw(secretKey: string): void {
  forgetVisitor()
  // The widget's button hidden, and the placeholder with it (it follows the button's visibility).
  applyConsentToButton(false)
  if (hasWidgetScript(secretKey)) {
    warn(
      'the visitor withdrew consent: their data was taken back from the widget, its session ended and its button hidden; only a reload removes the widget from this page.'
    )
  }
}
