/* global window */
// The benchmark's stand-in for Userlike's widget script (served for the widget URL, no network): it starts the
// legacy API the destination talks to, and notes when it ran, so that the benchmark can leave the time spent
// fetching and running the widget out of `initialize`'s figure. Chat events are driven by the benchmark itself
// through window.userlikeTrackingEvent, as the real widget calls it.
window.userlike = { setData: function () {}, userlikeUpdateAPI: function () {} }
window.benchWidgetRanAt = performance.now()
