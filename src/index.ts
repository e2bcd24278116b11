import type { BrowserActionDefinition, BrowserDestinationDefinition } from '@segment/browser-destination-runtime/types'
import type { MaybeClient } from './client'
import type { Settings } from './generated-types'
import { defaultMapping, metadata as identifyVisitorMetadata } from './identifyVisitor'
import { ADDITIONAL_WIDGET_EVENTS } from './live-chat/events'
import { metadata as openMessengerMetadata } from './openMessenger'
import { runtimeDefinition } from './plugin'
import { metadata as setChatButtonVisibilityMetadata } from './setChatButtonVisibility'
import { metadata as updateCustomDataMetadata } from './updateCustomData'

export { default } from './plugin'
export type { UserlikePluginFactory } from './plugin'

/**
 * The full definition, as Segment's app, the type generator and the tests read it: the runtime definition
 * (plugin.ts) with the metadata. Built by a function marked pure, so that a site that imports only the plugin
 * factory (the default export) bundles none of this.
 */
export const destination = /* @__PURE__ */ fullDefinition()

function fullDefinition() {
  const { actions } = runtimeDefinition
  const withMetadata = (
    metadata: Omit<BrowserActionDefinition<Settings, MaybeClient>, 'perform'>,
    runtime: Pick<BrowserActionDefinition<Settings, MaybeClient>, 'perform'>
  ): BrowserActionDefinition<Settings, MaybeClient> => ({ ...metadata, ...runtime })
  return checkedDefinition({
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
          { label: 'On first interaction (click, key, scroll)', value: 'onFirstInteraction' },
          { label: 'When the visitor opens the chat (a placeholder button until then)', value: 'onChatButton' }
        ],
        default: 'afterPageLoad'
      },
      chatButtonColor: {
        label: 'Chat Button Color',
        description:
          "The placeholder chat button's colour, as a CSS hex colour (#0d8cff): the main colour of your widget in Userlike's Widget Editor. Used with Load Widget: When the visitor opens the chat.",
        type: 'string',
        // chat-button.ts uses the same default where the setting is absent (a test checks).
        default: '#0d8cff'
      },
      chatButtonPosition: {
        label: 'Chat Button Position',
        description:
          "Where the placeholder chat button sits, as your widget's button does. Used with Load Widget: When the visitor opens the chat.",
        type: 'string',
        choices: [
          { label: 'Bottom right', value: 'right' },
          { label: 'Bottom left', value: 'left' }
        ],
        default: 'right'
      },
      chatButtonSelector: {
        label: 'Chat Button Selector',
        description:
          'A CSS selector for your own "Chat with us" links or buttons (for example a[href="#chat"]): a press on one opens the messenger, loading the widget if needed. Works in every Load Widget mode.',
        type: 'string'
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
    actions: {
      identifyVisitor: withMetadata(identifyVisitorMetadata, actions.identifyVisitor),
      openMessenger: withMetadata(openMessengerMetadata, actions.openMessenger),
      setChatButtonVisibility: withMetadata(setChatButtonVisibilityMetadata, actions.setChatButtonVisibility),
      updateCustomData: withMetadata(updateCustomDataMetadata, actions.updateCustomData)
    }
  })
}

/**
 * Checks the definition against the runtime's type and hands it back with its literal types, so that
 * `destination.presets` can serve as subscriptions as they are.
 */
function checkedDefinition<Definition extends BrowserDestinationDefinition<Settings, MaybeClient>>(
  definition: Definition
): Definition {
  return definition
}
