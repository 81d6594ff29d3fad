// The registration screen: Type (FOCUS preselected), Cloud Provider, then the provider's
// fields rendered from its schema. Save posts (or puts, when editing) and either shows the
// server's field errors in place or returns to the main screen.
// "Test connection" sends the form's current values to the server's dry run and shows the
// step list above Save; saving never depends on it (the user may save despite a failed test).
import { h } from '../dom.js';
import { renderLayout, notice } from './layout.js';
import { renderField } from './field.js';
import { renderSchemaFields } from './schema-fields.js';
import { renderSecretPicker } from './secret-picker.js';
import { renderAwsRolePanel } from './aws-role-panel.js';
import { showErrors, clearErrors, errorSummary } from './form-errors.js';
import { renderTestSteps } from './test-steps.js';

const PROVIDER_NOTE = {
  AWS: 'To connect to AWS billing, focusd needs a read-only IAM role installed in your AWS account (explained below).',
  other: 'focusd needs credentials with access to this provider\'s billing data; they are kept as an encrypted secret.',
};

export async function renderConnectorForm(root, ctx, editId) {
  const { api } = ctx;
  const main = renderLayout(root, ctx, { tab: 'connectors' });
  const loading = h('p', { class: 'loading' }, 'Loading…');
  main.append(loading);
  let providers, secrets, existing;
  try {
    [providers, secrets, existing] = await Promise.all([
      api.providers(), api.secrets(), editId ? api.connector(editId) : Promise.resolve(null)]);
  } catch (e) {
    if (e.status !== 401) loading.replaceWith(notice(e.message, 'error'));
    return;
  }
  loading.remove();

  const types = [...new Set(providers.map((p) => p.type || 'FOCUS'))];
  const typeField = renderField({ key: 'type', label: 'Type', help: 'The system comes with the FOCUS option selected.', type: 'select', required: true,
    options: types.map((t) => ({ value: t, label: t === 'FOCUS' ? 'FOCUS' : t })) }, { value: existing ? existing.type : 'FOCUS' });
  const providerField = renderField({ key: 'provider', label: 'Cloud Provider', help: 'Select the data source that we will connect to the platform.', type: 'select', required: true,
    options: [{ value: '', label: 'Select a cloud provider…' }, ...providers.map((p) => ({ value: p.provider, label: p.provider }))] },
  { value: existing ? existing.provider : '' });
  if (existing) {
    // Provider and type are part of what a connector is; changing them means a new connector.
    typeField.input.disabled = true;
    providerField.input.disabled = true;
  }
  const providerNote = h('p', { class: 'provider-note', 'data-testid': 'provider-note' });
  const fieldsBox = h('div', { class: 'provider-fields' });
  const summary = errorSummary();
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-connector' }, 'Save');
  const testBtn = h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'test-connection' }, 'Test connection');
  const testBox = h('div', { class: 'form-test-result', 'data-testid': 'test-result' });
  const cancel = h('a', { href: '#/connectors', class: 'btn', 'data-testid': 'cancel-connector' }, 'Cancel');

  let current = null; // {provider, fields: Map, panel}
  const getValue = (key) => (current && current.fields.get(key) ? current.fields.get(key).value : '');
  const allFields = () => new Map([['type', typeField], ['provider', providerField], ...(current ? current.fields : [])]);

  async function showProvider(name, values) {
    const schema = providers.find((p) => p.provider === name);
    current = null;
    testBox.replaceChildren(); // a report about other values would mislead
    clearErrors(allFields(), summary);
    if (!schema) {
      providerNote.textContent = '';
      fieldsBox.replaceChildren(h('p', { class: 'empty-hint' }, 'Select a cloud provider to see the information it needs.'));
      return;
    }
    providerNote.textContent = name === 'AWS' ? PROVIDER_NOTE.AWS : PROVIDER_NOTE.other;
    fieldsBox.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
    let kinds = [];
    let externalId = values.external_id;
    try {
      if (schema.needs_secret || schema.fields.some((f) => f.type === 'secret')) kinds = await api.secretKinds(name);
      if (name === 'AWS' && !externalId) externalId = await api.awsExternalId();
    } catch (e) {
      if (e.status !== 401) fieldsBox.replaceChildren(notice(e.message, 'error'));
      return;
    }
    if (providerField.input.value !== name) return; // the user already picked another one
    let panel = null;
    const custom = { secret: (def, v) => renderSecretPicker(def, v, { api, provider: name, secrets, kinds }) };
    if (name === 'AWS') custom.external_id = (def) => (panel = renderAwsRolePanel(def, externalId, getValue));
    const rendered = renderSchemaFields(schema, values, custom);
    if (name === 'AWS' && !panel) {
      panel = renderAwsRolePanel({ key: 'external_id', label: 'External ID' }, externalId, getValue);
      rendered.element.append(panel.element);
      rendered.fields.set('external_id', panel);
    }
    current = { provider: name, fields: rendered.fields, panel };
    fieldsBox.replaceChildren(rendered.element);
    if (panel) panel.update();
  }

  providerField.input.addEventListener('change', () => {
    const keep = current ? { name: getValue('name') } : {};
    showProvider(providerField.input.value, keep);
  });

  const form = h('form', { class: 'card form-card', 'data-testid': 'connector-form', novalidate: true, 'aria-labelledby': 'form-title' },
    h('div', { class: 'card-head' },
      h('a', { href: '#/connectors', class: 'back-link' }, '← Billing connectors'),
      h('h2', { id: 'form-title' }, existing ? `Edit connector “${existing.name}”` : 'Register a new Billing Connector')),
    summary,
    h('fieldset', { class: 'group group-plain', 'data-group': 'kind' }, typeField.element, providerField.element, providerNote),
    fieldsBox,
    testBox,
    h('div', { class: 'form-actions' }, save, testBtn, cancel));
  // The connector as the API takes it, from what the form holds right now.
  function currentBody() {
    const body = { name: getValue('name'), type: typeField.input.value, provider: current.provider, fields: {}, secret_id: null };
    for (const [key, f] of current.fields) {
      if (key === 'name') continue;
      if (key === 'secret_id') body.secret_id = f.value || null;
      else if (f.value !== '') body.fields[key] = f.value;
    }
    return body;
  }

  testBtn.addEventListener('click', async () => {
    const fields = allFields();
    if (!current) {
      showErrors(fields, summary, { message: 'Select a cloud provider.', fields: [{ field: 'provider', message: 'Select a cloud provider.' }] });
      return;
    }
    clearErrors(fields, summary);
    testBtn.disabled = true;
    testBox.replaceChildren(h('p', { class: 'loading', 'data-testid': 'test-running' }, 'Testing the connection…'));
    try {
      testBox.replaceChildren(renderTestSteps(await api.testConnectorDraft(currentBody())));
    } catch (e) {
      testBox.replaceChildren();
      // A 400 names the fields to fix, exactly as Save would.
      if (e.status !== 401) showErrors(fields, summary, e);
    } finally {
      testBtn.disabled = false;
    }
  });

  form.addEventListener('input', () => { if (current && current.panel) current.panel.update(); });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const fields = allFields();
    if (!current) {
      showErrors(fields, summary, { message: 'Select a cloud provider.', fields: [{ field: 'provider', message: 'Select a cloud provider.' }] });
      return;
    }
    const body = currentBody();
    save.disabled = true;
    try {
      const saved = existing ? await api.updateConnector(existing.id, body) : await api.createConnector(body);
      ctx.navigate('#/connectors', `Connector “${saved.name}” saved.`);
    } catch (e) {
      if (e.status !== 401) showErrors(fields, summary, e);
    } finally {
      save.disabled = false;
    }
  });

  main.append(form);
  const initial = existing ? { name: existing.name, secret_id: existing.secret_id, ...existing.fields } : {};
  await showProvider(providerField.input.value, initial);
  (existing ? current?.fields.get('name')?.input : providerField.input)?.focus();
}
