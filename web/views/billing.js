// Billing: costs across all connectors (#/billing) or one (#/billing?connector=<id>), all from
// GET /api/v1/costs. Amounts are per currency everywhere: a chart and a total per currency,
// never one sum across currencies. Every number is aggregated by the server, so the page stays
// quick however many charge rows sit behind it.
import { h, clear } from '../dom.js';
import { request, session } from '../api.js';
import { renderLayout, notice } from './layout.js';

const METRICS = [['billed', 'BilledCost'], ['effective', 'EffectiveCost'], ['list', 'ListCost']];
const DIMENSIONS = [
  ['service', 'Service'], ['provider', 'Provider'], ['service_category', 'Service category'],
  ['billing_account', 'Billing account'], ['sub_account', 'Sub account'], ['region', 'Region'],
  ['charge_category', 'Charge category'], ['connector', 'Connector'],
];
const FILTERS = ['connector', 'provider', 'service', 'account', 'region', 'tag', 'from', 'to'];
const COLORS = ['#2456d3', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#65a30d', '#db2777', '#475467', '#ca8a04'];

// The page state lives in the hash (#/billing?metric=list&provider=Azure...), so filters survive
// a reload and can be shared.
export function readState(hash) {
  const q = new URLSearchParams((hash.split('?')[1]) || '');
  const s = { metric: q.get('metric') || 'billed', breakdown: q.get('breakdown') || 'service', stack: q.get('stack') || 'service' };
  for (const f of FILTERS) s[f] = q.get(f) || '';
  return s;
}

function stateHash(s) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(s)) if (v) q.set(k, v);
  return `#/billing?${q.toString()}`;
}

function costParams(s, extra) {
  const q = new URLSearchParams({ metric: s.metric });
  for (const f of FILTERS) if (s[f]) q.set(f, s[f]);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q;
}

const costs = (s, extra) => request('GET', `/costs?${costParams(s, extra)}`);

export function formatMoney(cost, currency) {
  const n = Number(cost);
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2 }).format(n);
  } catch {
    return `${n.toFixed(2)} ${currency}`;
  }
}

let uplotLoading = null;
function loadUPlot() {
  if (window.uPlot) return Promise.resolve(window.uPlot);
  if (!uplotLoading) {
    document.head.append(h('link', { rel: 'stylesheet', href: '/vendor/uplot/uPlot.min.css' }));
    uplotLoading = new Promise((resolve, reject) => {
      const el = h('script', { src: '/vendor/uplot/uPlot.iife.min.js' });
      el.onload = () => resolve(window.uPlot);
      el.onerror = () => reject(new Error('Could not load the chart library'));
      document.head.append(el);
    });
  }
  return uplotLoading;
}

export async function renderBilling(root, ctx) {
  const s = readState(location.hash);
  const main = renderLayout(root, ctx, { tab: 'billing' });
  const go = (patch) => { location.hash = stateHash({ ...s, ...patch }); };

  let connectors = [];
  try { connectors = await ctx.api.connectors(); } catch (e) { main.append(notice(e.message, 'error')); return; }
  const scoped = connectors.find((c) => c.id === s.connector);
  main.append(h('div', { class: 'billing-head' },
    h('h2', { 'data-testid': 'billing-title' }, scoped ? `Billing · ${scoped.name}` : 'Billing · all connectors'),
    scoped ? h('a', { href: `#/connectors/${encodeURIComponent(scoped.id)}`, 'data-testid': 'conformance-link' }, 'Runs and conformance report') : null));

  main.append(filterBar(s, connectors, go));
  const body = h('div', { class: 'billing-body' }, h('p', { class: 'loading' }, 'Loading costs…'));
  main.append(body);

  let month, daily, breakdown;
  try {
    [month, daily, breakdown] = await Promise.all([
      costs(s, { group_by: 'month', order: 'key', limit: '1000' }),
      costs(s, { group_by: `${s.stack},day`, order: 'key', limit: '20000' }),
      costs(s, { group_by: s.breakdown, limit: '500' }),
    ]);
  } catch (e) {
    clear(body).append(notice(e.message, 'error'));
    return;
  }
  clear(body);
  if (!month.totals.length) {
    body.append(h('div', { class: 'card empty', 'data-testid': 'billing-empty' }, 'No costs match these filters.'));
    return;
  }
  body.append(h('p', { class: 'muted currency-note' }, `${month.metric}. ${month.currency_note}`));
  body.append(totalsCards(month));
  const charts = h('div', { class: 'chart-grid' });
  body.append(h('section', { class: 'card chart-card' },
    h('div', { class: 'card-title-row' },
      h('h3', {}, `Daily ${month.metric}`),
      h('label', {}, 'Stack by ',
        h('select', { 'data-testid': 'stack-select', onchange: (e) => go({ stack: e.target.value }) },
          DIMENSIONS.filter(([k]) => ['service', 'provider', 'service_category', 'region', 'connector'].includes(k))
            .map(([k, label]) => h('option', { value: k, selected: k === s.stack }, label))))),
    charts));
  body.append(breakdownCard(s, breakdown, connectors, go));
  body.append(monthTable(month));
  try {
    const uPlot = await loadUPlot();
    drawCharts(uPlot, charts, daily, s.stack, connectors);
  } catch (e) {
    charts.append(notice(e.message, 'error'));
  }
}

