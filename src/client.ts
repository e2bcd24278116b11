import type { Analytics } from '@segment/analytics-next'
import type { VisitorUpdate } from './widget/visitor-data'

/**
 * What `initialize` returns and the runtime hands to every action's `perform`: the actions' one door to the widget,
 * a method per capability. Every method checks the visitor's consent, never throws and never waits for the widget.
 * None at all (`undefined`) where the destination is off (a bad Secret Key).
 */
export interface UserlikeClient {
  /** Identify Visitor: the visitor's contact and custom data (widget/visitor-data.ts). */
  updateVisitor(update: VisitorUpdate, analytics: Analytics): void
  /** Update Custom Data: more custom data about analytics' current visitor (widget/visitor-data.ts). */
  updateCustomData(update: VisitorUpdate, analytics: Analytics): void
  /** Open Messenger: loads the widget where needed and opens the messenger once its API is up (widget/control.ts). */
  openMessenger(oncePerSession: boolean): void
  /** Show or Hide Chat Button: the latest call wins, also before the widget is up (widget/control.ts). */
  setChatButtonVisibility(visible: unknown): void
}

/** The client, or none where the destination is off (a bad Secret Key): what every action's `perform` is handed. */
export type MaybeClient = UserlikeClient | undefined
