import floorWebDestination, { destination } from './index'

// The floor's standalone script defines one global, as the package's does.
;(window as unknown as Record<string, unknown>).floorWebDestination = Object.assign(floorWebDestination, {
  destination
})
