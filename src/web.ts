import userlikeWebDestination, { destination } from './index'

/**
 * The standalone script's entry: Segment's CDN settings name `userlikeWebDestination` as the library to call,
 * so this is the one global the script defines.
 */
;(window as unknown as Record<string, unknown>).userlikeWebDestination = Object.assign(userlikeWebDestination, {
  destination
})
