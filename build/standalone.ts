import userlikeWebDestination from '../src/plugin'

/**
 * The standalone script's entry: Segment's CDN settings name `userlikeWebDestination` as the library to call,
 * so this is the one global the script defines: the plugin factory, without the definition's metadata (a site
 * or tool that needs it imports `destination` from the package).
 */
;(window as unknown as Record<string, unknown>).userlikeWebDestination = userlikeWebDestination
