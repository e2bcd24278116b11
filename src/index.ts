import type { BrowserActionDefinition, BrowserDestinationDefinition } from '@segment/browser-destination-runtime/types'
import type { Settings } from './generated-types'
import { defaultMapping, metadata } from './identifyVisitor'
import { ADDITIONAL_WIDGET_EVENTS } from './live-chat/events'
import { runtimeDefinition } from './plugin'
import type { UserlikeClient } from './widget/visitor-data'

export { default, type UserlikePluginFactory } from './plugin'

/**
 * The full definition, as Segment's app, the type generator and the tests read it: the runtime definition
 * (plugin.ts) with the metadata. Built by a function marked pure, so that a site that imports only the plugin
 * factory (the default export) bundles none of this.
 */
export const destination = /* @__PURE__ */ fullDefinition()

function fullDefinition() {
  const identifyVisitor: BrowserActionDefinition<Settings, UserlikeClient> = {
    ...metadata,
    ...runtimeDefinition.actions.identifyVisitor
  }
  // `satisfies` keeps the literal types, so that `destination.presets` can serve as subscriptions as they are.
  return {
    ...runtimeDefinition,
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
        choices: Object.entries(ADDITIONAL_WIDGET_EVENTS).map(([value, name]) => ({
          value,
          label: `Live Chat ${name}`
        }))
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
    actions: { identifyVisitor }
  } satisfies BrowserDestinationDefinition<Settings, UserlikeClient>
}
