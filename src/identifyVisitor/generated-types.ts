// Generated file. DO NOT MODIFY IT BY HAND.

export interface Payload {
  /**
   * The visitor's name, pre-filled in their Userlike contact.
   */
  name?: string
  /**
   * The visitor's email, pre-filled in their Userlike contact.
   */
  email?: string
  /**
   * Userlike custom data, shown to operators.
   */
  customData?: {
    [k: string]: unknown
  }
}
