// A connection test's report as a step list: ✓/✗ per step with its message, and the hint
// for a failed step, so the user sees which step broke and what to try.
import { h } from '../dom.js';

export function renderTestSteps(report) {
  const steps = (report && report.steps) || [];
  return h('div', { class: `test-report ${report.ok ? 'test-ok' : 'test-failed'}`, 'data-testid': 'test-report', 'data-ok': String(!!report.ok) },
    h('p', { class: 'test-summary' }, report.ok ? 'Connection test passed.' : 'Connection test failed.'),
    h('ol', { class: 'test-steps', 'data-testid': 'test-steps' }, steps.map((s) =>
      h('li', { class: s.ok ? 'step step-ok' : 'step step-failed', 'data-testid': 'test-step', 'data-step': s.name, 'data-ok': String(!!s.ok) },
        h('span', { class: 'step-mark', 'aria-hidden': 'true' }, s.ok ? '✓' : '✗'),
        h('span', { class: 'sr-only' }, s.ok ? 'Passed: ' : 'Failed: '),
        h('span', { class: 'step-name', 'data-testid': 'step-name' }, s.name),
        s.message ? h('span', { class: 'step-message', 'data-testid': 'step-message' }, s.message) : null,
        !s.ok && s.hint ? h('p', { class: 'step-hint', 'data-testid': 'step-hint' }, s.hint) : null))));
}
