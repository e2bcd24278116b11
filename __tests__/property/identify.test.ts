import fc from 'fast-check'
import { MAX_CONTACT_LENGTH, MAX_CUSTOM_DATA_LENGTH, updateVisitor } from '../../src/widget/visitor-data'
import {
  VALID_KEY,
  actionSubscription,
  globals,
  startDestination,
  widgetScriptAdded,
  startWithWidget,
  finishWidgetLoad,
  settle,
  resetPage,
  type ReadyForm,
  type StartedDestination
} from '../../src/test-utils'
import {
  build,
  ensure,
  expectPrototypesUnchanged,
  hostileKey,
  prototypeSnapshot,
  type Recipe,
  type Twist
} from './arbitraries'

// ---------------------------------------------------------------------------------------------------------------
// Traits: any JSON, with prototype-named keys (own properties, as JSON.parse makes them) and huge strings.

const HUGE = 'h'.repeat(200_000)
const contactValue = fc.oneof(
  fc.string(),
  fc.constantFrom('', '   ', '\n\t', '\u00a0', ` padded@example.com `, HUGE),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 })
)
const jsonLeaf = fc.oneof(
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(HUGE)
)
/** JSON round trip: the traits a site passes to identify, as they arrive after serialisation. */
const traits = fc
  .record(
    {
      name: contactValue,
      email: contactValue,
      rest: fc.anything({ key: hostileKey(['user', 'custom', 'name', 'email']), values: [jsonLeaf], maxDepth: 3 })
    },
    { requiredKeys: [] }
  )
  .map(({ rest, ...contact }): Record<string, unknown> => {
    const entries = rest !== null && typeof rest === 'object' && !Array.isArray(rest) ? Object.entries(rest) : []
    return JSON.parse(JSON.stringify(Object.fromEntries([...entries, ...Object.entries(contact)]))) as Record<
      string,
      unknown
    >
  })

// ---------------------------------------------------------------------------------------------------------------
// The page's own window.userlikeData, as a recipe (built inside the property: some are Proxies).

const leaf = (value: unknown): Recipe => ({ leaf: value })
const objectRecipe = (fields: Record<string, unknown>, twists: Twist[]): Recipe => ({
  object: Object.entries(fields).map(([key, value]): [string, Recipe] => [key, leaf(value)]),
  twists
})
const pageContact = fc.oneof(fc.string(), fc.constantFrom('', '  ', 'Page Name', 'page@example.com'), fc.integer())
const pageUser: fc.Arbitrary<Recipe> = fc.oneof(
  fc.constantFrom(undefined, null, 'a string', 7).map(leaf),
  fc.array(fc.string(), { maxLength: 2 }).map(leaf),
  fc
    .tuple(
      fc.record({ name: pageContact, email: pageContact, additional01: fc.string() }, { requiredKeys: [] }),
      fc.array(pageTwist(['name', 'email']), { maxLength: 1 })
    )
    .map(([fields, twists]) => objectRecipe(fields, twists))
)
const pageCustom: fc.Arbitrary<Recipe> = fc.oneof(
  fc.constantFrom(undefined, null, 'a string').map(leaf),
  fc.jsonValue({ maxDepth: 2 }).map(leaf),
  fc
    .tuple(
      fc.dictionary(hostileKey(), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
      fc.array(pageTwist([]), { maxLength: 1 })
    )
    .map(([fields, twists]) => objectRecipe(fields, twists))
)
const pageData: fc.Arbitrary<Recipe> = fc.oneof(
  fc.constantFrom(undefined, null, '', 'a string', 0, true).map(leaf),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }).map(leaf),
  fc
    .tuple(
      fc.record({ user: pageUser, custom: pageCustom }, { requiredKeys: [] }),
      fc.dictionary(hostileKey(), fc.jsonValue({ maxDepth: 1 }).map(leaf), { maxKeys: 3 }),
      fc.array(pageTwist(['user', 'custom']), { maxLength: 1 })
    )
    .map(([known, other, twists]) => ({ object: [...Object.entries(other), ...Object.entries(known)], twists }))
)

