import type { BrowserDestinationDefinition } from '@segment/browser-destination-runtime/types'
import { browserDestination } from '@segment/browser-destination-runtime/shim'
import type { Settings } from './generated-types'
import identifyVisitor from './identifyVisitor'
import { defaultMapping } from './preset-mapping'
import type { UserlikeClient } from './widget/visitor-data'

export const destination: BrowserDestinationDefinition<Settings, UserlikeClient> = {
  name: 'Userlike Web (Actions)',
  slug: 'actions-userlike-web',
  mode: 'device',
  description:
    'Loads the Userlike live chat widget on your site, hands it the visitor Segment knows, and can record ' +
    'Live Chat Conversation Started, Message Sent, Message Received and Conversation Ended events.',
  settings: {
    secretKey: {
      label: 'Secret Key',
      description:
        'Your Userlike widget secret: 64 hexadecimal characters. In the Userlike dashboard, open Config > Install ' +
        'and copy the value shown as Secret.',
      type: 'string',
      required: true
    },
    recordLiveChatEvents: {
      label: 'Record Live Chat Events',
      description:
        "When on, the widget's chat events are sent to Segment as Live Chat Conversation Started, Live Chat " +
        'Message Sent, Live Chat Message Received and Live Chat Conversation Ended.',
      type: 'boolean',
      default: false
    }
  },
  presets: [
    {
      name: 'Identify Visitor',
      subscribe: 'type = "identify"',
      partnerAction: 'identifyVisitor',
      mapping: defaultMapping(identifyVisitor.fields),
      type: 'automatic'
    }
  ],
  // Loaded on demand: a site pays for the widget adapter only once the runtime starts the destination.
  initialize: async (options, dependencies) => (await import('./initialize')).initializeUserlike(options, dependencies),
  actions: {
    identifyVisitor
  }
}

export default browserDestination(destination)
