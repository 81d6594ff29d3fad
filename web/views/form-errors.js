// Puts an API validation error where the user will see it: each `error.fields[]` message
// next to its field, plus a summary at the top that links to those fields.
import { h } from '../dom.js';

// fields: Map key -> {setError, clearError, input, def}; summary: an element to fill.
export function showErrors(fields, summary, error, labelFor = (key) => fields.get(key)?.def?.label || key) {
  clearErrors(fields, summary);
  const items = error.fields && error.fields.length ? error.fields : [];
  for (const { field, message } of items) fields.get(field)?.setError(message);
  const list = items.map(({ field, message }) => {
    const f = fields.get(field);
    const label = labelFor(field);
    // Server messages usually start with the field's label already ("AWS Account ID must be…").
    const text = message.startsWith(label) ? message : `${label}: ${message}`;
    return h('li', {}, f && f.input ? h('a', { href: `#${f.input.id}`, onclick: (ev) => { ev.preventDefault(); f.input.focus(); } }, text) : text);
  });
  summary.append(
    h('p', { class: 'summary-title' }, items.length ? 'Please correct the highlighted fields.' : error.message),
    list.length ? h('ul', {}, list) : null);
  summary.hidden = false;
  const first = items.map((i) => fields.get(i.field)).find((f) => f && f.input);
  if (first) first.input.focus(); else summary.focus();
}

export function clearErrors(fields, summary) {
  for (const f of fields.values()) f.clearError();
  summary.replaceChildren();
  summary.hidden = true;
}

export function errorSummary(testid = 'form-errors') {
  return h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', 'data-testid': testid, hidden: true });
}
