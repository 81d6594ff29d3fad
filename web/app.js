// The console's router: hash routes to views, the login gate, and one-shot flash messages.
import { api, session, setUnauthorizedHandler } from './api.js';
import { renderLogin } from './views/login.js';
import { renderConnectors } from './views/connectors.js';
import { renderConnectorForm } from './views/connector-form.js';
import { renderConnectorDetail } from './views/connector-detail.js';
import { renderSecrets } from './views/secrets.js';
import { renderBilling } from './views/billing.js';

const routes = [
  [/^#\/connectors\/new$/, (root, ctx) => renderConnectorForm(root, ctx, null)],
  [/^#\/connectors\/([^/]+)\/edit$/, (root, ctx, m) => renderConnectorForm(root, ctx, decodeURIComponent(m[1]))],
  [/^#\/connectors\/([^/]+)$/, (root, ctx, m) => renderConnectorDetail(root, ctx, decodeURIComponent(m[1]))],
  [/^#\/secrets$/, renderSecrets],
  [/^#\/billing(\?.*)?$/, renderBilling],
  [/^#\/connectors$/, renderConnectors],
];

let flash = null;
let loginMessage = '';

const ctx = {
  api,
  navigate(hash, message) {
    flash = message || null;
    if (location.hash === hash) route(); else location.hash = hash;
  },
  takeFlash() { const f = flash; flash = null; return f; },
  signIn(token) { session.token = token; ctx.navigate('#/connectors'); },
  signOut(message = '') { session.token = ''; loginMessage = message; ctx.navigate('#/login'); },
};

setUnauthorizedHandler(() => {
  if (session.token) ctx.signOut('Your session has expired or the token was revoked. Sign in again.');
});

function route() {
  const app = document.getElementById('app');
  // Each navigation renders into a fresh container, so a slow view that finishes after the
  // user moved on writes into a detached node instead of over the current screen.
  const root = document.createElement('div');
  root.className = 'screen';
  app.replaceChildren(root);
  const hash = location.hash || '#/connectors';
  if (!session.token || hash === '#/login') {
    if (session.token && hash === '#/login') { location.hash = '#/connectors'; return; }
    const msg = loginMessage; loginMessage = '';
    renderLogin(root, ctx, msg);
    return;
  }
  for (const [re, view] of routes) {
    const m = hash.match(re);
    if (m) { view(root, ctx, m); return; }
  }
  location.hash = '#/connectors';
}

window.addEventListener('hashchange', route);
route();
