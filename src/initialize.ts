import type { Analytics } from '@segment/analytics-next'
import type { InitializeOptions } from '@segment/browser-destination-runtime/types'
import type { Settings } from './generated-types'
import { forgetConversations } from './live-chat/conversations'
import { createLiveChatRecorder } from './live-chat/recorder'
import { parseSecretKey } from './secret-key'
import { reportError } from './userlike-error'
import { PACKAGE_VERSION } from './version'
import { scheduleWidgetLoad } from './widget/loader'
import { installTrackingCallback } from './widget/tracking-callback'
import { forgetVisitor, startHandOver, userlikeClient, type UserlikeClient } from './widget/visitor-data'

/**
 * The analytics instances listening for sign-out: registering again on one adds no second listener. An array, not a
 * `WeakSet`, which a page's old shim may break; a page holds one or two instances for its lifetime.
 */
const listening: Analytics[] = []

/** The client of a destination that is off (a bad key): it hands nothing to anyone. */
const OFF: UserlikeClient = { updateVisitor() {} }

/**
 * Validates the key before anything touches the page, hands the known visitor to the widget, starts
 * recording Live Chat events when asked to, and schedules the widget's loading (once per page) as the Load Widget
 * setting says. It never waits for the widget: `analytics.ready()` and the page's load event do not depend on it.
 * It never rejects either: analytics-next keeps a failed initialize for `ready()`, and nobody would catch it (an
 * uncaught rejection on the page). A bad key is reported once, and the destination stays off.
 */
export function initialize({ settings, analytics }: InitializeOptions<Settings>): UserlikeClient {
  let secretKey: string
  try {
    secretKey = parseSecretKey(settings.secretKey)
  } catch (error) {
    // Its message says what is wrong with the key, starting with `Userlike:`.
    console.error((error as Error).message)
    return OFF
  }

  startHandOver(analytics)
  if (!listening.includes(analytics)) {
    listening.push(analytics)
    analytics.on('reset', () => {
      // Sign-out (analytics.reset()): everything kept about the visitor who left is forgotten here. Never throws.
      forgetVisitor()
      forgetConversations()
    })
  }

  installTrackingCallback(
    settings.recordLiveChatEvents === true
      ? createLiveChatRecorder(({ name, properties }) => {
          // `context.integration` names this destination as the event's source, as the classic integration did.
          analytics
            .track(name, properties, { context: { integration: { name: 'userlike', version: PACKAGE_VERSION } } })
            .catch((error: unknown) => reportError(`could not send "${name}"`, error))
        }, settings.additionalWidgetEvents)
      : // Registered again with recording off: an earlier registration's callback must stop recording.
        undefined
  )

  scheduleWidgetLoad(secretKey, settings.loadWidget)
  return userlikeClient
}
