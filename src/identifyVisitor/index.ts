import type { BrowserActionDefinition } from '@segment/browser-destination-runtime/types'
import type { Settings } from '../generated-types'
import type { UserlikeClient } from '../widget/visitor-data'
import type { Payload } from './generated-types'

const action: BrowserActionDefinition<Settings, UserlikeClient, Payload> = {
  title: 'Identify Visitor',
  description:
    "Hands the visitor's name, email and custom data to the Userlike widget, so that operators see who they are " +
    'talking to. Keep this action enabled: the widget loads only on pages where at least one action is enabled.',
  platform: 'web',
  defaultSubscription: 'type = "identify"',
  fields: {
    name: {
      label: 'Name',
      description: "The visitor's name, pre-filled in the Userlike contact.",
      type: 'string',
      required: false,
      default: { '@path': '$.traits.name' }
    },
    email: {
      label: 'Email',
      description: "The visitor's email address, pre-filled in the Userlike contact.",
      type: 'string',
      required: false,
      default: { '@path': '$.traits.email' }
    },
    customData: {
      label: 'Custom Data',
      description: 'Data shown to operators next to the conversation (Userlike custom data).',
      type: 'object',
      required: false,
      default: { '@path': '$.traits' }
    }
  },
  perform: (client, { payload }) => {
    client.updateVisitor({ name: payload.name, email: payload.email, custom: payload.customData })
  }
}

export default action
