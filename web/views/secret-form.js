// Creates a secret: name, kind (from the provider's secret-kinds schema) and that kind's
// value fields. Values are write-only: after a successful save the inputs are emptied and
// the form goes away; nothing shows them again. A <div>, not a <form>, so it can sit inside
// the connector form.
import { h } from '../dom.js';
import { renderField } from './field.js';
import { showErrors, clearErrors, errorSummary } from './form-errors.js';

export function renderSecretForm({ api, provider, kinds, onSaved, onCancel, idPrefix = 'secret' }) {
  const fields = new Map();
  const nameField = renderField({ key: 'name', label: 'Secret name', help: 'A name to recognise this secret by; the value itself is never shown again.', type: 'text', required: true, max_length: 100 }, { idPrefix });
  nameField.input.name = 'secret_name';
  const kindField = renderField({
    key: 'kind', label: 'Kind', type: 'select', required: true,
    options: kinds.map((k) => ({ value: k.kind, label: k.label || k.kind })),
  }, { idPrefix });
  kindField.input.name = 'secret_kind';
  const valueBox = h('div', { class: 'secret-values' });
  const summary = errorSummary('secret-errors');
  const save = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'save-secret' }, 'Save secret');
  const cancel = h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel-secret' }, 'Cancel');

  function renderValueFields() {
    for (const key of [...fields.keys()]) if (key !== 'name' && key !== 'kind') fields.delete(key);
    valueBox.replaceChildren();
    const kind = kinds.find((k) => k.kind === kindField.input.value);
    for (const def of (kind ? kind.fields : [])) {
      const f = renderField(def, { idPrefix });
      fields.set(def.key, f);
      valueBox.append(f.element);
    }
  }
  fields.set('name', nameField);
  fields.set('kind', kindField);
  kindField.input.addEventListener('change', renderValueFields);
  renderValueFields();

  async function submit() {
    const value = {};
    for (const [key, f] of fields) if (key !== 'name' && key !== 'kind' && f.input.value !== '') value[key] = f.input.value;
    save.disabled = true;
    try {
      const secret = await api.createSecret({ name: nameField.value, provider, kind: kindField.input.value, value });
      for (const f of fields.values()) if (f !== kindField) f.input.value = '';
      clearErrors(fields, summary);
      onSaved(secret);
    } catch (e) {
      if (e.status === 401) return;
      showErrors(fields, summary, e);
    } finally {
      save.disabled = false;
    }
  }
  save.addEventListener('click', submit);
  cancel.addEventListener('click', () => {
    for (const f of fields.values()) if (f !== kindField) f.input.value = '';
    onCancel();
  });

  const element = h('div', { class: 'secret-form', role: 'group', 'aria-label': `New ${provider} secret`, 'data-testid': 'secret-create' },
    h('h3', {}, `New ${provider} secret`),
    h('p', { class: 'help' }, 'The value is encrypted by focusd and can never be read back: not in this console, not through the API.'),
    summary, nameField.element, kindField.element, valueBox,
    h('div', { class: 'form-actions' }, save, cancel));
  // Enter in a one-line input would submit the surrounding connector form.
  element.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && ev.target.tagName === 'INPUT') { ev.preventDefault(); submit(); }
  });
  return { element, focus: () => nameField.input.focus() };
}
