import fc from 'fast-check'

/** Keys that reach prototypes or built-ins when code copies or merges carelessly. */
export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'isPrototypeOf'
]

export const hostileKey = (extra: string[] = []): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS, ...extra), fc.string({ maxLength: 8 }))

export const anyNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 2 ** 53)
)

/** Around the 256-character property limit, and one far beyond it. */
export const longString = fc.oneof(
  fc.string({ minLength: 250, maxLength: 262 }),
  fc.constant('x'.repeat(100_000)),
  fc.constant(`${' '.repeat(200)}id${' '.repeat(54)}`)
)

const THROWN = new Error('hostile trap')

/** A Proxy whose every trap throws (what it throws is hostile too, sometimes). */
function throwingProxy<T extends object>(target: T, thrown: unknown): T {
  const trap = () => {
    throw thrown
  }
  return new Proxy(target, {
    get: trap,
    set: trap,
    has: trap,
    ownKeys: trap,
    getOwnPropertyDescriptor: trap,
    defineProperty: trap,
    deleteProperty: trap,
    getPrototypeOf: trap,
    setPrototypeOf: trap,
    isExtensible: trap,
    preventExtensions: trap,
    apply: trap,
    construct: trap
  })
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {})
  revoke()
  return proxy
}

export const primitive: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  anyNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt(),
  fc.string({ maxLength: 4 }).map((description) => Symbol(description)),
  longString
)

// Plain functions: fast-check's own fc.func values carry a clone hook that recipes must not inherit.
const functionValue: fc.Arbitrary<unknown> = fc.oneof(
  primitive.map((returned) => () => returned),
  fc.constant(() => {
    throw THROWN
  }),
  fc.constant(class Hostile {}),
  fc.constant(async () => undefined)
)

/** What is done to a generated object after its entries are in place. */
export type Twist =
  | { kind: 'throwing getter' | 'cycle' | 'own __proto__' | 'assigned __proto__'; key: string }
  | { kind: 'null prototype' | 'frozen' | 'throwing proxy' | 'revoked proxy' | 'proxy throwing a proxy' }

export const twist = (keys: string[] = []): fc.Arbitrary<Twist> =>
  fc.oneof(
    fc.record({
      kind: fc.constantFrom('throwing getter' as const, 'cycle' as const, 'own __proto__' as const),
      key: hostileKey(keys)
    }),
    fc.record({ kind: fc.constant('assigned __proto__' as const), key: fc.constant('__proto__') }),
    fc.record({
      kind: fc.constantFrom(
        'null prototype' as const,
        'frozen' as const,
        'throwing proxy' as const,
        'revoked proxy' as const,
        'proxy throwing a proxy' as const
      )
    })
  )

/** Builds an object from entries, then applies the twists in order (a proxy twist ends the chain). */
export function buildObject(entries: Array<[string, unknown]>, twists: Twist[]): object {
  const object: Record<string, unknown> = {}
  for (const [key, value] of entries) {
    // Own properties, as JSON.parse creates them: plain assignment of "__proto__" would set the prototype.
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
  }
  for (const applied of twists) {
    // A frozen object takes no further changes; only wrapping it in a proxy still applies.
    if (!Object.isExtensible(object) && !applied.kind.includes('proxy')) continue
    switch (applied.kind) {
      case 'throwing getter':
        Object.defineProperty(object, applied.key, {
          enumerable: true,
          configurable: true,
          get() {
            throw THROWN
          }
        })
        break
      case 'cycle':
        Object.defineProperty(object, applied.key, { value: object, enumerable: true, configurable: true })
        break
      case 'own __proto__':
        Object.defineProperty(object, '__proto__', { value: { polluted: 'yes' }, enumerable: true, configurable: true })
        break
      case 'assigned __proto__':
        // Sets the prototype of this object only: inherited fields must not be read as its own.
        Object.setPrototypeOf(object, { operator_id: 'inherited', operator_name: 'inherited', chat_id: 'inherited' })
        break
      case 'null prototype':
        Object.setPrototypeOf(object, null)
        break
      case 'frozen':
        Object.freeze(object)
        break
      case 'throwing proxy':
        return throwingProxy(object, THROWN)
      case 'proxy throwing a proxy':
        return throwingProxy(object, throwingProxy({}, THROWN))
      case 'revoked proxy':
        return revokedProxy()
    }
  }
  return object
}

