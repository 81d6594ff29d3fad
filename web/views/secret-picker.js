// The connector's secret field: a select of the provider's secrets plus "Create new secret…",
// which opens the secret form inline and selects the new secret once it is saved.
import { h, append } from '../dom.js';
import { renderSecretForm } from './secret-form.js';

const NEW = '__new__';

export function renderSecretPicker(def, value, { api, provider, secrets, kinds }) {
  const id = `f-${def.key}`;
  const errId = `${id}-error`;
  const select = h('select', { id, name: def.key, 'aria-describedby': `${id}-help ${errId}`, 'aria-required': def.required ? 'true' : null });
  const note = h('p', { class: 'field-note', 'data-testid': 'secret-note', hidden: true });
  const error = h('p', { class: 'field-error', id: errId, 'data-testid': `error-${def.key}`, hidden: true });
  const inline = h('div', { class: 'inline-secret', hidden: true });
  let list = secrets.filter((s) => s.provider === provider);
  let previous = value || '';

  function fillOptions(selected) {
    select.replaceChildren();
    append(select, [
      h('option', { value: '' }, list.length ? 'Select a secret…' : 'No secrets yet: create one'),
      list.map((s) => h('option', { value: s.id }, `${s.name} (${kindLabel(s.kind)})`)),
      h('option', { value: NEW }, 'Create new secret…')]);
    select.value = selected || '';
  }
  const kindLabel = (kind) => kinds.find((k) => k.kind === kind)?.label || kind;

  function openForm() {
    const form = renderSecretForm({
      api, provider, kinds,
      onSaved(secret) {
        list = [...list, secret];
        fillOptions(secret.id);
        previous = secret.id;
        closeForm();
        note.textContent = `Secret “${secret.name}” saved and selected. Its value is stored encrypted and will not be shown again.`;
        note.hidden = false;
        picker.clearError();
        select.focus();
      },
      onCancel() { select.value = previous; closeForm(); select.focus(); },
    });
    inline.replaceChildren(form.element);
    inline.hidden = false;
    form.focus();
  }
  function closeForm() { inline.replaceChildren(); inline.hidden = true; }

  select.addEventListener('change', () => {
    note.hidden = true;
    if (select.value === NEW) openForm();
    else { previous = select.value; closeForm(); }
  });
  fillOptions(value);

  const element = h('div', { class: 'field', 'data-field': def.key },
    h('label', { for: id }, def.label, def.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    def.help ? h('p', { class: 'help', id: `${id}-help` }, def.help) : null,
    select, note, error, inline);

  const picker = {
    def, element, input: select,
    get value() { return select.value === NEW ? '' : select.value; },
    setError(message) { error.textContent = message; error.hidden = false; select.setAttribute('aria-invalid', 'true'); element.classList.add('has-error'); },
    clearError() { error.textContent = ''; error.hidden = true; select.removeAttribute('aria-invalid'); element.classList.remove('has-error'); },
  };
  return picker;
}
