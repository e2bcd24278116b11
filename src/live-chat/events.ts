/** Segment's Live Chat spec events this destination records. */
export type LiveChatEventName =
  | 'Live Chat Conversation Started'
  | 'Live Chat Message Sent'
  | 'Live Chat Message Received'
  | 'Live Chat Conversation Ended'

/**
 * The other documented widget events a workspace may forward (setting `additionalWidgetEvents`): widget event ->
 * Segment event name after `Live Chat `, in Segment's "Object Action" style. The setting's choices are made from it,
 * so this table is in every page's eager bytes: the spec events' table lives with the counting rules (recorder.ts).
 */
export const ADDITIONAL_WIDGET_EVENTS = {
  button_displayed: 'Button Shown',
  chat_window_maximized: 'Window Opened',
  chat_window_minimized: 'Window Closed',
  feedback_rating_show: 'Rating Form Shown',
  feedback_rating_cancel: 'Rating Form Cancelled',
  rating_submit: 'Rating Submitted',
  feedback_submit: 'Feedback Submitted',
  pre_survey_show: 'Pre-Chat Survey Shown',
  pre_survey_submit: 'Pre-Chat Survey Submitted',
  post_survey_show: 'Post-Chat Survey Shown',
  post_survey_submit: 'Post-Chat Survey Submitted',
  group_select_show: 'Group Selection Shown',
  group_select_submit: 'Group Selected',
  error_message: 'Error Shown',
  proactive_timer: 'Proactive Timer Elapsed'
}

/** Live Chat properties; the agent and conversation come from the widget's session context (recorder.ts). */
export interface LiveChatProperties {
  agent_id?: string
  agent_name?: string
  conversation_id?: string
  conversation_duration?: number
  proactive?: boolean
}

export interface LiveChatEvent {
  /** A spec event, or `Live Chat <name>` of an additional widget event. */
  name: `Live Chat ${string}`
  properties: LiveChatProperties
}
