// One connector's page (#/connectors/<id>): its status, "Sync now", "Test connection" and
// "Edit", the run history and the conformance report of the latest successful run.
import { h } from '../dom.js';
import { formatDateTime, statusClass } from '../format.js';
import { renderLayout, notice } from './layout.js';
import { renderTestSteps } from './test-steps.js';
import { renderRunHistory } from './run-history.js';
import { renderConformanceReport } from './conformance-report.js';

// While a run is "running" the page re-reads the runs this often, and stops once none is.
const POLL_MS = 5000;
// A queued sync has no run until the server's worker starts it, which can be after the page
// re-read the runs: after "Sync now" the page re-reads them this often until a new run shows
// up (at most QUEUED_POLLS times).
const QUEUED_POLL_MS = 1000;
const QUEUED_POLLS = 60;

export async function renderConnectorDetail(root, ctx, id) {
  const { api } = ctx;
  const main = renderLayout(root, ctx, { tab: 'connectors' });
  const loading = h('p', { class: 'loading' }, 'Loading…');
  main.append(loading);
  let connector;
  try {
    connector = await api.connector(id);
  } catch (e) {
    if (e.status !== 401) loading.replaceWith(notice(e.message, 'error'));
    return;
  }
  loading.remove();

  const status = h('div', { 'data-testid': 'detail-notice' });
  const headInfo = h('dl', { class: 'facts' });
  const syncBtn = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'sync-now' }, 'Sync now');
  const testBtn = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'test-connection' }, 'Test connection');
  const edit = h('a', { href: `#/connectors/${encodeURIComponent(id)}/edit`, class: 'btn', 'data-testid': 'edit-connector' }, 'Edit');
  const refresh = h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': 'refresh-runs' }, 'Refresh');
  const testBox = h('div', { 'data-testid': 'test-result' });
  const runsBox = h('div', {}, h('p', { class: 'loading' }, 'Loading…'));
  const conformanceBox = h('div', {});
  const title = h('h2', { 'data-testid': 'connector-title' });

  function showHead(c) {
    title.textContent = c.name;
    const badge = h('span', { class: statusClass(c.status), 'data-testid': 'connector-status', title: c.status_message || null }, c.status || 'New');
    headInfo.replaceChildren(
      h('dt', {}, 'Provider'), h('dd', {}, h('span', { class: `provider provider-${String(c.provider).toLowerCase()}` }, c.provider)),
      h('dt', {}, 'Status'), h('dd', {}, badge,
        c.status_message ? h('span', { class: 'status-message', 'data-testid': 'connector-status-message' }, c.status_message) : null),
      h('dt', {}, 'Last successful sync'), h('dd', { 'data-testid': 'connector-last-sync' }, c.last_sync_at ? formatDateTime(c.last_sync_at) : h('span', { class: 'muted' }, 'never')),
      h('dt', {}, 'Data complete through'), h('dd', { 'data-testid': 'connector-data-through' }, c.data_through || h('span', { class: 'muted' }, 'no data yet')));
  }

  let pollTimer = null;
  let newestRunId = null;   // the newest run on screen
  let queuedPollsLeft = 0;  // > 0 while a queued sync has not shown up as a run yet
  async function loadRuns() {
    clearTimeout(pollTimer);
    pollTimer = null;
    refresh.disabled = true;
    let runs;
    try {
      // The connector is re-read too: a finished run changes its status and last sync.
      [runs, connector] = await Promise.all([api.connectorRuns(id), api.connector(id)]);
    } catch (e) {
      if (e.status !== 401) runsBox.replaceChildren(notice(e.message, 'error'));
      return;
    } finally {
      refresh.disabled = false;
    }
    showHead(connector);
    runsBox.replaceChildren(renderRunHistory(runs));
    conformanceBox.replaceChildren(renderConformanceReport(runs.find((r) => r.status === 'succeeded')));
    const newest = runs.length ? runs[0].id : null;
    if (newest !== newestRunId) queuedPollsLeft = 0;  // the queued sync has started
    newestRunId = newest;
    const awaitingQueued = queuedPollsLeft > 0;
    if (awaitingQueued) queuedPollsLeft -= 1;
    // Poll only while a run is in progress (or queued) and this page is still the one on screen.
    if ((awaitingQueued || runs.some((r) => r.status === 'running')) && root.isConnected) {
      pollTimer = setTimeout(() => { if (root.isConnected) loadRuns(); }, awaitingQueued ? QUEUED_POLL_MS : POLL_MS);
    }
  }

  syncBtn.addEventListener('click', async () => {
    syncBtn.disabled = true;
    try {
      await api.syncConnector(id);
      status.replaceChildren(notice('Sync queued.', 'success'));
      queuedPollsLeft = QUEUED_POLLS;
    } catch (e) {
      if (e.status !== 401) status.replaceChildren(notice(e.message, e.status === 409 ? 'info' : 'error'));
    } finally {
      syncBtn.disabled = false;
    }
    await loadRuns();
  });

  testBtn.addEventListener('click', async () => {
    testBtn.disabled = true;
    testBox.replaceChildren(h('p', { class: 'loading', 'data-testid': 'test-running' }, 'Testing the connection…'));
    try {
      testBox.replaceChildren(renderTestSteps(await api.testConnector(id)));
    } catch (e) {
      if (e.status !== 401) testBox.replaceChildren(notice(e.message, 'error'));
      else testBox.replaceChildren();
    } finally {
      testBtn.disabled = false;
    }
  });
  refresh.addEventListener('click', loadRuns);

  showHead(connector);
  main.append(
    status,
    h('section', { class: 'card detail-card', 'data-testid': 'connector-detail', 'data-connector-id': id },
      h('a', { href: '#/connectors', class: 'back-link' }, '← Billing connectors'),
      h('div', { class: 'detail-head' }, title, h('div', { class: 'detail-actions' }, syncBtn, testBtn, edit)),
      headInfo,
      testBox),
    h('section', { class: 'card table-card detail-section', 'aria-labelledby': 'runs-title' },
      h('div', { class: 'section-head' }, h('h3', { id: 'runs-title' }, 'Run history'), refresh),
      runsBox),
    h('section', { class: 'card detail-section section-padded', 'aria-labelledby': 'conformance-title', 'data-testid': 'conformance-section' },
      h('div', { class: 'section-head' }, h('h3', { id: 'conformance-title' }, 'Conformance report')),
      conformanceBox));
  await loadRuns();
}
