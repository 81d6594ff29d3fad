// Renders a provider's connector schema as grouped fields: one <fieldset> per schema group
// (headed by the group label, e.g. "Data source for daily query"), fields in schema order.
// `custom` maps a field key or type to a renderer for fields that need more than an input
// (the secret picker, the AWS role panel); it returns the same shape as renderField.
import { h } from '../dom.js';
import { renderField } from './field.js';

export function renderSchemaFields(schema, values, custom = {}) {
  const fields = new Map();
  const groups = [...(schema.groups || [])];
  const known = new Set(groups.map((g) => g.id));
  for (const f of schema.fields) {
    if (!known.has(f.group)) { known.add(f.group); groups.push({ id: f.group, label: '' }); }
  }
  const element = h('div', { class: 'schema-fields', 'data-testid': 'provider-fields', 'data-provider': schema.provider });
  for (const g of groups) {
    const defs = schema.fields.filter((f) => f.group === g.id);
    if (!defs.length) continue;
    const set = h('fieldset', { class: g.label ? 'group' : 'group group-plain', 'data-group': g.id },
      g.label ? h('legend', {}, g.label) : null);
    for (const def of defs) {
      const make = custom[def.key] || custom[def.type];
      const field = make ? make(def, values[def.key]) : renderField(def, { value: values[def.key] });
      fields.set(def.key, field);
      set.append(field.element);
    }
    element.append(set);
  }
  return { element, fields };
}
