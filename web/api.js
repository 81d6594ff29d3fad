// The REST API client (docs/api.md): bearer token from localStorage, JSON in and out, and
// errors as ApiError carrying the server's code and per-field messages.
const TOKEN_KEY = 'focusd.token';

export const session = {
  get token() { return localStorage.getItem(TOKEN_KEY) || ''; },
  set token(t) { if (t) localStorage.setItem(TOKEN_KEY, t); else localStorage.removeItem(TOKEN_KEY); },
};

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `Request failed (HTTP ${status})`);
    this.status = status;
    this.code = e.code || 'internal';
    this.fields = Array.isArray(e.fields) ? e.fields : (e.field ? [{ field: e.field, message: e.message }] : []);
  }
}

let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

export async function request(method, path, body, { token = session.token, quiet401 = false } = {}) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, { error: { code: 'unavailable', message: 'Cannot reach focusd. Is the server running?' } });
  }
  const text = await res.text();
  let data = null;
  if (text) { try { data = JSON.parse(text); } catch { data = null; } }
  if (res.status === 401 && !quiet401) onUnauthorized();
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

const enc = encodeURIComponent;
export const api = {
  providers: () => request('GET', '/providers').then((d) => d.providers),
  secretKinds: (provider) => request('GET', `/providers/${enc(provider)}/secret-kinds`).then((d) => d.secret_kinds),
  awsExternalId: () => request('GET', '/aws/external-id').then((d) => d.external_id),
  connectors: () => request('GET', '/connectors').then((d) => d.connectors),
  connector: (id) => request('GET', `/connectors/${enc(id)}`),
  createConnector: (c) => request('POST', '/connectors', c),
  updateConnector: (id, c) => request('PUT', `/connectors/${enc(id)}`, c),
  deleteConnector: (id) => request('DELETE', `/connectors/${enc(id)}`),
  syncConnector: (id) => request('POST', `/connectors/${enc(id)}/sync`),
  connectorRuns: (id) => request('GET', `/connectors/${enc(id)}/runs`).then((d) => d.runs),
  testConnector: (id) => request('POST', `/connectors/${enc(id)}/test`),
  // Tests the form's unsaved values; the body is the same as for createConnector.
  testConnectorDraft: (c) => request('POST', '/connectors/test', c),
  secrets: () => request('GET', '/secrets').then((d) => d.secrets),
  createSecret: (s) => request('POST', '/secrets', s),
  deleteSecret: (id) => request('DELETE', `/secrets/${enc(id)}`),
  // Checks a token before keeping it; a 401 here is an answer, not a lost session.
  checkToken: (token) => request('GET', '/providers', undefined, { token, quiet401: true }),
};
