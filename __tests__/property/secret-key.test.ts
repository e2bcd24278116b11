import fc from 'fast-check'
import { parseSecretKey } from '../../src/secret-key'
import { widgetScriptUrl } from '../../src/widget/loader'

/** The specification: a key is accepted exactly when, trimmed, it is 64 hexadecimal characters. */
function isValidKeyModel(value: unknown): boolean {
  return typeof value === 'string' && /^[0-9a-fA-F]{64}$/.test(value.trim())
}

const HEX = '0123456789abcdefABCDEF'
/** Characters that change what a URL means, and look-alikes of hex digits. */
const URL_SPECIALS = ['/', '?', '#', '%', '..', '@', ':', '\\', '\u0000', 'ｆ', '٣', 'ſ', 'K', 'g', 'G', 'x']
/** What `String.prototype.trim` removes, and a few characters it does not (zero-width space, joiner). */
const WHITESPACE = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\ufeff', '\u2028', '\u3000', '\u200b', '\u2060']

const hexString = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...HEX), minLength, maxLength })
const padding = fc.array(fc.constantFrom(...WHITESPACE), { maxLength: 3 }).map((chars) => chars.join(''))

/** A hex string of 60-70 characters, possibly padded and possibly with something spliced in. */
const nearlyAKey = fc
  .record({
    hex: hexString(60, 70),
    before: padding,
    after: padding,
    splice: fc.option(
      fc.record({
        at: fc.nat(),
        text: fc.oneof(fc.constantFrom(...URL_SPECIALS, ...WHITESPACE), fc.string({ maxLength: 4, unit: 'binary' }))
      })
    )
  })
  .map(({ hex, before, after, splice }) => {
    if (splice === null) return `${before}${hex}${after}`
    const at = splice.at % (hex.length + 1)
    return `${before}${hex.slice(0, at)}${splice.text}${hex.slice(at)}${after}`
  })

const anyKeySetting = fc.oneof(
  { weight: 4, arbitrary: nearlyAKey },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...HEX, ...URL_SPECIALS, ...WHITESPACE), maxLength: 80 }) },
  { weight: 1, arbitrary: fc.anything() }
)

describe('secret key validation (property-based, parseSecretKey + widgetScriptUrl directly)', () => {
  it('accepts exactly the trimmed 64-hex keys, in lower case, rejects everything else with a Userlike: error (10,000 runs)', () => {
    fc.assert(
      fc.property(anyKeySetting, (setting) => {
        let accepted: string | undefined
        let error: unknown
        try {
          accepted = parseSecretKey(setting)
        } catch (caught) {
          error = caught
        }
        if (isValidKeyModel(setting)) {
          expect(error).toBeUndefined()
          expect(accepted).toBe((setting as string).trim().toLowerCase())
        } else {
          expect(accepted).toBeUndefined()
          expect(error).toBeInstanceOf(Error)
          expect((error as Error).message.startsWith('Userlike: ')).toBe(true)
          // The message never echoes the rejected value (unless the value is too short to be one).
          if (typeof setting === 'string' && setting.trim().length > 8) {
            expect((error as Error).message).not.toContain(setting.trim())
          }
        }
      }),
      { numRuns: 10_000 }
    )
  })

  it('builds, for every accepted key, an https URL on the Userlike CDN whose path is the key (5,000 runs)', () => {
    const acceptedKey = fc
      .record({ hex: hexString(64, 64), before: padding, after: padding })
      .map(({ hex, before, after }) => `${before}${hex}${after}`)
      .filter(isValidKeyModel)
    fc.assert(
      fc.property(acceptedKey, (setting) => {
        const key = parseSecretKey(setting)
        const url = new URL(widgetScriptUrl(key))
        expect(url.protocol).toBe('https:')
        expect(url.host).toBe('userlike-cdn-widgets.s3-eu-west-1.amazonaws.com')
        expect(url.pathname).toBe(`/${setting.trim().toLowerCase()}.js`)
        expect(url.search).toBe('')
        expect(url.hash).toBe('')
        expect(url.username).toBe('')
        expect(url.password).toBe('')
      }),
      { numRuns: 5_000 }
    )
  })
})
