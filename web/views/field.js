// One labelled input built from a schema field ({key, label, help, type, required, options,
// default, placeholder, max_length}), with its help text and an error slot under it.
import { h } from '../dom.js';
import { copyButton } from './copy-button.js';

export function renderField(def, { value, idPrefix = 'f' } = {}) {
  const id = `${idPrefix}-${def.key}`;
  const helpId = `${id}-help`;
  const errId = `${id}-error`;
  let input;
  if (def.type === 'select') {
    input = h('select', {}, (def.options || []).map((o) => h('option', { value: o.value }, o.label ?? o.value)));
  } else if (def.type === 'textarea') {
    input = h('textarea', { rows: 6, spellcheck: 'false', autocomplete: 'off', class: 'mono' });
  } else if (def.type === 'password') {
    input = h('input', { type: 'password', autocomplete: 'new-password', spellcheck: 'false' });
  } else {
    input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  }
  input.id = id;
  input.name = def.key;
  input.setAttribute('aria-describedby', def.help ? `${helpId} ${errId}` : errId);
  if (def.required) input.setAttribute('aria-required', 'true');
  if (def.placeholder) input.placeholder = def.placeholder;
  if (def.max_length) input.maxLength = def.max_length;
  if (def.type === 'readonly') { input.readOnly = true; input.classList.add('mono'); }
  const initial = value ?? def.default;
  if (initial !== undefined && initial !== null) input.value = initial;

  const error = h('p', { class: 'field-error', id: errId, 'data-testid': `error-${def.key}`, hidden: true });
  const control = def.type === 'readonly' ? h('div', { class: 'input-group' }, input, copyButton(() => input.value, def.label)) : input;
  const element = h('div', { class: 'field', 'data-field': def.key },
    h('label', { for: id }, def.label, def.required && def.type !== 'readonly' ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    def.help ? h('p', { class: 'help', id: helpId }, def.help) : null,
    control,
    error);

  return {
    def, element, input,
    get value() { return input.value.trim(); },
    set value(v) { input.value = v ?? ''; },
    setError(message) {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      element.classList.add('has-error');
    },
    clearError() {
      error.textContent = '';
      error.hidden = true;
      input.removeAttribute('aria-invalid');
      element.classList.remove('has-error');
    },
  };
}
