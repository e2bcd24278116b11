import type { Plugin } from '@segment/analytics-next'
import type {
  BrowserDestinationDefinition,
  PluginFactory,
  Subscription
} from '@segment/browser-destination-runtime/types'
import { browserDestination } from '@segment/browser-destination-runtime/shim'
import type { Settings } from './generated-types'
import identifyVisitor, { defaultMapping } from './identifyVisitor'
import { ADDITIONAL_WIDGET_EVENTS } from './live-chat/events'
import type { UserlikeClient } from './widget/visitor-data'

// `satisfies` keeps the literal types, so that `destination.presets` can serve as subscriptions as they are.
export const destination = {
  name: 'Userlike Web (Actions)',
  slug: 'actions-userlike-web',
  mode: 'device',
  description: 'Loads the Userlike chat widget with the visitor Segment knows, and can record its chats.',
  settings: {
    secretKey: {
      label: 'Secret Key',
      description: 'Your Userlike widget secret, from the Userlike dashboard: Config > Install > Secret.',
      type: 'string',
      required: true
    },
    recordLiveChatEvents: {
      label: 'Record Live Chat Events',
      description: "Sends the widget's chats to Segment as Live Chat events.",
      type: 'boolean',
      default: false
    },
    loadWidget: {
      label: 'Load Widget',
      description: "When to load the chat widget. After the page has loaded, it costs the page's loading nothing.",
      type: 'string',
      choices: [
        { label: 'After the page has loaded', value: 'afterPageLoad' },
        { label: 'Immediately', value: 'immediately' },
        { label: 'On first interaction (click, key, scroll)', value: 'onFirstInteraction' }
      ],
      default: 'afterPageLoad'
    },
    additionalWidgetEvents: {
      label: 'Additional Widget Events',
      description:
        'Also sends these widget events when Record Live Chat Events is on. Live Chat Button Shown is sent on every page view.',
      type: 'string',
      multiple: true,
      choices: Object.entries(ADDITIONAL_WIDGET_EVENTS).map(([value, name]) => ({ value, label: `Live Chat ${name}` }))
    }
  },
  presets: [
    {
      name: 'Identify Visitor',
      subscribe: 'type = "identify"',
      partnerAction: 'identifyVisitor',
      mapping: defaultMapping,
      type: 'automatic'
    }
  ],
  // Loaded on demand: a site pays for the widget adapter only once the runtime starts the destination.
  initialize: async (options, dependencies) => (await import('./initialize')).initialize(options, dependencies),
  actions: {
    identifyVisitor
  }
} satisfies BrowserDestinationDefinition<Settings, UserlikeClient>

/**
 * The runtime types its factory loosely (any JSON in, one plugin or several out); this one takes this
 * destination's settings and always resolves to a list, so `analytics.register(...plugins)` type-checks.
 */
export type UserlikePluginFactory = ((settings: Settings & { subscriptions?: Subscription[] }) => Promise<Plugin[]>) &
  PluginFactory

export default browserDestination(destination) as UserlikePluginFactory
