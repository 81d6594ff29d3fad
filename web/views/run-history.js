// A connector's sync runs, newest first: what each run fetched and what it cost, and for a
// failed run the error with the hint on what to fix.
import { h } from '../dom.js';
import { formatDateTime, formatBytes, formatCount, formatMoney } from '../format.js';

const RUN_STATUS = { running: 'badge badge-busy', succeeded: 'badge badge-ok', failed: 'badge badge-error', interrupted: 'badge badge-warn' };

// Billed cost summed per currency over all of a run's periods.
function billedByCurrency(totals) {
  const sums = new Map();
  for (const t of totals || []) sums.set(t.currency, (sums.get(t.currency) || 0) + Number(t.billed_cost || 0));
  return [...sums].map(([currency, sum]) => formatMoney(sum, currency));
}

function periodsText(periods) {
  if (!periods || !periods.length) return '—';
  return periods.length > 3 ? `${periods[0]} … ${periods[periods.length - 1]} (${periods.length})` : periods.join(', ');
}

export function renderRunHistory(runs) {
  if (!runs.length) {
    return h('div', { class: 'empty', 'data-testid': 'runs-empty' },
      h('h2', {}, 'No syncs yet'), h('p', {}, 'Click “Sync now” to fetch this connector\'s billing files.'));
  }
  return h('table', { class: 'table', 'data-testid': 'runs-table' },
    h('caption', { class: 'sr-only' }, 'Sync runs, newest first'),
    h('thead', {}, h('tr', {},
      ['Started', 'Trigger', 'Status', 'Periods'].map((t) => h('th', { scope: 'col' }, t)),
      ['Files', 'Size', 'Rows', 'Billed cost'].map((t) => h('th', { scope: 'col', class: 'num' }, t)))),
    h('tbody', {}, runs.map((r) => {
      const totals = billedByCurrency(r.totals);
      const row = h('tr', { 'data-testid': 'run-row', 'data-run-id': r.id, 'data-status': r.status },
        h('td', { title: r.finished_at ? `Finished ${formatDateTime(r.finished_at)}` : null }, formatDateTime(r.started_at)),
        h('td', { 'data-col': 'trigger' }, r.trigger),
        h('td', {}, h('span', { class: RUN_STATUS[r.status] || 'badge badge-new', 'data-testid': 'run-status' }, r.status)),
        h('td', { 'data-col': 'periods' }, periodsText(r.periods)),
        h('td', { class: 'num', 'data-col': 'files' }, formatCount(r.files)),
        h('td', { class: 'num', 'data-col': 'bytes' }, formatBytes(r.bytes)),
        h('td', { class: 'num', 'data-col': 'rows' }, formatCount(r.rows)),
        h('td', { class: 'num', 'data-col': 'billed' }, totals.length ? totals.map((t) => h('div', {}, t)) : '—'));
      if (!r.error) return row;
      // The error gets a full-width row of its own: messages are long and the hint matters.
      return [row, h('tr', { class: 'run-error-row', 'data-testid': 'run-error-row', 'data-run-id': r.id },
        h('td', { colspan: '8' },
          h('p', { class: 'run-error', 'data-testid': 'run-error' }, r.error),
          r.hint ? h('p', { class: 'run-hint', 'data-testid': 'run-hint' }, 'Hint: ', r.hint) : null))];
    })));
}
