import type { ActionInput, BrowserActionDefinition } from '@segment/browser-destination-runtime/types'
import type { MaybeClient } from '../client'
import type { Settings } from '../generated-types'
import type { Payload } from './generated-types'

/**
 * What Segment's app shows of the action; what it does is `perform`, which the runtime definition holds. Built by a
 * function marked pure, so that bundles without the full definition leave it out.
 */
export const metadata = /* @__PURE__ */ actionMetadata()

function actionMetadata(): Omit<BrowserActionDefinition<Settings, MaybeClient, Payload>, 'perform'> {
  return {
    title: 'Open Messenger',
    description:
      'Opens the Userlike messenger, for example when a visitor asks for help or a cart passes a value. Where the widget is not on the page yet, it is loaded now.',
    platform: 'web',
    defaultSubscription: 'type = "track" and event = "Help Clicked"',
    fields: {
      oncePerSession: {
        label: 'Once per visitor session',
        description:
          "Opens the messenger only the first time a mapping with this on matches in the visitor's browser tab session: a visitor who closed it is not shown it again.",
        type: 'boolean',
        default: true
      }
    }
  }
}

/** Opens the messenger (no client: the destination is off, a bad key). */
export function perform(client: MaybeClient, { payload }: ActionInput<Settings, Payload>): void {
  client?.openMessenger(payload.oncePerSession !== false)
}