function filterBar(s, connectors, go) {
  const input = (name, label, attrs = {}) => h('label', { class: 'filter' }, label,
    h('input', { name, value: s[name], 'data-testid': `filter-${name}`, ...attrs }));
  const form = h('form', { class: 'card filter-bar', 'data-testid': 'billing-filters' },
    input('from', 'From', { type: 'date' }),
    input('to', 'To', { type: 'date' }),
    h('label', { class: 'filter' }, 'Provider',
      h('select', { name: 'provider', 'data-testid': 'filter-provider' },
        h('option', { value: '' }, 'All'),
        ['AWS', 'Azure', 'GCP', 'OCI'].map((p) => h('option', { value: p, selected: s.provider === p }, p)))),
    h('label', { class: 'filter' }, 'Connector',
      h('select', { name: 'connector', 'data-testid': 'filter-connector' },
        h('option', { value: '' }, 'All'),
        connectors.map((c) => h('option', { value: c.id, selected: s.connector === c.id }, c.name)))),
    input('service', 'Service', { placeholder: 'e.g. Compute Engine' }),
    input('account', 'Account', { placeholder: 'billing or sub account id' }),
    input('region', 'Region', { placeholder: 'e.g. us-east-1' }),
    input('tag', 'Tag', { placeholder: 'key:value' }),
    h('label', { class: 'filter' }, 'Metric',
      h('select', { name: 'metric', 'data-testid': 'metric-select' },
        METRICS.map(([k, label]) => h('option', { value: k, selected: s.metric === k }, label)))),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary btn-sm', 'data-testid': 'apply-filters' }, 'Apply'),
      h('a', { class: 'btn btn-ghost btn-sm', href: '#/billing' }, 'Reset')));
  form.addEventListener('change', (e) => { if (e.target.tagName === 'SELECT') form.requestSubmit(); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const patch = {};
    for (const el of form.elements) if (el.name) patch[el.name] = el.value.trim();
    go(patch);
  });
  return form;
}

function totalsCards(month) {
  const now = new Date();
  const current = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  return h('div', { class: 'totals' }, month.totals.map((t) => {
    const mtd = month.rows.find((r) => r.currency === t.currency && r.month === current);
    return h('div', { class: 'card total-card', 'data-testid': `total-${t.currency}` },
      h('div', { class: 'total-label' }, `Month to date (${current}) · ${t.currency}`),
      h('div', { class: 'total-value', 'data-testid': `mtd-${t.currency}`, 'data-cost': mtd ? mtd.cost : '0.00' },
        formatMoney(mtd ? mtd.cost : 0, t.currency)),
      h('div', { class: 'muted', 'data-testid': `period-${t.currency}`, 'data-cost': t.cost },
        `${formatMoney(t.cost, t.currency)} over the filtered period · ${t.rows.toLocaleString('en-US')} charges`));
  }));
}

function monthTable(month) {
  const rows = month.rows.map((r) => ({ month: r.month, currency: r.currency, cost: r.cost }));
  return h('section', { class: 'card table-card' },
    h('h3', { class: 'card-pad' }, 'Per month'),
    sortableTable([['month', 'Month'], ['currency', 'Currency'], ['cost', month.metric, 'num']], rows, 'month-table'));
}

