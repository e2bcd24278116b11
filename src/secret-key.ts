import { userlikeError } from './userlike-error'

/** A widget secret as Userlike's CDN serves it (its file names are case-sensitive): 64 lower-case hexadecimal characters. */
export const SECRET_KEY = /^[\da-f]{64}$/

/**
 * Returns the trimmed widget secret in lower case, or throws when it is not exactly 64 hexadecimal characters.
 * The key becomes part of a script URL, so nothing else may pass. The message never echoes the
 * value itself: a hostile setting must not reach the console verbatim.
 */
export function parseSecretKey(value: unknown): string {
  const trimmed = typeof value === 'string' ? value.trim() : ''
  // No character outside ASCII lower-cases into 0-9 or a-f: lower-casing cannot turn a bad key into a good one.
  const key = trimmed.toLowerCase()
  if (SECRET_KEY.test(key)) return key
  const found = trimmed.length === 64 ? 'other characters' : trimmed.length
  throw userlikeError(
    `the Secret Key setting must be 64 hexadecimal characters, but it has ${found}. ` +
      'Copy it from the Userlike dashboard: Config > Install > Secret.'
  )
}
