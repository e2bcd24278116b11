import fc from 'fast-check'
import { STORAGE_KEY, forgetConversations } from '../../src/live-chat/conversations'
import { ADDITIONAL_WIDGET_EVENTS, type LiveChatEvent } from '../../src/live-chat/events'
import { createLiveChatRecorder } from '../../src/live-chat/recorder'
import { installTrackingCallback } from '../../src/widget/tracking-callback'
import { VALID_KEY, globals, startWithWidget, settle, resetPage, type StartedDestination } from '../../src/test-utils'
import {
  PROTOTYPE_KEYS,
  anyNumber,
  expectPrototypesUnchanged,
  build,
  ensure,
  hostileRecipe,
  longString,
  prototypeSnapshot,
  twist,
  type Recipe
} from './arbitraries'

/** Widget event -> the spec event it stands for (the counting rules decide whether it is sent). */
const SPEC = new Map<unknown, string>(
  Object.entries({
    chat_started: 'Live Chat Conversation Started',
    chat_started_proactive: 'Live Chat Conversation Started',
    message_operator_terminating: 'Live Chat Message Sent',
    message_client_terminating: 'Live Chat Message Received',
    chat_quit: 'Live Chat Conversation Ended',
    feedback_rating_show: 'Live Chat Conversation Ended',
    post_survey_show: 'Live Chat Conversation Ended'
  })
)
const WIDGET_EVENTS_RECORDED = [...SPEC.keys()]
const EXTRAS = Object.keys(ADDITIONAL_WIDGET_EVENTS) as Array<keyof typeof ADDITIONAL_WIDGET_EVENTS>
const FIELDS = { agent_id: 'operator_id', agent_name: 'operator_name', conversation_id: 'chat_id' } as const
const SESSION_FIELDS = Object.values(FIELDS) as string[]

const eventName: fc.Arbitrary<Recipe> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WIDGET_EVENTS_RECORDED).map((leaf) => ({ leaf })) },
  { weight: 2, arbitrary: fc.constantFrom(...EXTRAS).map((leaf) => ({ leaf })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('chat_connected', 'conversation_resume', 'CHAT_STARTED', '__proto__', 'toString', '')
      .map((leaf) => ({ leaf }))
  },
  { weight: 1, arbitrary: hostileRecipe() }
)

/** What an id or a name may look like on the wire, well-formed or not. */
const fieldValue: fc.Arbitrary<Recipe> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(1, '1', 'c-2', ...PROTOTYPE_KEYS).map((leaf) => ({ leaf })) },
  fc
    .oneof(fc.string({ maxLength: 12 }), fc.integer(), anyNumber, longString, fc.constantFrom('', '   ', '\u00a0'))
    .map((leaf) => ({ leaf })),
  hostileRecipe(SESSION_FIELDS)
)

/** What is under the storage key when a run starts (another tab, an older copy, a hostile page), or broken storage. */
const storedBefore = fc.oneof(
  fc.constant({ value: undefined }),
  fc.constant({ throws: 'getItem' as const }),
  fc.constant({ throws: 'setItem' as const }),
  fc.oneof(fc.string({ maxLength: 40 }), fc.json()).map((value) => ({ value })),
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom('1', 'c-2', ...PROTOTYPE_KEYS), fc.string({ maxLength: 4 })),
        fc.record(
          { startedAt: fc.oneof(anyNumber, fc.string({ maxLength: 3 })), ended: fc.constantFrom(true, false, 'yes') },
          { requiredKeys: [] }
        )
      ),
      { maxLength: 60 }
    )
    .map((entries) => ({ value: JSON.stringify(entries).replace(/"ended"/, '"__proto__":{"polluted":1},"ended"') }))
)

type Stored = { value: string | undefined } | { throws: 'getItem' | 'setItem' }

