// A bundler-based site's one line of integration, as the README shows it.
import userlike, { destination } from 'analytics-browser-actions-userlike'

globalThis.userlikeConsumer = { factory: userlike, destination }
