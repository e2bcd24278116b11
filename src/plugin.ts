import type { Plugin } from '@segment/analytics-next'
import { browserDestination } from '@segment/browser-destination-runtime/shim'
import type {
  BrowserActionDefinition,
  BrowserDestinationDefinition,
  PluginFactory,
  Subscription
} from '@segment/browser-destination-runtime/types'
import type { Settings } from './generated-types'
import { perform as identifyVisitor } from './identifyVisitor'
import type { UserlikeClient } from './widget/visitor-data'

type Definition = BrowserDestinationDefinition<Settings, UserlikeClient>

/** The latest `initialize`: analytics-next may deliver events before it has settled, and those wait for its client. */
let started: Promise<UserlikeClient> | undefined

/**
 * What the Actions runtime reads of a definition (see its plugin.js): the name, `initialize` and each action's
 * `perform`. Labels, descriptions, fields and presets are for Segment's app, the generator and the tests: they live
 * in index.ts, which builds the full definition on this one, so that neither the standalone script nor a bundler
 * site's eager code carries them.
 */
export const runtimeDefinition = {
  name: 'Userlike Web (Actions)',
  // Loaded on demand: a site pays for the widget adapter only once the runtime starts the destination.
  initialize: (options) => (started = import('./initialize').then(({ initialize }) => initialize(options))),
  actions: {
    identifyVisitor: { perform: async (client, input) => identifyVisitor(client || (await started), input) }
  }
} satisfies Pick<Definition, 'name' | 'initialize'> & {
  actions: Record<string, Pick<BrowserActionDefinition<Settings, UserlikeClient>, 'perform'>>
}

/**
 * The runtime types its factory loosely (any JSON in, one plugin or several out); this one takes this
 * destination's settings and always resolves to a list, so `analytics.register(...plugins)` type-checks.
 */
export type UserlikePluginFactory = ((settings: Settings & { subscriptions?: Subscription[] }) => Promise<Plugin[]>) &
  PluginFactory

// The runtime's type asks for the whole definition, though it reads only the part above.
export default browserDestination(runtimeDefinition as unknown as Definition) as UserlikePluginFactory