function prepareStorage(stored: Stored): void {
  jest.restoreAllMocks()
  jest.spyOn(console, 'error').mockImplementation(() => undefined)
  forgetConversations()
  localStorage.clear()
  if ('throws' in stored) {
    jest.spyOn(Storage.prototype, stored.throws).mockImplementation(() => {
      throw new DOMException('no storage', 'SecurityError')
    })
  } else if (stored.value !== undefined) {
    localStorage.setItem(STORAGE_KEY, stored.value)
  }
}

/** Mostly objects carrying the fields the recorder reads, twisted; sometimes anything at all. */
const sessionContext = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.record(
          { operator_id: fieldValue, operator_name: fieldValue, chat_id: fieldValue, session_id: fieldValue },
          { requiredKeys: [] }
        ),
        fc.array(twist(SESSION_FIELDS), { maxLength: 2 })
      )
      .map(([fields, twists]): Recipe => ({ object: Object.entries(fields), twists }))
  },
  { weight: 1, arbitrary: hostileRecipe(SESSION_FIELDS) }
)

/**
 * One call of the widget, as a recipe: mostly the documented three arguments, sometimes none or more.
 * `buildCall` turns it into the arguments inside the property.
 */
const widgetCall = fc
  .tuple(eventName, hostileRecipe(), sessionContext, fc.array(hostileRecipe(), { maxLength: 2 }), fc.nat(4))
  .map(([name, global, session, extra, arity]): Recipe => ({
    array: arity === 0 ? [] : [name, global, session, ...extra]
  }))

const buildCall = (recipe: Recipe) => build(recipe) as unknown[]

/** The page's own handler installed before the destination: none, a recording one, or one that throws. */
const siteHandlerKind = fc.constantFrom('none', 'recording', 'throwing', 'throwing hostile')

/** Own data property `field` of the session context, as the spec reads it; `undefined` where it cannot be read. */
function ownDataValue(session: unknown, field: string): unknown {
  if (typeof session !== 'object' || session === null) return undefined
  try {
    const descriptor = Object.getOwnPropertyDescriptor(session, field)
    return descriptor && 'value' in descriptor ? descriptor.value : undefined
  } catch {
    return undefined
  }
}

/** Checks one emitted event against the widget call it came from. */
function expectTracesBack(event: { name: unknown; properties: unknown }, call: unknown[], extras: string[] = []): void {
  const widgetEvent = call[0] as keyof typeof ADDITIONAL_WIDGET_EVENTS
  ensure(
    event.name === SPEC.get(widgetEvent) ||
      (extras.includes(widgetEvent) && event.name === `Live Chat ${ADDITIONAL_WIDGET_EVENTS[widgetEvent]}`),
    'the event name is the mapped Live Chat name, or the chosen additional one',
    event.name
  )
  const properties = event.properties as Record<string, unknown>
  ensure(Object.getPrototypeOf(properties) === Object.prototype, 'properties are a plain object')
  for (const [property, value] of Object.entries(properties)) {
    if (property === 'conversation_duration') {
      ensure(event.name === 'Live Chat Conversation Ended', 'a duration only on Conversation Ended', event.name)
      ensure(Number.isInteger(value) && (value as number) >= 0, 'the duration is whole seconds', value)
      continue
    }
    if (property === 'proactive') {
      ensure(event.name === 'Live Chat Conversation Started', 'proactive only on Conversation Started', event.name)
      ensure(value === (call[0] === 'chat_started_proactive'), 'proactive says which start it was', value)
      continue
    }
    ensure(property in FIELDS, 'only spec properties', property)
    const source = ownDataValue(call[2], FIELDS[property as keyof typeof FIELDS])
    ensure(
      typeof source === 'string' || (typeof source === 'number' && Number.isFinite(source)),
      `${property} comes from a string or finite number`,
      source
    )
    ensure(value === String(source), `${property} is the session context's own field, as a string`, value)
    ensure((value as string).length <= 256, `${property} is at most 256 characters`)
  }
  // Nothing readable is dropped: every well-formed field of the session context is sent.
  for (const [property, field] of Object.entries(FIELDS)) {
    const source = ownDataValue(call[2], field)
    const wellFormed =
      (typeof source === 'number' && Number.isFinite(source)) ||
      (typeof source === 'string' && source.trim() !== '' && source.length <= 256)
    if (wellFormed) ensure(properties[property] === String(source), `${property} is sent`, properties)
  }
}

