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

/** The analytics instances listening for sign-out: registering again on one adds no second listener. */
const listening = new WeakSet<Analytics>()

/**
 * Validates the key before anything touches the page, hands the known visitor to the widget, starts
 * recording Live Chat events when asked to, and schedules the widget's loading (once per page) as the Load Widget
 * setting says. It never waits for the widget: `analytics.ready()` and the page's load event do not depend on it.
 */
export function initialize({ settings, analytics }: InitializeOptions<Settings>): UserlikeClient {
  const secretKey = parseSecretKey(settings.secretKey)

  startHandOver(analytics)
  if (!listening.has(analytics)) {
    listening.add(analytics)
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