/** What a page may have done to its objects: frozen them, put getters or proxies in the way. */
function pageTwist(keys: string[]): fc.Arbitrary<Twist> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant({ kind: 'frozen' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'null prototype' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('throwing getter' as const), key: fc.constantFrom('x', ...keys) })
    },
    { weight: 1, arbitrary: fc.constantFrom({ kind: 'throwing proxy' as const }, { kind: 'revoked proxy' as const }) }
  )
}

/** The widget's legacy API, if the widget is up: a working one, or one whose setData throws. */
const widgetApi = fc.constantFrom('none', 'working', 'throwing')

// ---------------------------------------------------------------------------------------------------------------
// Reading what the page holds without tripping over its traps.

type Readable = { ok: true; value: unknown } | { ok: false }

/** An own data property, read without running getters or traps that throw. */
function ownData(object: unknown, key: string): Readable {
  if ((typeof object !== 'object' && typeof object !== 'function') || object === null)
    return { ok: true, value: undefined }
  try {
    const descriptor = Object.getOwnPropertyDescriptor(object, key)
    if (descriptor === undefined) return { ok: true, value: undefined }
    return 'value' in descriptor ? { ok: true, value: descriptor.value } : { ok: false }
  } catch {
    return { ok: false }
  }
}

function ownKeys(object: unknown): string[] | undefined {
  try {
    return Object.getOwnPropertyNames(object)
  } catch {
    return undefined
  }
}

/** A non-array object whose keys can be listed (a revoked or throwing Proxy cannot). */
function isObjectLike(value: unknown): value is Record<string, unknown> {
  try {
    return typeof value === 'object' && value !== null && !Array.isArray(value) && ownKeys(value) !== undefined
  } catch {
    return false
  }
}

/** True when `needle` occurs in any string or key reachable from `value` (traps that throw are skipped). */
function contains(value: unknown, needle: string, seen = new Set<unknown>()): boolean {
  if (typeof value === 'string') return value.includes(needle)
  if (typeof value !== 'object' || value === null || seen.has(value)) return false
  seen.add(value)
  for (const key of ownKeys(value) ?? []) {
    if (key.includes(needle)) return true
    const read = ownData(value, key)
    if (read.ok && contains(read.value, needle, seen)) return true
  }
  return false
}

/**
 * The own properties of window: every name, and the values of the Userlike globals. With `everything`, the value
 * (or getter) of every property too; that costs milliseconds on jsdom's window, so direct runs skip it.
 */
function windowSnapshot(everything = false): Map<string, unknown> {
  const snapshot = new Map<string, unknown>()
  for (const key of Object.getOwnPropertyNames(window)) {
    if (!everything && !key.startsWith('userlike')) {
      snapshot.set(key, true)
      continue
    }
    const descriptor = Object.getOwnPropertyDescriptor(window, key)
    snapshot.set(key, descriptor && ('value' in descriptor ? descriptor.value : descriptor.get))
  }
  return snapshot
}

function expectWindowUnchangedBut(before: Map<string, unknown>, allowed: string, everything = false): void {
  const after = windowSnapshot(everything)
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
    (key) => key !== allowed && (before.has(key) !== after.has(key) || !Object.is(before.get(key), after.get(key)))
  )
  ensure(changed.length === 0, 'nothing on window changes but userlikeData', changed)
}

function nonEmpty(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '')
}

/**
 * Checks the page after one visitor update against the page before it. `update` is what reached
 * updateVisitor (the mapped payload); the page's own data may be hostile.
 */