/** The conversation id a widget call carries, as the spec reads it, if well-formed. */
function conversationOf(call: unknown[]): string | undefined {
  const source = ownDataValue(call[2], 'chat_id')
  const id = typeof source === 'number' && Number.isFinite(source) ? String(source) : source
  return typeof id === 'string' && id.trim() !== '' && id.length <= 256 ? id : undefined
}

function installSiteHandler(kind: string, calls: Array<{ receiver: unknown; args: unknown[] }>): void {
  delete globals.userlikeTrackingEvent
  if (kind === 'none') return
  globals.userlikeTrackingEvent = function (this: unknown, ...args: unknown[]) {
    calls.push({ receiver: this, args })
    if (kind === 'throwing') throw new Error('site bug')
    if (kind === 'throwing hostile') {
      throw new Proxy(
        {},
        {
          get() {
            throw new Error('hostile')
          }
        }
      )
    }
  }
}

/** Calls `window.userlikeTrackingEvent` as the widget does: a method call on window. */
function callAsWidget(args: unknown[]): void {
  ;(window as unknown as { userlikeTrackingEvent: (...args: unknown[]) => void }).userlikeTrackingEvent(...args)
}

beforeEach(() => {
  resetPage()
  jest.spyOn(console, 'error').mockImplementation(() => undefined)
})

const isRecorded = (call: unknown[]) => SPEC.has(call[0])
const isMessage = (call: unknown[]) => SPEC.get(call[0])?.startsWith('Live Chat Message') === true

/**
 * What holds for the events of one run, whatever the widget sent and whatever storage held: a message event is
 * sent each time, every other widget event at most once (a chosen additional one: also as itself, each time), and a
 * conversation (by id) gets at most one Started and one Ended.
 */
function expectCounted(
  emitted: Array<{ event: LiveChatEvent; call: unknown[] }>,
  calls: unknown[][],
  extras: string[]
) {
  const chosen = (call: unknown[]) => extras.includes(call[0] as string)
  const most = calls.filter(isRecorded).length + calls.filter(chosen).length
  const exact = calls.filter(isMessage).length + calls.filter(chosen).length
  const counted = emitted.filter(({ event }) => !event.name.startsWith('Live Chat Conversation')).length
  ensure(emitted.length <= most, 'at most one spec event (and the chosen additional one) per widget event', emitted)
  ensure(counted === exact, 'every message and every chosen additional widget event is sent', emitted)
  const seen = new Set<string>()
  for (const { event } of emitted) {
    const id = event.properties.conversation_id
    if (id === undefined || !event.name.startsWith('Live Chat Conversation')) continue
    ensure(!seen.has(`${event.name}:${id}`), 'one Started and one Ended per conversation', emitted)
    seen.add(`${event.name}:${id}`)
  }
}

/** What the run left under the storage key: ids (strings) and times only, or nothing. */
function expectStoredIdsAndTimes(before: Stored): void {
  const text = localStorage.getItem(STORAGE_KEY)
  // Unchanged: the run wrote nothing (storage broken, or no conversation with an id).
  if (text === null || ('value' in before && text === before.value)) return
  const stored: unknown = JSON.parse(text)
  ensure(Array.isArray(stored) && stored.length <= 50, 'a bounded list', text)
  for (const [id, conversation] of stored as Array<[unknown, Record<string, unknown>]>) {
    ensure(typeof id === 'string' && id.length <= 256, 'ids are strings', id)
    for (const [key, value] of Object.entries(conversation)) {
      ensure(
        (key === 'startedAt' && Number.isFinite(value)) || (key === 'ended' && typeof value === 'boolean'),
        'only a start time and an end flag',
        conversation
      )
    }
  }
}

