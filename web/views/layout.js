// The console frame: product bar, the "Billing Connector" page header and its tabs.
import { h } from '../dom.js';

const TABS = [
  { id: 'connectors', label: 'Billing Connector FOCUS', href: '#/connectors' },
  { id: 'secrets', label: 'Secrets', href: '#/secrets' },
  { id: 'billing', label: 'Billing', href: '#/billing' },
];

export function renderLayout(root, ctx, { tab, actions = [] }) {
  const main = h('main', { class: 'content', id: 'main' });
  root.append(
    h('header', { class: 'topbar' },
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'focusd'),
      h('span', { class: 'topbar-sub' }, 'FinOps billing data'),
      h('button', { type: 'button', class: 'btn btn-ghost btn-sm', 'data-testid': 'sign-out', onclick: () => ctx.signOut() }, 'Sign out')),
    h('div', { class: 'page-head' },
      h('div', { class: 'page-head-row' },
        h('h1', {}, 'Billing Connector'),
        h('div', { class: 'page-actions' }, actions)),
      h('nav', { class: 'tabs', role: 'tablist', 'aria-label': 'Billing Connector sections' },
        TABS.map((t) => h('a', {
          href: t.href, role: 'tab', class: t.id === tab ? 'tab active' : 'tab',
          'aria-selected': t.id === tab ? 'true' : 'false', 'data-testid': `tab-${t.id}`,
        }, t.label)))),
    main);
  const f = ctx.takeFlash();
  if (f) main.append(notice(f, 'success'));
  return main;
}

export function notice(message, kind = 'info') {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': `notice-${kind}` }, message);
}
