// Generated file. DO NOT MODIFY IT BY HAND.

export interface Payload {
  /**
   * Whether the chat button shows. It cannot show a button the widget hides by itself (for example while nobody is online).
   */
  visible: boolean
}
