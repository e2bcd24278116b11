import { UserlikeError } from './userlike-error'

const WHERE_TO_FIND = 'Copy it from the Userlike dashboard: Config > Install > Secret.'
const SECRET_KEY_PATTERN = /^[0-9a-f]{64}$/i

/**
 * Returns the trimmed widget secret, or throws when it is not exactly 64 hexadecimal characters.
 * The key becomes part of a script URL, so nothing else may pass. The message never echoes the
 * value itself: a hostile setting must not reach the console verbatim.
 */
export function parseSecretKey(value: unknown): string {
  const key = typeof value === 'string' ? value.trim() : ''
  if (key === '') {
    throw new UserlikeError(`the Secret Key setting is empty. ${WHERE_TO_FIND}`)
  }
  if (!SECRET_KEY_PATTERN.test(key)) {
    const problem =
      key.length === 64 ? 'it contains characters other than 0-9 and a-f' : `it is ${key.length} characters long`
    throw new UserlikeError(
      `the Secret Key setting must be exactly 64 hexadecimal characters, but ${problem}. ${WHERE_TO_FIND}`
    )
  }
  return key
}