function expectVisitorMerged(
  before: ReturnType<typeof pageBefore>,
  update: { name?: unknown; email?: unknown; customData?: unknown },
  merged: boolean
): void {
  const data = globals.userlikeData
  ensure(!contains(data, VALID_KEY), 'the secret key is not in userlikeData')

  if (data === before.data) {
    // The page's own object: only user and custom may differ.
    for (const [key, value] of before.dataKeys) {
      if (key === 'user' || key === 'custom') continue
      const now = ownData(data, key)
      ensure(
        now.ok === value.ok && (!now.ok || Object.is(now.value, (value as { value: unknown }).value)),
        `userlikeData.${key} is kept`
      )
    }
    for (const key of ownKeys(data) ?? []) {
      ensure(before.dataKeys.has(key) || key === 'user' || key === 'custom', 'no new keys besides user and custom', key)
    }
  } else {
    // Replaced because the page's value was not an object the widget could read.
    ensure(!isObjectLike(before.data), "the page's own object is never replaced", before.data)
    ensure(isObjectLike(data), 'userlikeData is an object')
    for (const key of ownKeys(data) ?? []) ensure(key === 'user' || key === 'custom', 'only user and custom', key)
  }

  const userRead = ownData(data, 'user')
  if (!userRead.ok) return
  const user = userRead.value
  if (user === before.user && isObjectLike(user)) {
    for (const [key, value] of before.userKeys) {
      const now = ownData(user, key)
      if (key === 'name' || key === 'email') {
        const given = update[key]
        const replacement = typeof given === 'string' && given.trim() !== '' ? given.trim() : undefined
        if (replacement !== undefined && now.ok && now.value === replacement) continue
        if (value.ok && nonEmpty(value.value))
          ensure(now.ok && nonEmpty(now.value), `a non-empty user.${key} stays non-empty`)
      }
      if (key !== 'name' && key !== 'email') {
        ensure(
          now.ok === value.ok && (!now.ok || Object.is(now.value, (value as { value: unknown }).value)),
          `user.${key} is kept`
        )
      }
    }
  }
  if (!merged) return
  // The merge went through (no error reported): the visitor is all there, within the limits.
  for (const key of ['name', 'email'] as const) {
    const given = update[key]
    if (typeof given === 'string' && given.trim() !== '') {
      const now = ownData(user, key)
      if (given.trim().length > MAX_CONTACT_LENGTH) {
        ensure(!(now.ok && now.value === given.trim()), `a user.${key} over the limit is not handed over`)
        ensure(warned(`${key} (over ${MAX_CONTACT_LENGTH} characters)`), `the long ${key} is named in a warning`)
      } else {
        ensure(now.ok && now.value === given.trim(), `user.${key} is the trimmed trait`, now)
      }
    }
  }
  if (isObjectLike(update.customData)) {
    const written = Object.entries(update.customData).filter(
      ([key, value]) => key !== '__proto__' && JSON.stringify(value) !== undefined
    )
    // With nothing to write, a page's unreadable custom object is left as it is (and need not be readable).
    if (written.length === 0) return
    const custom = ownData(data, 'custom')
    const handed = written.filter(([key, value]) => {
      const now = ownData(custom.ok ? custom.value : undefined, key)
      return now.ok && sameJson(now.value, value)
    })
    // Nested own "__proto__" keys: the action's copy may lack them (see sameJson), so the handed size counts without
    // them and the size of everything given with them; both err on the side of the rule.
    const size = (entries: Array<[string, unknown]>, replacer?: typeof withoutProto) =>
      JSON.stringify(Object.fromEntries(entries), replacer).length
    ensure(
      size(handed, withoutProto) <= MAX_CUSTOM_DATA_LENGTH,
      'the custom data handed over fits the limit',
      size(handed)
    )
    if (handed.length > 0) ensure(custom.ok && isObjectLike(custom.value), 'userlikeData.custom is an object')
    for (const [key, value] of written) {
      if (handed.some(([handedKey]) => handedKey === key)) continue
      // Left out only when all of it did not fit (with a warning naming it), or an empty value met the page's own.
      const pageValue = before.customKeys.get(key)
      const keptPages = pageValue !== undefined && pageValue.ok && nonEmpty(pageValue.value) && !nonEmpty(value)
      ensure(
        keptPages || (size(written) > MAX_CUSTOM_DATA_LENGTH && warned(`custom data ${JSON.stringify(key)}`)),
        `custom.${key} is the trait`,
        key
      )
    }
  }
}

/** True when the recipe has no twists anywhere: a page that froze, proxied or trapped nothing. */
function isTame(recipe: Recipe): boolean {
  if ('leaf' in recipe) return true
  if ('array' in recipe) return recipe.array.every(isTame)
  return recipe.twists.length === 0 && recipe.object.every(([, value]) => isTame(value))
}

