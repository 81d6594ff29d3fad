// The FOCUS conformance report of a sync run: how many rules passed, failed or were skipped,
// then each failed rule with its severity, violation count and sample rows (collapsed).
import { h } from '../dom.js';
import { formatCount } from '../format.js';

export function renderConformanceReport(run) {
  if (!run || !run.validation) {
    return h('p', { class: 'empty-hint', 'data-testid': 'conformance-empty' }, 'No successful sync yet: the report appears after the first one.');
  }
  const v = run.validation;
  const rules = v.failed_rules || [];
  const stat = (label, value, cls, key) => h('div', { class: `stat ${cls}`, 'data-testid': `conformance-${key}` },
    h('span', { class: 'stat-value' }, formatCount(value)), h('span', { class: 'stat-label' }, label));
  return h('div', { 'data-testid': 'conformance', 'data-run-id': run.id },
    h('p', { class: 'muted' }, `From the sync of ${(run.periods || []).join(', ') || 'no period'}.`),
    h('div', { class: 'stats' },
      stat('MUST failures', v.must_failures, v.must_failures ? 'stat-bad' : '', 'must'),
      stat('SHOULD failures', v.should_failures, v.should_failures ? 'stat-warn' : '', 'should'),
      stat('Passed', v.passed, 'stat-ok', 'passed'),
      stat('Skipped', v.skipped, '', 'skipped')),
    rules.length ? h('table', { class: 'table', 'data-testid': 'failed-rules' },
      h('caption', { class: 'sr-only' }, 'Failed conformance rules'),
      h('thead', {}, h('tr', {}, ['Period', 'Rule', 'Column', 'Severity', 'Violations', 'Details'].map((t) => h('th', { scope: 'col', class: t === 'Violations' ? 'num' : null }, t)))),
      h('tbody', {}, rules.map((r) => h('tr', { 'data-testid': 'failed-rule', 'data-rule-id': r.rule_id },
        h('td', {}, r.period),
        h('td', { class: 'mono' }, r.rule_id),
        h('td', { class: 'mono' }, r.column || '—'),
        h('td', {}, h('span', { class: String(r.severity).toUpperCase() === 'MUST' ? 'badge badge-error' : 'badge badge-warn' }, r.severity)),
        h('td', { class: 'num' }, formatCount(r.violations)),
        h('td', {},
          h('div', {}, r.description),
          r.samples && r.samples.length ? h('details', { class: 'samples' },
            h('summary', {}, `${r.samples.length} sample${r.samples.length === 1 ? '' : 's'}`),
            h('pre', {}, r.samples.map((s) => (typeof s === 'string' ? s : JSON.stringify(s))).join('\n'))) : null)))))
      : h('p', { class: 'field-note', 'data-testid': 'conformance-clean' }, 'Every checked rule passed.'));
}
