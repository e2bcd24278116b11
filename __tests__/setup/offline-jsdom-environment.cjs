/**
 * Jest's jsdom environment with `resources: 'usable'`, as Segment's monorepo runs the destination's tests there, but
 * offline: it requests nothing, and keeps each URL jsdom asked for (a script, a stylesheet, a frame) where the setup
 * (`each-test-as-in-the-monorepo.ts`) fails the test with it. There the tests run without network, where any request
 * counts as a failure; here it would go out unnoticed. `data:` URLs need no network and load as usual.
 */
const { ResourceLoader } = require('jsdom')
const { TestEnvironment } = require('jest-environment-jsdom')

/** Where the test's window holds the URLs refused so far. */
const REFUSED_REQUESTS = Symbol.for('offline jsdom: refused requests')

class OfflineResourceLoader extends ResourceLoader {
  constructor(refused) {
    super()
    this.refused = refused
  }

  fetch(url, options) {
    if (url.startsWith('data:')) return super.fetch(url, options)
    this.refused.push(url)
    // jsdom takes null as "nothing to load": no request, no load or error event.
    return null
  }
}

class OfflineJsdomEnvironment extends TestEnvironment {
  constructor(config, context) {
    const refused = []
    const options = config.projectConfig.testEnvironmentOptions
    const resources = options.resources === 'usable' ? new OfflineResourceLoader(refused) : options.resources
    super(
      { ...config, projectConfig: { ...config.projectConfig, testEnvironmentOptions: { ...options, resources } } },
      context
    )
    this.global[REFUSED_REQUESTS] = refused
  }
}

module.exports = OfflineJsdomEnvironment