describe('the tracking callback, fed anything (property-based)', () => {
  it('direct (installTrackingCallback + createLiveChatRecorder), any stored state: never throws, never pollutes, emits only table events traced to the input, counted once (10,000 runs)', () => {
    fc.assert(
      fc.property(
        fc.array(widgetCall, { minLength: 1, maxLength: 6 }),
        siteHandlerKind,
        storedBefore,
        fc.subarray([...EXTRAS, 'chat_window_opened']),
        (recipes, siteKind, stored, extras) => {
          const calls = recipes.map(buildCall)
          prepareStorage(stored)
          jest.spyOn(console, 'warn').mockImplementation(() => undefined)
          const prototypes = prototypeSnapshot()
          const siteCalls: Array<{ receiver: unknown; args: unknown[] }> = []
          installSiteHandler(siteKind, siteCalls)
          let clock = 1_000_000
          const emitted: Array<{ event: LiveChatEvent; call: unknown[] }> = []
          let current: unknown[] = []
          installTrackingCallback(
            createLiveChatRecorder(
              (event) => emitted.push({ event, call: current }),
              extras,
              () => (clock += 1_500)
            )
          )

          for (const call of calls) {
            current = call
            callAsWidget(call) // a throw fails the property
          }

          expectPrototypesUnchanged(prototypes)
          expectCounted(emitted, calls, extras)
          for (const { event, call } of emitted) expectTracesBack(event, call, extras)
          jest.restoreAllMocks()
          expectStoredIdsAndTimes(stored)
          if (siteKind !== 'none') {
            ensure(siteCalls.length === calls.length, "the page's handler is called for every widget event")
            siteCalls.forEach(({ receiver, args }, index) => {
              ensure(receiver === window, "the page's handler is called on window")
              ensure(
                args.length === calls[index].length && args.every((arg, at) => Object.is(arg, calls[index][at])),
                "the page's handler gets the widget's arguments untouched"
              )
            })
          }
        }
      ),
      { numRuns: 10_000 }
    )
  })

  describe('full runtime + analytics-next', () => {
    let started: StartedDestination
    let installed: unknown

    beforeAll(async () => {
      resetPage()
      started = await startWithWidget({ secretKey: VALID_KEY, recordLiveChatEvents: true })
      installed = globals.userlikeTrackingEvent
    })

    it('delivers spec events only, each traced to a widget event in order, counted once per conversation, whatever storage held (300 runs)', async () => {
      // The handler the real initialize installed (beforeEach has reset the page since).
      globals.userlikeTrackingEvent = installed
      await fc.assert(
        fc.asyncProperty(
          fc.array(widgetCall, { minLength: 1, maxLength: 4 }),
          storedBefore,
          async (recipes, stored) => {
            const calls = recipes.map(buildCall)
            prepareStorage(stored)
            const prototypes = prototypeSnapshot()
            const seen = started.other.events.length
            for (const call of calls) callAsWidget(call) // a throw fails the property
            await settle()

            expectPrototypesUnchanged(prototypes)
            const delivered = started.other.events.slice(seen)
            // Each delivered event comes from a later widget event than the one before it.
            let next = 0
            const emitted = delivered.map((event) => {
              expect(event.type).toBe('track')
              expect(event.context?.integration).toEqual({ name: 'userlike', version: expect.any(String) })
              const from = (call: unknown[]) =>
                SPEC.get(call[0]) === event.event && conversationOf(call) === event.properties?.conversation_id
              while (next < calls.length && !from(calls[next])) next++
              expect(next).toBeLessThan(calls.length)
              const call = calls[next++]
              expectTracesBack({ name: event.event, properties: event.properties }, call)
              return { event: { name: event.event, properties: event.properties ?? {} } as LiveChatEvent, call }
            })
            expectCounted(emitted, calls, [])
            expect(JSON.stringify(delivered)).not.toContain(VALID_KEY)
          }
        ),
        { numRuns: 300 }
      )
    })
  })
})
