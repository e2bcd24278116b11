// Generated file. DO NOT MODIFY IT BY HAND.

export interface Payload {
  /**
   * Userlike custom data, shown to operators: map only what they should see.
   */
  customData: {
    [k: string]: unknown
  }
}