/**
 * How to build a hostile value. Arbitraries produce recipes, and tests build the values inside the property:
 * fast-check itself inspects every generated value, and a Proxy whose traps throw would break fast-check first.
 */
export type Recipe = { leaf: unknown } | { object: Array<[string, Recipe]>; twists: Twist[] } | { array: Recipe[] }

export function build(recipe: Recipe): unknown {
  if ('leaf' in recipe) return recipe.leaf
  if ('array' in recipe) return recipe.array.map(build)
  return buildObject(
    recipe.object.map(([key, value]) => [key, build(value)]),
    recipe.twists
  )
}

/** Anything a third party could hand over: JSON-like values, hostile objects, symbols, functions. */
export const hostileRecipe = (keys: string[] = []): fc.Arbitrary<Recipe> =>
  fc.letrec<{ value: Recipe; object: Recipe; array: Recipe }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      { weight: 4, arbitrary: primitive.map((leaf) => ({ leaf })) },
      { weight: 2, arbitrary: tie('object') },
      { weight: 1, arbitrary: tie('array') },
      { weight: 1, arbitrary: functionValue.map((leaf) => ({ leaf })) },
      {
        weight: 1,
        arbitrary: fc
          .anything({
            key: hostileKey(keys),
            withBigInt: true,
            withBoxedValues: true,
            withDate: true,
            withMap: true,
            withSet: true,
            withNullPrototype: true,
            withObjectString: true,
            withSparseArray: true,
            withTypedArray: true,
            maxDepth: 2
          })
          .map((leaf) => ({ leaf }))
      }
    ),
    object: fc
      .tuple(
        fc.array(fc.tuple(hostileKey(keys), tie('value')), { maxLength: 5 }),
        fc.array(twist(keys), { maxLength: 2 })
      )
      .map(([object, twists]) => ({ object, twists })),
    array: fc.array(tie('value'), { maxLength: 4 }).map((array) => ({ array }))
  })).value

/** Everything on a prototype, by key and identity, so that any addition or replacement shows. */
export function prototypeSnapshot(): Map<string, Map<PropertyKey, unknown>> {
  const snapshot = new Map<string, Map<PropertyKey, unknown>>()
  const prototypes: Array<[string, object]> = [
    ['Object.prototype', Object.prototype],
    ['Array.prototype', Array.prototype],
    ['Function.prototype', Function.prototype],
    ['String.prototype', String.prototype]
  ]
  for (const [name, prototype] of prototypes) {
    const entries = new Map<PropertyKey, unknown>()
    for (const key of Reflect.ownKeys(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, key)
      entries.set(key, descriptor && ('value' in descriptor ? descriptor.value : descriptor.get))
    }
    entries.set('[[Prototype]]', Object.getPrototypeOf(prototype))
    snapshot.set(name, entries)
  }
  return snapshot
}

/**
 * A plain assertion for the hot path of properties run 10,000 times (`expect` costs more than the code under
 * test). fast-check reports the message with the shrunk counterexample.
 */
export function ensure(condition: boolean, what: string, detail?: unknown): void {
  if (!condition) throw new Error(detail === undefined ? what : `${what}: ${fc.stringify(detail)}`)
}

/** Throws when a prototype gained, lost or replaced anything since `before`. */
export function expectPrototypesUnchanged(before: Map<string, Map<PropertyKey, unknown>>): void {
  const after = prototypeSnapshot()
  for (const [name, entries] of before) {
    const now = after.get(name) ?? new Map<PropertyKey, unknown>()
    const changed = [...new Set([...entries.keys(), ...now.keys()])].filter(
      (key) => !Object.is(entries.get(key), now.get(key)) || entries.has(key) !== now.has(key)
    )
    ensure(changed.length === 0, `${name} changed`, changed.map(String))
  }
}