const withoutProto = (key: string, value: unknown) => (key === '__proto__' ? undefined : value)

/**
 * The mapping engine hands the action a copy of the traits: compare JSON values by content. Its copy drops
 * nested own "__proto__" keys (it assigns them, which sets only the copy's own prototype): ignore them here.
 */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a, withoutProto) === JSON.stringify(b, withoutProto)
}

function errorsReported(): number {
  return (console.error as jest.Mock).mock.calls.length
}

function pageBefore() {
  const data = globals.userlikeData
  const dataKeys = new Map((ownKeys(data) ?? []).map((key) => [key, ownData(data, key)] as const))
  const userRead = ownData(data, 'user')
  const user = userRead.ok ? userRead.value : undefined
  const userKeys = new Map(
    (isObjectLike(user) ? (ownKeys(user) ?? []) : []).map((key) => [key, ownData(user, key)] as const)
  )
  const customRead = ownData(data, 'custom')
  const custom = customRead.ok ? customRead.value : undefined
  const customKeys = new Map(
    (isObjectLike(custom) ? (ownKeys(custom) ?? []) : []).map((key) => [key, ownData(custom, key)] as const)
  )
  return { data, dataKeys, user, userKeys, customKeys }
}

/** True when a `Userlike:` warning so far names `text` (repeated warnings are not repeated in the console). */
function warned(text: string): boolean {
  return (console.warn as jest.Mock).mock.calls.some(([message]) => String(message).includes(text))
}

function installWidgetApi(kind: string): { received: unknown[]; updates: number } {
  const seen = { received: [] as unknown[], updates: 0 }
  if (kind === 'none') return seen
  globals.userlike = {
    setData(data: unknown) {
      seen.received.push(data)
      if (kind === 'throwing') throw new Error('widget bug')
    },
    userlikeUpdateAPI() {
      seen.updates++
    }
  }
  return seen
}

beforeEach(() => {
  resetPage()
  jest.spyOn(console, 'error').mockImplementation(() => undefined)
  jest.spyOn(console, 'warn').mockImplementation(() => undefined)
})
// The last run leaves its page data on window; jest walks window's values after each test (to clear mocks),
// and a revoked or trapped Proxy left there would crash the whole file.
afterEach(resetPage)

let runs = 0

/**
 * Each property below runs hundreds of cases, which take 5 to 30 s on a busy 2-core machine: more than the 30 s
 * default leaves no margin, so they have this much.
 */
const PROPERTY_TIMEOUT_MS = 90_000

