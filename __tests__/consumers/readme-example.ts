// The README's package example, kept here so that `npm run typecheck` proves it compiles against the package's types.
import { AnalyticsBrowser } from '@segment/analytics-next'
import userlike, { destination } from '../../src'

export async function registerUserlike(): Promise<void> {
  const analytics = AnalyticsBrowser.load({ writeKey: '<your Segment write key>' })

  // The subscriptions are what Segment's Actions UI stores for the destination; the presets are the defaults.
  const subscriptions = destination.presets.map((preset) => ({ ...preset, enabled: true }))
  const plugins = await userlike({
    secretKey: '<your 64-character Userlike widget secret>',
    recordLiveChatEvents: true,
    subscriptions
  })
  await analytics.register(...plugins)
}
