import type { Plugin } from '@segment/analytics-next'
import { browserDestination } from '@segment/browser-destination-runtime/shim'
import type {
  ActionInput,
  BrowserActionDefinition,
  BrowserDestinationDefinition,
  InitializeOptions,
  PluginFactory,
  Subscription
} from '@segment/browser-destination-runtime/types'
import type { MaybeClient } from './client'
import { watchConsent } from './consent'
import type { Settings } from './generated-types'
import { perform as identifyVisitor } from './identifyVisitor'
import * as startUp from './initialize'
import { perform as openMessenger } from './openMessenger'
import { perform as setChatButtonVisibility } from './setChatButtonVisibility'
import { perform as updateCustomData } from './updateCustomData'

type Definition = BrowserDestinationDefinition<Settings, MaybeClient>

/** The latest `initialize`: analytics-next may deliver events before it has settled, and those wait for its client. */
let started: Promise<MaybeClient> | undefined

/** An action's `perform` as the runtime calls it: with the client of the latest `initialize`, once it has one. */
function withClient<Payload>(
  perform: (client: MaybeClient, input: ActionInput<Settings, Payload>) => void
): Pick<BrowserActionDefinition<Settings, MaybeClient, Payload>, 'perform'> {
  return { perform: async (client, input) => perform(client || (await started), input) }
}

/**
 * What the Actions runtime reads of a definition (see its plugin.js): the name, `initialize` and each action's
 * `perform`. Labels, descriptions, fields and presets are for Segment's app, the generator and the tests: they live
 * in index.ts, which builds the full definition on this one (and checks it against the runtime's type), so that
 * neither the standalone script nor a bundler site's eager code carries them.
 */
export const runtimeDefinition = {
  name: 'Userlike Web (Actions)',
  initialize: (options: InitializeOptions<Settings>): Promise<MaybeClient> => {
    // At once, not in the start-up part: the consent watcher must see the page's first event.
    watchConsent(options.settings, options.analytics)
    // The start-up part as a promise of its module: this package's ES modules build loads it on demand (see
    // `loadOnDemand` in scripts/build-options.mjs), so that a bundler site pays for the widget adapter only once the
    // runtime starts the destination. Segment's CDN build and the standalone script carry it in their one file.
    return (started = Promise.resolve(startUp).then(({ initialize }) => initialize(options)))
  },
  actions: {
    identifyVisitor: withClient(identifyVisitor),
    openMessenger: withClient(openMessenger),
    setChatButtonVisibility: withClient(setChatButtonVisibility),
    updateCustomData: withClient(updateCustomData)
  }
}

/**
 * The runtime types its factory loosely (any JSON in, one plugin or several out); this one takes this
 * destination's settings and always resolves to a list, so `analytics.register(...plugins)` type-checks.
 */
export type UserlikePluginFactory = ((settings: Settings & { subscriptions?: Subscription[] }) => Promise<Plugin[]>) &
  PluginFactory

// The runtime's type asks for the whole definition, though it reads only the part above.
export default browserDestination(runtimeDefinition as unknown as Definition) as UserlikePluginFactory
