import type { ActionInput, BrowserActionDefinition } from '@segment/browser-destination-runtime/types'
import type { MaybeClient } from '../client'
import type { Settings } from '../generated-types'
import type { Payload } from './generated-types'

/** Each field's default: the event's properties. */
export const defaultMapping = {
  customData: { '@path': '$.properties' }
}

/**
 * What Segment's app shows of the action; what it does is `perform`, which the runtime definition holds. Built by a
 * function marked pure, so that bundles without the full definition leave it out.
 */
export const metadata = /* @__PURE__ */ actionMetadata()

function actionMetadata(): Omit<BrowserActionDefinition<Settings, MaybeClient, Payload>, 'perform'> {
  return {
    title: 'Update Custom Data',
    description:
      "Adds to the custom data operators see beside the visitor, for example the cart's value. Merged as Identify Visitor's custom data is: for the current visitor only, an empty value never wipes one, and all of it is taken back on sign-out.",
    platform: 'web',
    defaultSubscription: 'type = "track" and event = "Product Added"',
    fields: {
      customData: {
        label: 'Custom Data',
        description: 'Userlike custom data, shown to operators: map only what they should see.',
        type: 'object',
        required: true,
        default: defaultMapping.customData
      }
    }
  }
}

/** Merges the event's custom data into the visitor's (no client: the destination is off, a bad key). */
export function perform(client: MaybeClient, { payload, analytics, context }: ActionInput<Settings, Payload>): void {
  const { userId, anonymousId } = context.event
  client?.updateCustomData({ ...payload, userId, anonymousId }, analytics)
}