function breakdownCard(s, data, connectors, go) {
  const names = Object.fromEntries(connectors.map((c) => [c.id, c.name]));
  const dim = s.breakdown;
  const label = (DIMENSIONS.find(([k]) => k === dim) || [dim, dim.startsWith('tag:') ? `Tag ${dim.slice(4)}` : dim])[1];
  const totals = Object.fromEntries(data.totals.map((t) => [t.currency, Number(t.cost)]));
  const rows = data.rows.map((r) => ({
    key: r[dim] === null ? '(none)' : (dim === 'connector' ? (names[r[dim]] || r[dim]) : r[dim]),
    currency: r.currency,
    cost: r.cost,
    share: totals[r.currency] ? (100 * Number(r.cost) / totals[r.currency]).toFixed(1) : '',
  }));
  const tagKey = h('input', { placeholder: 'tag key, e.g. env', value: dim.startsWith('tag:') ? dim.slice(4) : '', 'data-testid': 'tag-key' });
  return h('section', { class: 'card table-card' },
    h('div', { class: 'card-title-row card-pad' },
      h('h3', {}, `Breakdown by ${label}`),
      h('div', { class: 'breakdown-controls' },
        h('select', { 'data-testid': 'breakdown-select', onchange: (e) => go({ breakdown: e.target.value }) },
          DIMENSIONS.map(([k, l]) => h('option', { value: k, selected: k === dim }, l)),
          dim.startsWith('tag:') ? h('option', { value: dim, selected: true }, label) : null),
        tagKey,
        h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': 'tag-breakdown', onclick: () => tagKey.value.trim() && go({ breakdown: `tag:${tagKey.value.trim()}` }) }, 'By tag'),
        h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': 'export-csv', onclick: () => download(s, 'csv') }, 'CSV'),
        h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': 'export-parquet', onclick: () => download(s, 'parquet') }, 'Parquet'))),
    sortableTable([['key', label], ['currency', 'Currency'], ['cost', data.metric, 'num'], ['share', '% of currency total', 'num']], rows, 'breakdown-table'),
    data.truncated ? h('p', { class: 'muted card-pad' }, 'Showing the top 500 rows.') : null);
}

// The export carries exactly the breakdown's query and filters; fetched with the bearer token
// and handed to the browser as a file.
async function download(s, format) {
  const q = costParams(s, { group_by: s.breakdown, limit: '100000', format });
  const res = await fetch(`/api/v1/costs?${q}`, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: `focus-costs.${format}` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export function sortableTable(columns, rows, testid) {
  let sortKey = null;
  let dir = 1;
  const tbody = h('tbody');
  const ths = columns.map(([key, label, kind]) => h('th', {
    class: kind === 'num' ? 'num sortable' : 'sortable', 'data-key': key, 'aria-sort': 'none',
    onclick: () => { dir = sortKey === key ? -dir : (kind === 'num' ? -1 : 1); sortKey = key; fill(); },
  }, label));
  function fill() {
    const sorted = [...rows];
    if (sortKey) {
      const num = columns.find((c) => c[0] === sortKey)[2] === 'num';
      sorted.sort((a, b) => dir * (num ? Number(a[sortKey]) - Number(b[sortKey]) : String(a[sortKey]).localeCompare(String(b[sortKey]))));
    }
    ths.forEach((th) => th.setAttribute('aria-sort', th.dataset.key === sortKey ? (dir > 0 ? 'ascending' : 'descending') : 'none'));
    clear(tbody).append(...sorted.map((r) => h('tr', {}, columns.map(([key, , kind]) =>
      h('td', { class: kind === 'num' ? 'num' : '' },
        key === 'cost' ? formatMoney(r.cost, r.currency) : (key === 'share' && r.share ? `${r.share}%` : r[key]))))));
  }
  fill();
  return h('table', { class: 'table', 'data-testid': testid }, h('thead', {}, h('tr', {}, ths)), tbody);
}

// One stacked daily chart per currency: stacking across currencies would add EUR to USD.
function drawCharts(uPlot, container, daily, stack, connectors) {
  const names = Object.fromEntries(connectors.map((c) => [c.id, c.name]));
  const byCurrency = new Map();
  for (const r of daily.rows) {
    if (!byCurrency.has(r.currency)) byCurrency.set(r.currency, []);
    byCurrency.get(r.currency).push(r);
  }
  for (const [currency, rows] of byCurrency) {
    const days = [...new Set(rows.map((r) => r.day))].sort();
    const dayIndex = new Map(days.map((d, i) => [d, i]));
    const keyTotals = new Map();
    for (const r of rows) keyTotals.set(r[stack], (keyTotals.get(r[stack]) || 0) + Number(r.cost));
    // The 8 largest series by total; the rest stack as "Other" so the chart stays legible.
    const keys = [...keyTotals.keys()].sort((a, b) => keyTotals.get(b) - keyTotals.get(a));
    const top = keys.slice(0, 8);
    const series = new Map(top.map((k) => [k, new Array(days.length).fill(0)]));
    if (keys.length > 8) series.set('Other', new Array(days.length).fill(0));
    for (const r of rows) {
      const k = top.includes(r[stack]) ? r[stack] : 'Other';
      series.get(k)[dayIndex.get(r.day)] += Number(r.cost);
    }
    // Stack by accumulating: band i is drawn from the running sum below it.
    const labels = [...series.keys()];
    const stacked = [];
    let acc = new Array(days.length).fill(0);
    for (const k of labels) {
      acc = acc.map((v, i) => v + series.get(k)[i]);
      stacked.push(acc);
    }
    const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const el = h('div', { class: 'chart', 'data-testid': `chart-${currency}` }, h('h4', {}, currency));
    container.append(el);
    const width = Math.max(320, (container.clientWidth || 900) - 8);
    const opts = {
      width, height: 260,
      series: [{}, ...labels.map((k, i) => ({
        label: k === null ? '(none)' : (stack === 'connector' ? (names[k] || k) : String(k)),
        stroke: COLORS[i % COLORS.length], fill: `${COLORS[i % COLORS.length]}55`, width: 1,
        value: (u, v, si, idx) => (idx == null ? '' : formatMoney(series.get(labels[si - 1])[idx], currency)),
      }))],
      axes: [{}, { values: (u, vals) => vals.map((v) => formatMoney(v, currency).replace(/\.00$/, '')), size: 80 }],
      bands: labels.slice(1).map((_, i) => ({ series: [i + 2, i + 1] })),
      scales: { x: { time: true } },
    };
    new uPlot(opts, [xs, ...stacked], el);
  }
}
