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
    title: 'Show or Hide Chat Button',
    description:
      "Shows or hides the widget's chat button (and the placeholder button), for example hidden on the checkout page. The latest call wins, also before the widget is up.",
    platform: 'web',
    defaultSubscription: 'type = "page" and name = "Checkout"',
    fields: {
      visible: {
        label: 'Visible',
        description:
          'Whether the chat button shows. It cannot show a button the widget hides by itself (for example while nobody is online).',
        type: 'boolean',
        required: true
      }
    }
  }
}

/** Shows or hides the chat button (no client: the destination is off, a bad key). */
export function perform(client: MaybeClient, { payload }: ActionInput<Settings, Payload>): void {
  client?.setChatButtonVisibility(payload.visible)
}
