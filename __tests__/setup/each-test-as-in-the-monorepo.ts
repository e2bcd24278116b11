/**
 * Before each unit test, what Segment's monorepo does before each of its browser destinations' tests
 * (packages/browser-destinations/test/setup-after-env.ts), so that a test that passes here passes there: every mock
 * restored and reset (a `jest.fn(implementation)` made when a file loads has none left), an empty document but for one
 * inline script, console.error silenced, the page's domain segment.com. Left out: its spies on the `window` and
 * `document` getters, which jsdom 26 makes unconfigurable (they call through: a test sees nothing of them), and its
 * polyfills (TextEncoder, setImmediate, crypto), which nothing here uses. After each test, a request the offline
 * environment refused fails it (see offline-jsdom-environment.cjs).
 */
const REFUSED_REQUESTS = Symbol.for('offline jsdom: refused requests')

beforeEach(() => {
  jest.restoreAllMocks()
  jest.resetAllMocks()
  document.body.innerHTML = ''
  document.head.innerHTML = ''
  const script = document.createElement('script')
  script.textContent = '// an inline script, as every page that runs analytics has'
  document.head.appendChild(script)
  jest.spyOn(console, 'error').mockImplementation(() => undefined)
  document.domain = 'segment.com'
})

afterEach(() => {
  const refused = (window as unknown as Record<symbol, string[]>)[REFUSED_REQUESTS]
  expect({ 'requested from the network': refused.splice(0) }).toEqual({ 'requested from the network': [] })
})
