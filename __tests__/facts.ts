/**
 * What the tests hold the destination to, written out where the literal is the point (a test that built these from
 * src/ could not notice src/ getting them wrong). Every test file takes them from here.
 */
import { EXAMPLE_SECRET_KEY } from '../demo/contract'

/** The widget script the destination must load for the example key. */
export const EXAMPLE_WIDGET_URL = `https://userlike-cdn-widgets.s3-eu-west-1.amazonaws.com/${EXAMPLE_SECRET_KEY}.js`

export const STARTED = 'Live Chat Conversation Started'
export const ENDED = 'Live Chat Conversation Ended'

/** One whole conversation as Segment's Live Chat spec names it: started, a visitor message, the reply, ended. */
export const ONE_CONVERSATION = [STARTED, 'Live Chat Message Sent', 'Live Chat Message Received', ENDED]
