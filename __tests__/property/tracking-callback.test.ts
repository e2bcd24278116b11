import fc from 'fast-check'
import type { LiveChatEvent } from '../../src/live-chat/events'
import { createLiveChatRecorder } from '../../src/live-chat/recorder'
import { installTrackingCallback } from '../../src/widget/tracking-callback'
import {
  VALID_KEY,
  finishWidgetLoad,
  resetPage,
  settle,
  startDestination,
  widgetScriptAdded,
  type StartedDestination
} from '../helpers'
import {
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

const globals = window as unknown as Record<string, unknown>

const LIVE_CHAT_NAMES = [
  'Live Chat Conversation Started',
  'Live Chat Message Sent',
  'Live Chat Message Received',
  'Live Chat Conversation Ended'
]
const WIDGET_EVENTS_RECORDED = [
  'chat_started',
  'message_operator_terminating',
  'message_client_terminating',
  'chat_quit'
]
const FIELDS = { agent_id: 'operator_id', agent_name: 'operator_name', conversation_id: 'chat_id' } as const
const SESSION_FIELDS = Object.values(FIELDS) as string[]

const eventName: fc.Arbitrary<Recipe> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WIDGET_EVENTS_RECORDED).map((leaf) => ({ leaf })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'button_displayed',
        'chat_connected',
        'feedback_submit',
        'CHAT_STARTED',
        '__proto__',
        'toString',
        ''
      )
      .map((leaf) => ({ leaf }))
  },
  { weight: 1, arbitrary: hostileRecipe() }
)

/** What an id or a name may look like on the wire, well-formed or not. */
const fieldValue: fc.Arbitrary<Recipe> = fc.oneof(
  fc
    .oneof(fc.string({ maxLength: 12 }), fc.integer(), anyNumber, longString, fc.constantFrom('', '   ', '\u00a0'))
    .map((leaf) => ({ leaf })),
  hostileRecipe(SESSION_FIELDS)
)

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
function expectTracesBack(event: { name: unknown; properties: unknown }, call: unknown[]): void {
  ensure(
    event.name === LIVE_CHAT_NAMES[WIDGET_EVENTS_RECORDED.indexOf(call[0] as string)],
    'the event name is the mapped Live Chat name',
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

const isRecorded = (call: unknown[]) => WIDGET_EVENTS_RECORDED.includes(call[0] as string)

describe('the tracking callback, fed anything (property-based)', () => {
  it('direct (installTrackingCallback + createLiveChatRecorder): never throws, never pollutes, emits only spec events traced to the input (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.array(widgetCall, { minLength: 1, maxLength: 4 }), siteHandlerKind, (recipes, siteKind) => {
        const calls = recipes.map(buildCall)
        const prototypes = prototypeSnapshot()
        const siteCalls: Array<{ receiver: unknown; args: unknown[] }> = []
        installSiteHandler(siteKind, siteCalls)
        let clock = 0
        const emitted: Array<{ event: LiveChatEvent; call: unknown[] }> = []
        let current: unknown[] = []
        installTrackingCallback(
          createLiveChatRecorder(
            (event) => emitted.push({ event, call: current }),
            () => (clock += 1_500)
          )
        )

        for (const call of calls) {
          current = call
          callAsWidget(call) // a throw fails the property
        }

        expectPrototypesUnchanged(prototypes)
        ensure(emitted.length === calls.filter(isRecorded).length, 'one event per recorded widget event', emitted)
        for (const { event, call } of emitted) expectTracesBack(event, call)
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
      }),
      { numRuns: 10_000 }
    )
  })

  describe('full runtime + analytics-next', () => {
    let started: StartedDestination
    let installed: unknown

    beforeAll(async () => {
      resetPage()
      started = await startDestination({ secretKey: VALID_KEY, recordLiveChatEvents: true })
      finishWidgetLoad(await widgetScriptAdded())
      await started.initialized
      installed = globals.userlikeTrackingEvent
    })

    it('delivers exactly one spec event per recorded widget event to other destinations, traced to the input (300 runs)', async () => {
      // The handler the real initialize installed (beforeEach has reset the page since).
      globals.userlikeTrackingEvent = installed
      await fc.assert(
        fc.asyncProperty(fc.array(widgetCall, { minLength: 1, maxLength: 3 }), async (recipes) => {
          const calls = recipes.map(buildCall)
          const prototypes = prototypeSnapshot()
          const seen = started.other.events.length
          for (const call of calls) callAsWidget(call) // a throw fails the property
          await settle()

          expectPrototypesUnchanged(prototypes)
          const delivered = started.other.events.slice(seen)
          const recordedCalls = calls.filter(isRecorded)
          expect(delivered).toHaveLength(recordedCalls.length)
          delivered.forEach((event, index) => {
            expect(event.type).toBe('track')
            expect(event.context?.integration).toEqual({ name: 'userlike', version: expect.any(String) })
            expectTracesBack({ name: event.event, properties: event.properties }, recordedCalls[index])
          })
          expect(JSON.stringify(delivered)).not.toContain(VALID_KEY)
        }),
        { numRuns: 300 }
      )
    })
  })
})
