// What the browser tests share: a real `focusd serve` on a free port in a scratch data dir,
// headless Chromium, signing in with the admin token, test credentials, and cleanup.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import crypto from 'node:crypto';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.join(HERE, 'artifacts');
const BIN = process.env.FOCUSD_BIN || path.resolve(HERE, '../../build/focusd');

// Every cloud endpoint on a closed loopback port: nothing the test clicks reaches a real cloud.
const LOOPBACK_CLOUDS = {
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_EC2_METADATA_DISABLED: 'true',
  AZURE_AUTHORITY_HOST: 'http://127.0.0.1:9', FOCUSD_AZURE_BLOB_ENDPOINT: 'http://127.0.0.1:9',
  STORAGE_EMULATOR_HOST: 'http://127.0.0.1:9', BIGQUERY_EMULATOR_HOST: 'http://127.0.0.1:9',
  FOCUSD_GCP_TOKEN_URI: 'http://127.0.0.1:9/token', OCI_OBJECT_STORAGE_ENDPOINT: 'http://127.0.0.1:9',
};

// Starts `focusd serve` on a free port and resolves once it has printed both its address
// and the admin token (no sleeping: we wait for those lines, or fail if it exits first).
// `extraEnv` overrides the loopback endpoints (a test pointing focusd at its emulator).
export function startFocusd(dataDir, extraArgs = [], extraEnv = {}) {
  // --no-scheduler: only the test's clicks start syncs.
  const proc = spawn(BIN, ['serve', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--no-scheduler', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...LOOPBACK_CLOUDS, ...extraEnv } });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const ready = new Promise((resolve, reject) => {
    let baseUrl = null;
    let token = null;
    readline.createInterface({ input: proc.stdout }).on('line', (line) => {
      const url = line.match(/listening on (http:\/\/\S+)/);
      const tok = line.match(/admin token: (fcd_\S+)/);
      if (url) baseUrl = url[1].replace(/\/$/, '');
      if (tok) token = tok[1];
      if (baseUrl && token) resolve({ baseUrl, token });
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => reject(new Error(`focusd exited (${code ?? signal}) before it was ready:\n${stderr}`)));
  });
  return { proc, ready };
}

// One server + one browser page for a test file. `pageErrors` collects uncaught page errors.
// Options: serverArgs (e.g. ['--demo']), viewport, timeout (ms, per page action), env (extra
// environment for the server, e.g. an emulator's endpoint).
export async function startSession({ serverArgs = [], viewport = { width: 1280, height: 800 }, timeout = 10_000, env = {} } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'focusd-browser-'));
  const started = startFocusd(dataDir, serverArgs, env);
  const s = { dataDir, server: started.proc, pageErrors: [] };
  Object.assign(s, await started.ready);
  s.browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  s.page = await s.browser.newPage({ viewport });
  s.page.setDefaultTimeout(timeout);
  s.page.on('pageerror', (e) => { s.pageErrors.push(e); });
  return s;
}

export async function stopSession(s) {
  if (!s) return;
  await s.browser?.close();
  const { server } = s;
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
  if (s.dataDir) rmSync(s.dataDir, { recursive: true, force: true });
}

// Signs in through the login form, the way a user pastes the admin token.
export async function signIn(page, baseUrl, token) {
  await page.goto(baseUrl + '/');
  await page.locator('[data-testid=login-form]').waitFor();
  await page.fill('input[name=token]', token);
  await page.click('[data-testid=login-submit]');
  await page.locator('[data-testid=tab-connectors][aria-selected=true]').waitFor();
}

// Test credentials: real key material, so the server's validation accepts them.
export function rsaKey() {
  return crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
}
export const keyLine = (pem) => pem.split('\n')[5]; // a line from the middle of the PEM body

// An OCI API key secret's fields, with a fingerprint that matches its key.
export function ociApiKey() {
  const key = rsaKey();
  return {
    key,
    values: {
      tenancy_ocid: `ocid1.tenancy.oc1..aaaaaaaa${'t'.repeat(52)}`,
      user_ocid: `ocid1.user.oc1..aaaaaaaa${'u'.repeat(52)}`,
      fingerprint: crypto.createHash('md5').update(key.publicKey).digest('hex').match(/../g).join(':'),
      private_key: key.privateKey,
      region: 'us-ashburn-1',
    },
  };
}

// The "Add Connector" screen, driven the way a user fills it in.
export function connectorForm(page) {
  const form = () => page.locator('[data-testid=connector-form]');
  return {
    async open(provider) {
      await page.click('[data-testid=tab-connectors]');
      await page.click('[data-testid=add-connector]');
      await form().waitFor();
      await form().locator('select[name=provider]').selectOption(provider);
      await page.locator(`[data-testid=provider-fields][data-provider="${provider}"]`).waitFor();
      return form();
    },
    // Types each value into the provider field of that name (or picks it in a select).
    async fill(values) {
      for (const [key, value] of Object.entries(values)) {
        const input = form().locator(`[data-testid=provider-fields] [name="${key}"]`).first();
        if (await input.evaluate((el) => el.tagName === 'SELECT')) await input.selectOption(value);
        else await input.fill(value);
      }
    },
    // Creates a secret from the form's secret picker; it is then the selected one.
    async createSecret(name, kind, values) {
      await page.locator('select[name=secret_id]').selectOption('__new__');
      const box = page.locator('[data-testid=secret-create]');
      await box.waitFor();
      await box.locator('input[name=secret_name]').fill(name);
      await box.locator('select[name=secret_kind]').selectOption(kind);
      for (const [key, value] of Object.entries(values)) await box.locator(`[name="${key}"]`).fill(value);
      await box.locator('[data-testid=save-secret]').click();
      await box.waitFor({ state: 'detached' });
      return page.locator('select[name=secret_id]').evaluate((el) => el.selectedOptions[0].textContent);
    },
    // Saves and waits for the main screen to list the connector.
    async save(name) {
      await page.click('[data-testid=save-connector]');
      await page.locator(`[data-testid=connector-row][data-connector-name="${name}"]`).waitFor();
    },
  };
}

// On a connector's detail page, after "Sync now": waits until a run newer than `previous` (a
// run id, or none) is listed and no longer running, clicking Refresh about once a second as a
// user would (a queued run is recorded when the worker picks it up), and returns its row.
export async function waitForNewestRun(page, { previous = null, timeout = 60_000 } = {}) {
  await page.waitForFunction((prev) => {
    const run = document.querySelector('[data-testid=run-row]');
    if (run && run.dataset.runId !== prev && run.dataset.status !== 'running') return true;
    const refresh = document.querySelector('[data-testid=refresh-runs]');
    if (refresh && !refresh.disabled) refresh.click();
    return false;
  }, previous, { polling: 1000, timeout });
  return page.locator('[data-testid=run-row]').first();
}
