// Generated file. DO NOT MODIFY IT BY HAND.

export interface Payload {
  /**
   * Opens the messenger only the first time a mapping with this on matches in the visitor's browser tab session: a visitor who closed it is not shown it again.
   */
  oncePerSession?: boolean
}
