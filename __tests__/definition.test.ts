import { fieldsToJsonSchema } from '@segment/actions-core/destination-kit/fields-to-jsonschema'
import userlikeWebDestination, { destination } from '../src'
import { DEFAULT_LOAD_WIDGET } from '../src/widget/loader'

describe('the destination definition', () => {
  it('is named for Segment and runs in the browser', () => {
    expect(destination).toMatchObject({ name: 'Userlike Web (Actions)', slug: 'actions-userlike-web', mode: 'device' })
    expect(destination.description).toMatch(/Userlike/)
  })

  it('asks for the secret key, and says where to find it', () => {
    expect(destination.settings?.secretKey).toMatchObject({ type: 'string', required: true, label: 'Secret Key' })
    expect(destination.settings?.secretKey.description).toContain('Config > Install')
  })

  it('has Record Live Chat Events off by default', () => {
    expect(destination.settings?.recordLiveChatEvents).toMatchObject({
      type: 'boolean',
      default: false,
      label: 'Record Live Chat Events'
    })
  })

  it('loads the widget after the page by default, in the setting and where the setting is absent alike', () => {
    expect(destination.settings?.loadWidget.default).toBe('afterPageLoad')
    expect(DEFAULT_LOAD_WIDGET).toBe(destination.settings?.loadWidget.default)
  })

  it('exports the plugin factory as default, named after the definition', () => {
    expect(typeof userlikeWebDestination).toBe('function')
    expect(userlikeWebDestination.pluginName).toBe('Userlike Web (Actions)')
  })

  it('turns on Identify Visitor for identify events by default, mapped from the traits', () => {
    expect(destination.presets).toEqual([
      {
        name: 'Identify Visitor',
        subscribe: 'type = "identify"',
        partnerAction: 'identifyVisitor',
        type: 'automatic',
        mapping: {
          name: { '@path': '$.traits.name' },
          email: { '@path': '$.traits.email' },
          customData: { '@path': '$.traits' }
        }
      }
    ])
    expect(destination.actions.identifyVisitor.defaultSubscription).toBe('type = "identify"')
  })

  it('has field definitions the generator can turn into a schema', () => {
    const schema = fieldsToJsonSchema(destination.actions.identifyVisitor.fields)
    expect(Object.keys(schema.properties ?? {})).toEqual(['name', 'email', 'customData'])
  })

  it('creates no plugin, and so never loads the widget, when no subscription is enabled', async () => {
    const plugins = await userlikeWebDestination({
      secretKey: 'x',
      subscriptions: [{ partnerAction: 'identifyVisitor', name: 'off', enabled: false, subscribe: 'all', mapping: {} }]
    } as never)
    expect(plugins).toEqual([])
  })
})
