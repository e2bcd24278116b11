import { userlikeError } from './userlike-error'

/**
 * Returns the trimmed widget secret, or throws when it is not exactly 64 hexadecimal characters.
 * The key becomes part of a script URL, so nothing else may pass. The message never echoes the
 * value itself: a hostile setting must not reach the console verbatim.
 */
export function parseSecretKey(value: unknown): string {
  const key = typeof value === 'string' ? value.trim() : ''
  if (/^[\da-f]{64}$/i.test(key)) return key
  const problem =
    key === ''
      ? 'is empty'
      : `must be 64 hexadecimal characters (0-9, a-f), but it has ${key.length === 64 ? 'other characters' : key.length}`
  throw userlikeError(
    `the Secret Key setting ${problem}. Copy it from the Userlike dashboard: Config > Install > Secret.`
  )
}
