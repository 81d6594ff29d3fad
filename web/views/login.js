// Sign-in: asks for an API token (the admin token focusd prints at first start) and keeps it
// in localStorage once the server accepts it.
import { h } from '../dom.js';
import { notice } from './layout.js';

export function renderLogin(root, ctx, message) {
  const input = h('input', { type: 'password', id: 'login-token', name: 'token', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'login-token-help', placeholder: 'fcd_…' });
  const status = h('div', { class: 'login-status' }, message ? notice(message, 'error') : null);
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'login-submit' }, 'Sign in');
  const form = h('form', { class: 'login-card', 'data-testid': 'login-form', novalidate: true },
    h('div', { class: 'brand brand-lg' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'focusd'),
    h('h1', {}, 'Sign in to Billing Connector'),
    status,
    h('div', { class: 'field' },
      h('label', { for: 'login-token' }, 'API token'),
      h('p', { class: 'help', id: 'login-token-help' },
        'Use the admin token focusd printed at first start (the line ', h('code', {}, 'admin token: fcd_…'),
        ') or one made with ', h('code', {}, 'focusd token create'), '.'),
      input),
    button);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const token = input.value.trim();
    if (!token) { status.replaceChildren(notice('Enter your API token.', 'error')); input.focus(); return; }
    button.disabled = true;
    try {
      await ctx.api.checkToken(token);
      ctx.signIn(token);
    } catch (e) {
      const msg = e.status === 401 ? 'That token was not accepted. Check it and try again.' : e.message;
      status.replaceChildren(notice(msg, 'error'));
      input.setAttribute('aria-invalid', 'true');
      button.disabled = false;
    }
  });
  root.append(h('div', { class: 'login-page' }, form));
  input.focus();
}
