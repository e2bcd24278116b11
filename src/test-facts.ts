/**
 * What the tests hold the destination to, written out where the literal is the point (a test that built these from
 * src/ could not notice src/ getting them wrong). Every test takes them from here: the unit tests in src/, and the
 * browser tests and the demo, which run in Node and so cannot load test-utils.ts (jsdom); hence a module of its own,
 * importing nothing.
 */

/** The example key from Userlike's developer documentation: the unit tests' valid key, and the demo's default. */
export const EXAMPLE_SECRET_KEY = '8a3707ab96df8354253c158a25f908b84dc655c27d5828a1a97d99f08bfba6f4'

/** The widget script the destination must load for the example key. */
export const EXAMPLE_WIDGET_URL = `https://userlike-cdn-widgets.s3-eu-west-1.amazonaws.com/${EXAMPLE_SECRET_KEY}.js`

export const STARTED = 'Live Chat Conversation Started'
export const ENDED = 'Live Chat Conversation Ended'

/** One whole conversation as Segment's Live Chat spec names it: started, a visitor message, the reply, ended. */
export const ONE_CONVERSATION = [STARTED, 'Live Chat Message Sent', 'Live Chat Message Received', ENDED]
