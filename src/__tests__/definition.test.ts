import { fieldsToJsonSchema } from '@segment/actions-core/destination-kit/fields-to-jsonschema'
import userlikeWebDestination, { destination } from '../index'
import { DEFAULT_CHAT_BUTTON_COLOR, DEFAULT_CHAT_BUTTON_POSITION } from '../widget/chat-button'
import { DEFAULT_LOAD_WIDGET, loadMode } from '../widget/loader'

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

  it('offers the four Load Widget modes, the placeholder button last', () => {
    expect(destination.settings?.loadWidget.choices?.map((choice) => choice.value)).toEqual([
      'afterPageLoad',
      'immediately',
      'onFirstInteraction',
      'onChatButton'
    ])
  })

  it('takes each Load Widget choice as its own mode, with no warning (the generated type says only string)', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    for (const { value } of destination.settings?.loadWidget.choices ?? []) expect(loadMode(value)).toBe(value)
    expect(warn).not.toHaveBeenCalled()
  })

  it("styles the placeholder chat button as Userlike's default widget, in the setting and where it is absent alike", () => {
    expect(destination.settings?.chatButtonColor).toMatchObject({ type: 'string', default: '#0d8cff' })
    expect(DEFAULT_CHAT_BUTTON_COLOR).toBe(destination.settings?.chatButtonColor.default)
    expect(destination.settings?.chatButtonPosition).toMatchObject({
      type: 'string',
      default: 'right',
      choices: [
        { label: 'Bottom right', value: 'right' },
        { label: 'Bottom left', value: 'left' }
      ]
    })
    expect(DEFAULT_CHAT_BUTTON_POSITION).toBe(destination.settings?.chatButtonPosition.default)
  })

  it("leaves the Chat Button Selector empty: the site's own links are untouched until it names them", () => {
    expect(destination.settings?.chatButtonSelector).toMatchObject({ type: 'string', label: 'Chat Button Selector' })
    expect(destination.settings?.chatButtonSelector).not.toHaveProperty('default')
    expect(destination.settings?.chatButtonSelector).not.toHaveProperty('required')
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

  it('has field definitions the generator can turn into a schema, for every action', () => {
    const fieldsOf = (action: keyof typeof destination.actions) =>
      Object.keys(fieldsToJsonSchema(destination.actions[action].fields).properties ?? {})
    expect(Object.keys(destination.actions)).toEqual([
      'identifyVisitor',
      'openMessenger',
      'setChatButtonVisibility',
      'updateCustomData'
    ])
    expect(fieldsOf('identifyVisitor')).toEqual(['name', 'email', 'customData'])
    expect(fieldsOf('openMessenger')).toEqual(['oncePerSession'])
    expect(fieldsOf('setChatButtonVisibility')).toEqual(['visible'])
    expect(fieldsOf('updateCustomData')).toEqual(['customData'])
    expect(fieldsToJsonSchema(destination.actions.setChatButtonVisibility.fields).required).toEqual(['visible'])
  })

  it('Open Messenger: opens once per visitor session unless the mapping says otherwise, suggested for "Help Clicked"', () => {
    const action = destination.actions.openMessenger
    expect(action).toMatchObject({
      title: 'Open Messenger',
      platform: 'web',
      defaultSubscription: 'type = "track" and event = "Help Clicked"'
    })
    expect(action.fields.oncePerSession).toMatchObject({ type: 'boolean', default: true })
    expect(action.fields.oncePerSession).not.toHaveProperty('required')
  })

  it('Show or Hide Chat Button: Visible is a required true or false with no default, suggested for the checkout page', () => {
    const action = destination.actions.setChatButtonVisibility
    expect(action).toMatchObject({
      title: 'Show or Hide Chat Button',
      platform: 'web',
      defaultSubscription: 'type = "page" and name = "Checkout"'
    })
    expect(action.fields.visible).toMatchObject({ type: 'boolean', required: true })
    expect(action.fields.visible).not.toHaveProperty('default')
  })

  it('Update Custom Data: the event\'s properties by default, suggested for "Product Added"', () => {
    const action = destination.actions.updateCustomData
    expect(action).toMatchObject({
      title: 'Update Custom Data',
      platform: 'web',
      defaultSubscription: 'type = "track" and event = "Product Added"'
    })
    expect(action.fields.customData).toMatchObject({ type: 'object', default: { '@path': '$.properties' } })
    // Shown to operators: the field says so where a workspace maps it.
    expect(action.fields.customData.description).toMatch(/operators/)
  })

  it('creates no plugin, and so never loads the widget, when no subscription is enabled', async () => {
    const plugins = await userlikeWebDestination({
      secretKey: 'x',
      subscriptions: [{ partnerAction: 'identifyVisitor', name: 'off', enabled: false, subscribe: 'all', mapping: {} }]
    } as never)
    expect(plugins).toEqual([])
  })
})
