import type { ActionInput, BrowserActionDefinition } from '@segment/browser-destination-runtime/types'
import type { Settings } from '../generated-types'
import type { MaybeClient } from '../client'
import type { Payload } from './generated-types'

/** Each field's default, which is also the Identify Visitor preset's mapping. */
export const defaultMapping = {
  name: { '@path': '$.traits.name' },
  email: { '@path': '$.traits.email' },
  customData: { '@path': '$.traits' }
}

/**
 * What Segment's app shows of the action; what it does is `perform`, which the runtime definition holds. Built by a
 * function marked pure, so that bundles without the full definition leave it out.
 */
export const metadata = /* @__PURE__ */ actionMetadata()

function actionMetadata(): Omit<BrowserActionDefinition<Settings, MaybeClient, Payload>, 'perform'> {
  return {
    title: 'Identify Visitor',
    description:
      'Hands the visitor to the Userlike widget. Keep it enabled: the widget loads only where an action is enabled.',
    platform: 'web',
    defaultSubscription: 'type = "identify"',
    fields: {
      name: {
        label: 'Name',
        description: "The visitor's name, pre-filled in their Userlike contact.",
        type: 'string',
        default: defaultMapping.name
      },
      email: {
        label: 'Email',
        description: "The visitor's email, pre-filled in their Userlike contact.",
        type: 'string',
        default: defaultMapping.email
      },
      customData: {
        label: 'Custom Data',
        description: 'Userlike custom data, shown to operators.',
        type: 'object',
        default: defaultMapping.customData
      }
    }
  }
}

/** Hands the event's visitor to the widget (no client: the destination is off, a bad key). */
export function perform(client: MaybeClient, { payload, analytics, context }: ActionInput<Settings, Payload>): void {
  const { userId, anonymousId } = context.event
  client?.updateVisitor({ ...payload, userId, anonymousId }, analytics)
}
