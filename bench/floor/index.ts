import { browserDestination } from '@segment/browser-destination-runtime/shim'
import type { BrowserDestinationDefinition } from '@segment/browser-destination-runtime/types'

/**
 * The benchmark's floor: a destination with an empty `initialize` and one no-op action, built with the same
 * esbuild options as the package. What it costs is what the Actions runtime costs any destination.
 */
export const destination: BrowserDestinationDefinition<Record<string, never>, undefined> = {
  name: 'Floor',
  mode: 'device',
  settings: {},
  initialize: async () => undefined,
  actions: {
    noop: {
      title: 'No-op',
      description: 'Does nothing.',
      platform: 'web',
      defaultSubscription: 'type = "identify"',
      fields: {},
      perform: () => undefined
    }
  }
}

export default browserDestination(destination)
