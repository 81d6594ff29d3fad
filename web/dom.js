// A tiny element builder. Text always goes in as text nodes (never innerHTML), so names and
// messages coming from the API cannot inject markup.
const PROPS = new Set(['value', 'checked', 'disabled', 'readOnly', 'selected', 'hidden', 'maxLength', 'rows']);

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (key.startsWith('on') && typeof v === 'function') el.addEventListener(key.slice(2), v);
    else if (key === 'class') el.className = v;
    else if (PROPS.has(key)) el[key] = v;
    else el.setAttribute(key, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}