describe('the identify mapping, fed any traits and any page data (property-based)', () => {
  it(
    'direct (updateVisitor): never throws, keeps the secret key and everything outside user/custom untouched (2,000 runs)',
    () => {
      fc.assert(
        fc.property(traits, pageData, widgetApi, (visitor, page, apiKind) => {
          globals.userlikeData = build(page)
          delete globals.userlike
          const api = installWidgetApi(apiKind)
          const before = pageBefore()
          const window = windowSnapshot()
          const prototypes = prototypeSnapshot()
          // Another visitor each run (as an event from another anonymous visitor): nothing merges across runs.
          const update = {
            anonymousId: `anonymous-${++runs}`,
            name: visitor.name,
            email: visitor.email,
            customData: visitor
          }
          const errors = errorsReported()

          updateVisitor(update) // a throw fails the property

          const merged = errorsReported() === errors
          ensure(merged || !isTame(page) || apiKind === 'throwing', 'an error is reported only for a hostile page')
          expectPrototypesUnchanged(prototypes)
          expectWindowUnchangedBut(window, 'userlikeData')
          expectVisitorMerged(before, update, merged)
          ensure(!api.received.some((data) => contains(data, VALID_KEY)), 'setData never receives the secret key')
        }),
        { numRuns: 2_000 }
      )
    },
    PROPERTY_TIMEOUT_MS
  )

  describe('full runtime + analytics-next', () => {
    let started: StartedDestination

    beforeAll(async () => {
      resetPage()
      started = await startWithWidget({ secretKey: VALID_KEY, recordLiveChatEvents: true })
    })

    it(
      'an identify event with any traits on any page data is handed over as in the direct runs (200 runs)',
      async () => {
        await fc.assert(
          fc.asyncProperty(traits, pageData, widgetApi, async (visitor, page, apiKind) => {
            // The last run's visitor signs out first: this run's identify is about someone else's page.
            started.analytics.reset()
            globals.userlikeData = build(page)
            delete globals.userlike
            const api = installWidgetApi(apiKind)
            const before = pageBefore()
            const window = windowSnapshot(true)
            const prototypes = prototypeSnapshot()
            const seen = started.other.events.length
            const errors = errorsReported()

            const ctx = await started.analytics.identify(`user-${seen}`, visitor)

            expectPrototypesUnchanged(prototypes)
            expectWindowUnchangedBut(window, 'userlikeData', true)
            // What the mapping read: the identify event as analytics delivered it to every destination.
            const delivered = started.other.events.slice(seen).find((event) => event.type === 'identify')
            ensure(delivered !== undefined, 'the identify event is delivered')
            const mapped = (delivered?.traits ?? {}) as Record<string, unknown>
            const merged = errorsReported() === errors
            ensure(merged || !isTame(page) || apiKind === 'throwing', 'an error is reported only for a hostile page')
            expectVisitorMerged(before, { name: mapped.name, email: mapped.email, customData: mapped }, merged)
            ensure(!api.received.some((data) => contains(data, VALID_KEY)), 'setData never receives the secret key')
            ensure(ctx.failedDelivery() === undefined, 'delivery did not fail', ctx.failedDelivery())
          }),
          { numRuns: 200 }
        )
      },
      PROPERTY_TIMEOUT_MS
    )
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Sequences of identify, Update Custom Data and reset calls: only the last visitor's data (or the page's own) reaches
// the widget.

/** Update Custom Data as a workspace maps it: on "Product Added", the event's properties (its default mapping). */
const PRODUCT_ADDED = 'type = "track" and event = "Product Added"'

type Step =
  | { kind: 'identify'; userId: string | undefined; traits: Record<string, unknown>; awaited: boolean }
  | { kind: 'custom data'; properties: Record<string, unknown>; awaited: boolean }
  | { kind: 'reset' }
  | { kind: 'widget starts'; ready: ReadyForm }

const sequenceValue = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('', ' ', 'x'.repeat(300)),
  fc.integer(),
  fc.constant(null),
  fc.dictionary(fc.constantFrom('a', 'b'), fc.string({ maxLength: 4 }), { maxKeys: 2 })
)
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('identify' as const),
      userId: fc.constantFrom('alice', 'bob', undefined),
      traits: fc.dictionary(fc.constantFrom('name', 'email', 'phone', 'plan', 'shop'), sequenceValue, { maxKeys: 4 }),
      awaited: fc.boolean()
    })
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('custom data' as const),
      // Some keys Identify Visitor's custom data has too (the traits), some of their own.
      properties: fc.dictionary(fc.constantFrom('plan', 'shop', 'sku', 'cart'), sequenceValue, { maxKeys: 3 }),
      awaited: fc.boolean()
    })
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'reset' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('widget starts' as const),
      ready: fc.constantFrom<ReadyForm>('userlike.userlikeReady', 'window.userlikeReady')
    })
  }
)

/**
 * What the last visitor gave since the last sign-out: the traits and properties of the identify and Update Custom
 * Data calls made while analytics knew them by the final userId (with the anonymous ones that led to it). A call
 * about someone else in between is replaced by the next visitor, or, when analytics delivers it only after the next
 * identify or sign-out, dropped; either way no one else's values remain.
 */
