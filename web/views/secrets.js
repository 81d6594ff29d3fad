// The "Secrets" tab: name, provider, kind, created and the connectors using each secret.
// Values are never listed (the API does not return them); a secret in use cannot be deleted.
import { h } from '../dom.js';
import { formatDateTime, humanize } from '../format.js';
import { renderLayout, notice } from './layout.js';
import { confirmDialog } from './confirm.js';
import { renderSecretForm } from './secret-form.js';

export async function renderSecrets(root, ctx) {
  const { api } = ctx;
  const addButton = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'add-secret' }, '+ New Secret');
  const main = renderLayout(root, ctx, { tab: 'secrets', actions: [addButton] });
  const status = h('div', {});
  const creator = h('div', {});
  const body = h('div', { class: 'card table-card' }, h('p', { class: 'loading' }, 'Loading…'));
  main.append(status, creator, body);

  let kindsByProvider = new Map();
  try {
    const providers = await api.providers();
    const withSecrets = providers.filter((p) => p.needs_secret || p.fields.some((f) => f.type === 'secret'));
    const kinds = await Promise.all(withSecrets.map((p) => api.secretKinds(p.provider)));
    kindsByProvider = new Map(withSecrets.map((p, i) => [p.provider, kinds[i]]));
  } catch (e) {
    if (e.status !== 401) body.replaceChildren(notice(e.message, 'error'));
    return;
  }
  const kindLabel = (s) => (kindsByProvider.get(s.provider) || []).find((k) => k.kind === s.kind)?.label || humanize(s.kind);

  addButton.addEventListener('click', () => {
    const providerSelect = h('select', { id: 'new-secret-provider', name: 'provider' },
      [...kindsByProvider.keys()].map((p) => h('option', { value: p }, p)));
    const slot = h('div', {});
    const showForm = () => {
      const p = providerSelect.value;
      const form = renderSecretForm({
        api, provider: p, kinds: kindsByProvider.get(p),
        async onSaved(secret) {
          creator.replaceChildren();
          status.replaceChildren(notice(`Secret “${secret.name}” saved. Its value is stored encrypted and will not be shown again.`, 'success'));
          await load();
        },
        onCancel() { creator.replaceChildren(); },
      });
      slot.replaceChildren(form.element);
    };
    providerSelect.addEventListener('change', showForm);
    creator.replaceChildren(h('div', { class: 'card form-card' },
      h('div', { class: 'field' }, h('label', { for: 'new-secret-provider' }, 'Cloud Provider'), providerSelect), slot));
    showForm();
    providerSelect.focus();
  });

  async function load() {
    let secrets;
    try {
      secrets = await api.secrets();
    } catch (e) {
      if (e.status !== 401) body.replaceChildren(notice(e.message, 'error'));
      return;
    }
    if (!secrets.length) {
      body.replaceChildren(h('div', { class: 'empty', 'data-testid': 'secrets-empty' },
        h('h2', {}, 'No secrets yet'),
        h('p', {}, 'Azure, GCP and OCI connectors read billing data with credentials kept here, encrypted. Create one with “New Secret” or while adding a connector.')));
      return;
    }
    secrets.sort((a, b) => a.name.localeCompare(b.name));
    body.replaceChildren(h('table', { class: 'table', 'data-testid': 'secrets-table' },
      h('caption', { class: 'sr-only' }, 'Secrets'),
      h('thead', {}, h('tr', {}, ['Name', 'Provider', 'Kind', 'Created', 'Used by'].map((t) => h('th', { scope: 'col' }, t)),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
      h('tbody', {}, secrets.map(row))));
  }

  function row(s) {
    const used = s.used_by || [];
    const del = h('button', {
      type: 'button', class: 'btn btn-sm btn-danger-ghost', 'data-testid': 'delete-secret', 'aria-label': `Delete ${s.name}`,
      disabled: used.length > 0, title: used.length ? `In use by ${used.join(', ')}: delete or change those connectors first` : null,
    }, 'Delete');
    del.addEventListener('click', async () => {
      const ok = await confirmDialog({ title: 'Delete secret?', message: `“${s.name}” will be erased. This cannot be undone.` });
      if (!ok) return;
      try {
        await api.deleteSecret(s.id);
        status.replaceChildren(notice(`Secret “${s.name}” deleted.`, 'success'));
        await load();
      } catch (e) {
        if (e.status !== 401) status.replaceChildren(notice(e.message, 'error'));
      }
    });
    return h('tr', { 'data-testid': 'secret-row', 'data-secret-name': s.name },
      h('td', { class: 'row-title' }, s.name),
      h('td', {}, h('span', { class: `provider provider-${String(s.provider).toLowerCase()}` }, s.provider)),
      h('td', {}, kindLabel(s)),
      h('td', {}, formatDateTime(s.created_at)),
      h('td', { 'data-col': 'used-by' }, used.length ? used.join(', ') : h('span', { class: 'muted' }, 'not used')),
      h('td', { class: 'row-actions' }, del));
  }

  await load();
}
