/**
 * Every target of the benchmark, in one table: `npm run bench` prints each figure's verdict from it, and the size
 * gate (`npm run size`, part of `npm test`) fails the build when a row's figure exceeds its `gate`. A target holds
 * when its figure is at most `atMost` (in the row's unit). Only bytes are gated: they do not depend on the machine;
 * timings are reported. A gate above its target is the budget while the target is not met yet: it stops growth, and
 * the printout still says the target is missed.
 */
export const targets = {
  // The 2.5 KB target of issue 13 is retired: each feature pays its measured cost (docs/benchmark.md). This round's
  // budget was 5,600 B over the floor (3,954 B before it, the control actions and the placeholder 1,300 B together,
  // consent 400 B); its features measure 6,518 B (issue 18's hardening 255 B, consent 494 B, the actions, the
  // widget's control and the placeholder the remaining 1,815 B), so the target is missed. The gate sits just above that
  // figure, so that nothing grows while the budget waits for a decision; new work pays its cost within it: on
  // 2026-12-07 the placeholder's languages (230 B) were paid by terser's second minification (240 B over the floor):
  // 6,433 B.
  webOverFloor: { text: '≤ 5,600 B over the floor', atMost: 5600, unit: 'B (gzip)', gate: 6550 },
  eager: { text: '< 1.5 KB', atMost: 1535, unit: 'B (gzip)', gate: 1535 },
  initialize: { text: '< 1 ms over the floor', atMost: 1, unit: 'ms' },
  event: { text: '< 50 µs over the floor', atMost: 50, unit: 'µs' },
  heap: { text: '< 100 KB over the floor', atMost: 100 * 1024, unit: 'B' },
  // Issue 18: what the plugin itself spends on an identify whose traits hold 1 MB (the value is left out by its length).
  bigTrait: { text: '< 50 ms in the plugin', atMost: 50, unit: 'ms' },
  defaultLoad: { text: '≤ 1.05× without Userlike', atMost: 1.05, unit: '×' },
  defaultLcp: { text: '≤ 1.05× without Userlike', atMost: 1.05, unit: '×' },
  defaultWidgetBeforeLoad: { text: 'no widget work before `load`', atMost: 0, unit: 'pages' },
  // "No worse" than the snippet, within the page-load measure's own noise (medians of paired ratios move by a few
  // per cent between runs).
  immediatelyVsSnippet: { text: "≤ 1.05× Userlike's own snippet", atMost: 1.05, unit: '×' },
  // Issue 20, Load Widget `onChatButton`: the page pays for the placeholder alone until the visitor presses it.
  chatButtonLoad: { text: '≤ 1.02× without Userlike', atMost: 1.02, unit: '×' },
  chatButtonLcp: { text: '≤ 1.02× without Userlike', atMost: 1.02, unit: '×' },
  chatButtonBeforePress: {
    text: 'no widget work and no request to Userlike before the press',
    atMost: 0,
    unit: 'pages'
  },
  // The median of each round's difference: the placeholder's time from navigation start minus the snippet's button's.
  chatButtonVsSnippet: { text: "the placeholder no later than the snippet's button", atMost: 0, unit: 'ms' }
}

/** `{ target, holds }` for a figure. */
export function verdict(key, value) {
  const { text, atMost } = targets[key]
  return { target: text, holds: value <= atMost }
}
