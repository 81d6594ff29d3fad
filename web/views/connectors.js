// The main screen's "Billing Connector FOCUS" tab: the connector table with sync, edit and delete;
// a connector's name opens its detail page.
import { h } from '../dom.js';
import { formatDateTime, statusClass } from '../format.js';
import { renderLayout, notice } from './layout.js';
import { confirmDialog } from './confirm.js';

// What identifies the billed account on each provider (OCI has only its secret).
function accountOrStorage(c) {
  const f = c.fields || {};
  switch (c.provider) {
    case 'AWS': return f.account_id;
    case 'Azure': return f.storage_account;
    case 'GCP': return f.billing_account_id;
    case 'OCI': return c.secret_name;
    default: return '';
  }
}

export async function renderConnectors(root, ctx) {
  const add = h('a', { href: '#/connectors/new', class: 'btn btn-primary', 'data-testid': 'add-connector' }, '+ Add Connector');
  const main = renderLayout(root, ctx, { tab: 'connectors', actions: [add] });
  const status = h('div', {});
  const body = h('div', { class: 'card table-card' }, h('p', { class: 'loading' }, 'Loading…'));
  main.append(status, body);

  async function load() {
    let connectors;
    try {
      connectors = await ctx.api.connectors();
    } catch (e) {
      if (e.status !== 401) body.replaceChildren(notice(e.message, 'error'));
      return;
    }
    if (!connectors.length) {
      body.replaceChildren(h('div', { class: 'empty', 'data-testid': 'connectors-empty' },
        h('h2', {}, 'No billing connectors yet'),
        h('p', {}, 'Click “Add Connector” to connect the FOCUS billing data of an AWS, Azure, GCP or OCI account.')));
      return;
    }
    connectors.sort((a, b) => a.name.localeCompare(b.name));
    body.replaceChildren(h('table', { class: 'table', 'data-testid': 'connectors-table' },
      h('caption', { class: 'sr-only' }, 'FOCUS billing connectors'),
      h('thead', {}, h('tr', {},
        ['Name', 'Provider', 'Account or storage', 'Status', 'Last successful sync', 'Data complete through'].map((t) => h('th', { scope: 'col' }, t)),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, connectors.map(row))));
  }

  function row(c) {
    const del = h('button', { type: 'button', class: 'btn btn-sm btn-danger-ghost', 'data-testid': 'delete-connector', 'aria-label': `Delete ${c.name}` }, 'Delete');
    del.addEventListener('click', async () => {
      const ok = await confirmDialog({ title: 'Delete connector?', message: `“${c.name}” will stop syncing and be removed. Billing data already imported stays.` });
      if (!ok) return;
      try {
        await ctx.api.deleteConnector(c.id);
        status.replaceChildren(notice(`Connector “${c.name}” deleted.`, 'success'));
        await load();
      } catch (e) {
        if (e.status !== 401) status.replaceChildren(notice(e.message, 'error'));
      }
    });
    const sync = h('button', { type: 'button', class: 'btn btn-sm', 'data-testid': 'sync-connector', 'aria-label': `Sync ${c.name} now` }, 'Sync now');
    sync.addEventListener('click', async () => {
      sync.disabled = true;
      try {
        await ctx.api.syncConnector(c.id);
        status.replaceChildren(notice(`Sync of “${c.name}” queued.`, 'success'));
      } catch (e) {
        // 409: a sync is already running; the server's message says so.
        if (e.status !== 401) status.replaceChildren(notice(e.message, e.status === 409 ? 'info' : 'error'));
      } finally {
        sync.disabled = false;
      }
      await load();
    });
    // Error and Warning say why in words on the row; other statuses keep it as a tooltip.
    const explain = (c.status === 'Error' || c.status === 'Warning') && c.status_message;
    return h('tr', { 'data-testid': 'connector-row', 'data-connector-name': c.name, 'data-connector-id': c.id },
      h('td', {}, h('a', { href: `#/connectors/${encodeURIComponent(c.id)}`, class: 'row-title', 'data-testid': 'connector-link' }, c.name)),
      h('td', {}, h('span', { class: `provider provider-${String(c.provider).toLowerCase()}` }, c.provider)),
      h('td', { class: 'mono', 'data-col': 'account' }, accountOrStorage(c) || '—'),
      h('td', { 'data-col': 'status' },
        h('span', { class: statusClass(c.status), title: c.status_message || null, 'data-testid': 'connector-status' }, c.status || 'New'),
        explain ? h('div', { class: 'status-message', 'data-testid': 'connector-status-message' }, c.status_message) : null),
      h('td', { 'data-col': 'last-sync' }, c.last_sync_at ? formatDateTime(c.last_sync_at) : h('span', { class: 'muted' }, 'never')),
      h('td', { 'data-col': 'data-through', 'data-testid': 'connector-data-through' }, c.data_through || h('span', { class: 'muted' }, 'no data')),
      h('td', { class: 'row-actions' },
        sync,
        h('a', { href: `#/connectors/${encodeURIComponent(c.id)}/edit`, class: 'btn btn-sm', 'data-testid': 'edit-connector', 'aria-label': `Edit ${c.name}` }, 'Edit'),
        del));
  }

  await load();
}
