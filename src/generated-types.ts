// Generated file. DO NOT MODIFY IT BY HAND.

export interface Settings {
  /**
   * Your Userlike widget secret, from the Userlike dashboard: Config > Install > Secret.
   */
  secretKey: string
  /**
   * Sends the widget's chats to Segment as Live Chat events.
   */
  recordLiveChatEvents?: boolean
  /**
   * When to load the chat widget. After the page has loaded, it costs the page's loading nothing.
   */
  loadWidget?: string
  /**
   * The placeholder chat button's colour, as a CSS hex colour (#0d8cff): the main colour of your widget in Userlike's Widget Editor. Used with Load Widget: When the visitor opens the chat.
   */
  chatButtonColor?: string
  /**
   * Where the placeholder chat button sits, as your widget's button does. Used with Load Widget: When the visitor opens the chat.
   */
  chatButtonPosition?: string
  /**
   * A CSS selector for your own "Chat with us" links or buttons (for example a[href="#chat"]): a press on one opens the messenger, loading the widget if needed. Works in every Load Widget mode.
   */
  chatButtonSelector?: string
  /**
   * Also sends these widget events when Record Live Chat Events is on. Live Chat Button Shown is sent on every page view.
   */
  additionalWidgetEvents?: string[]
}