function lastVisitorValues(steps: Step[]): Array<Record<string, unknown>> {
  let known: string | null = null
  let calls: Array<{ who: string | null; values: Record<string, unknown> }> = []
  for (const taken of steps) {
    if (taken.kind === 'reset') [known, calls] = [null, []]
    if (taken.kind === 'custom data') calls.push({ who: known, values: taken.properties })
    if (taken.kind !== 'identify') continue
    if (taken.userId !== undefined) {
      // Anonymous until now: those calls were this visitor's.
      if (known === null) for (const call of calls) call.who = taken.userId
      known = taken.userId
    }
    calls.push({ who: known, values: taken.traits })
  }
  return calls.filter(({ who }) => who === known).map(({ values }) => values)
}

/** A value that never replaces one handed over (see visitor-data.ts): null, or a string of white space. */
const isEmpty = (value: unknown) => value === null || (typeof value === 'string' && value.trim() === '')

describe('any sequence of identify, Update Custom Data and reset calls (property-based, full runtime + analytics-next)', () => {
  it(
    "leaves only the last visitor's values (or the page's own) in userlikeData and in the widget (150 runs)",
    async () => {
      const PAGE = { user: { additional01: 'page-user' }, custom: { shop: 'page-shop' } }
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 10 }), fc.boolean(), async (steps, pageHasData) => {
          resetPage()
          if (pageHasData) globals.userlikeData = JSON.parse(JSON.stringify(PAGE))
          const { analytics } = await startDestination({
            secretKey: VALID_KEY,
            mappings: [actionSubscription('updateCustomData', PRODUCT_ADDED)]
          })
          const script = await widgetScriptAdded()
          let api: { setData: jest.Mock } | undefined

          const pending: Promise<unknown>[] = []
          for (const taken of steps) {
            if (taken.kind === 'reset') analytics.reset()
            if (taken.kind === 'widget starts' && !api) {
              api = finishWidgetLoad(script, { methods: ['logout'], ready: taken.ready })
            }
            if (taken.kind !== 'identify' && taken.kind !== 'custom data') continue
            const call =
              taken.kind === 'custom data'
                ? analytics.track('Product Added', taken.properties)
                : taken.userId === undefined
                  ? analytics.identify(taken.traits)
                  : analytics.identify(taken.userId, taken.traits)
            if (taken.awaited) await call
            else pending.push(call)
          }
          await Promise.all(pending)
          await settle()

          const allowed = new Set(
            lastVisitorValues(steps).flatMap((values) =>
              Object.values(values).flatMap((value) => [
                JSON.stringify(value),
                JSON.stringify(typeof value === 'string' ? value.trim() : value)
              ])
            )
          )
          if (pageHasData) for (const value of ['page-user', 'page-shop']) allowed.add(JSON.stringify(value))
          const expectOnlyAllowed = (where: string, handed: unknown) => {
            const sections = (handed ?? {}) as { user?: object; custom?: object }
            for (const value of [...Object.values(sections.user ?? {}), ...Object.values(sections.custom ?? {})]) {
              ensure(allowed.has(JSON.stringify(value)), `${where} holds only the last visitor's values`, {
                value,
                handed
              })
            }
          }
          expectOnlyAllowed('userlikeData', globals.userlikeData)
          if (api && api.setData.mock.calls.length > 0)
            expectOnlyAllowed('the widget', api.setData.mock.calls.at(-1)?.[0])

          // And the last visitor is there: a name they gave last (non-empty, within the limit) was handed over, and
          // so was what their last Update Custom Data gave (where it was not empty).
          const last = steps.at(-1)
          const name = last?.kind === 'identify' && last.awaited ? last.traits.name : undefined
          if (typeof name === 'string' && name.trim() !== '' && name.trim().length <= MAX_CONTACT_LENGTH) {
            ensure(
              (globals.userlikeData as { user: { name?: unknown } }).user.name === name.trim(),
              'the name is there'
            )
          }
          if (last?.kind === 'custom data' && last.awaited) {
            const custom = (globals.userlikeData as { custom?: Record<string, unknown> } | undefined)?.custom ?? {}
            for (const [key, value] of Object.entries(last.properties)) {
              if (isEmpty(value)) continue
              ensure(JSON.stringify(custom[key]) === JSON.stringify(value), `custom.${key} is the last event's`, custom)
            }
          }
        }),
        { numRuns: 150 }
      )
    },
    PROPERTY_TIMEOUT_MS
  )
})
