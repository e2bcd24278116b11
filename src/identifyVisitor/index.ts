import type { BrowserActionDefinition } from '@segment/browser-destination-runtime/types'
import type { Settings } from '../generated-types'
import type { UserlikeClient } from '../widget/visitor-data'
import type { Payload } from './generated-types'

/** Each field's default, which is also the Identify Visitor preset's mapping. */
export const defaultMapping = {
  name: { '@path': '$.traits.name' },
  email: { '@path': '$.traits.email' },
  customData: { '@path': '$.traits' }
}

const action: BrowserActionDefinition<Settings, UserlikeClient, Payload> = {
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
  },
  perform: async (client, { payload, analytics, context }) => {
    // analytics-next may deliver events before initialize has returned the client: the module holds the same one.
    const widget = client || (await import('../widget/visitor-data')).userlikeClient
    const { userId, anonymousId } = context.event
    widget.updateVisitor(
      { userId, anonymousId, name: payload.name, email: payload.email, custom: payload.customData },
      analytics
    )
  }
}

export default action
