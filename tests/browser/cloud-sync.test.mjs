// A user registers connectors in the UI against the project's test clouds and syncs them:
// OCI (Object Storage test server that verifies every request signature), GCP (token
// endpoint verifying the service account's JWT, BigQuery running the EXPORT DATA job into the
// Cloud Storage test server) and Azure (Azurite checking Shared Key and SAS signatures, with
// Cost Management export runs in it, over HTTPS), the last with each secret kind: account key,
// SAS token and service principal (tokens from the Entra ID test endpoint). "Sync now" on the detail page runs the real sync path; the run
// history and the billing page then show exactly the rows and costs the test cloud published.
//
// Run: FOCUSD_BIN=build/focusd node --test tests/browser/cloud-sync.test.mjs
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ARTIFACTS, startSession, stopSession, signIn, keyLine, connectorForm, waitForNewestRun } from './support.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLOUD_BIN = process.env.FOCUSD_TEST_CLOUD_BIN || path.resolve(HERE, '../../build/focusd_test_cloud');

// Starts focusd_test_cloud and resolves with the JSON line it prints once its servers listen.
function startTestCloud() {
  const proc = spawn(CLOUD_BIN, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = new Promise((resolve, reject) => {
    readline.createInterface({ input: proc.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    proc.on('error', reject);
    proc.on('exit', (code) => reject(new Error(`focusd_test_cloud exited (${code}) before it was ready`)));
  });
  return { proc, ready };
}

const sum = (expected) => Object.values(expected).reduce((a, p) => a + Number(p.billed_cost), 0);
const rows = (expected) => Object.values(expected).reduce((a, p) => a + p.rows, 0);

describe('Connectors registered in the UI sync from the test clouds', { timeout: 240_000 }, () => {
  let cloud, cloudProc, session, page;
  before(async () => {
    const started = startTestCloud();
    cloudProc = started.proc;
    cloud = await started.ready;
    session = await startSession({
      env: {
        FOCUSD_AZURE_BLOB_ENDPOINT: cloud.azure.blob_endpoint, FOCUSD_AZURE_CA_FILE: cloud.azure.ca_file,
        AZURE_AUTHORITY_HOST: cloud.azure.authority_host,
        OCI_OBJECT_STORAGE_ENDPOINT: cloud.oci.endpoint,
        STORAGE_EMULATOR_HOST: cloud.gcp.storage, BIGQUERY_EMULATOR_HOST: cloud.gcp.bigquery,
        FOCUSD_GCP_TOKEN_URI: cloud.gcp.token_uri,
      },
      timeout: 15_000,
    });
    page = session.page;
    await signIn(page, session.baseUrl, session.token);
  });
  after(async () => {
    await stopSession(session);
    if (cloudProc && cloudProc.exitCode === null) {
      cloudProc.stdin.end();
      await once(cloudProc, 'exit');
    }
  });

  const costs = async (query) => {
    const res = await fetch(`${session.baseUrl}/api/v1/costs?${query}`, { headers: { Authorization: `Bearer ${session.token}` } });
    assert.equal(res.status, 200);
    return res.json();
  };

  // Registers through the form, tests the connection before saving, saves, opens the detail
  // page, clicks Sync now, and checks the run against what the test cloud published.
  async function registerAndSync({ provider, name, fields, secretName, secretKind, secret, expected }) {
    const form = connectorForm(page);
    const formEl = await form.open(provider);
    await form.fill({ name, ...fields });
    await form.createSecret(secretName, secretKind, secret);
    await formEl.locator('[data-testid=test-connection]').click();
    const report = formEl.locator('[data-testid=test-report]');
    await report.waitFor({ timeout: 60_000 });
    assert.equal(await report.getAttribute('data-ok'), 'true', await report.innerText());
    await form.save(name);

    const row = page.locator(`[data-testid=connector-row][data-connector-name="${name}"]`);
    await row.locator('[data-testid=connector-link]').click();
    await page.locator('[data-testid=connector-detail]').waitFor();
    await page.click('[data-testid=sync-now]');
    const run = await waitForNewestRun(page);
    const runId = await run.getAttribute('data-run-id');
    const error = page.locator(`[data-testid=run-error-row][data-run-id="${runId}"]`);
    assert.equal(await run.getAttribute('data-status'), 'succeeded', (await error.count()) ? await error.innerText() : '');
    assert.equal(await run.locator('[data-col=periods]').innerText(), Object.keys(expected).sort().join(', '));
    assert.equal((await run.locator('[data-col=rows]').innerText()).replace(/\D/g, ''), String(rows(expected)));
    // Healthy, or Warning when the provider's FOCUS data fails rules (the test clouds publish
    // minimal FOCUS files): never Error after a successful run.
    assert.match(await page.locator('[data-testid=connector-status]').innerText(), /^(Healthy|Warning)$/);

    // The warehouse holds exactly the published charges, period by period.
    const list = await (await fetch(`${session.baseUrl}/api/v1/connectors`, { headers: { Authorization: `Bearer ${session.token}` } })).json();
    const id = list.connectors.find((c) => c.name === name).id;
    const byMonth = await costs(`metric=billed&connector=${id}&group_by=month&order=key`);
    const got = Object.fromEntries(byMonth.rows.map((r) => [r.month, Number(r.cost)]));
    const want = Object.fromEntries(Object.entries(expected).map(([p, e]) => [p, Number(e.billed_cost)]));
    assert.deepEqual(got, want);
    assert.equal(Number(byMonth.totals[0].cost).toFixed(6), sum(expected).toFixed(6));
    assert.equal(byMonth.totals[0].rows, rows(expected));
    return id;
  }

  test('OCI: an API key connector syncs its FOCUS reports', async () => {
    await registerAndSync({
      provider: 'OCI', name: 'OCI Test Tenancy', fields: {},
      secretName: 'oci-test-key', secretKind: 'oci_api_key', secret: cloud.oci.secret, expected: cloud.oci.expected,
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'oci-synced.png'), fullPage: true });
  });

  test('GCP: a service account connector syncs through BigQuery and Cloud Storage', async () => {
    await registerAndSync({
      provider: 'GCP', name: 'GCP Test Billing', fields: cloud.gcp.fields,
      secretName: 'gcp-test-key', secretKind: 'gcp_service_account', secret: { key_json: cloud.gcp.key_json },
      expected: cloud.gcp.expected,
    });
  });

  test('Azure: a storage account key connector syncs the newest export run of each month', async () => {
    await registerAndSync({
      provider: 'Azure', name: 'Azure Test Key', fields: cloud.azure.fields,
      secretName: 'azure-test-key', secretKind: 'azure_storage_key', secret: { account_key: cloud.azure.account_key },
      expected: cloud.azure.expected,
    });
  });

  test('Azure: a SAS token connector syncs the same exports', async () => {
    await registerAndSync({
      provider: 'Azure', name: 'Azure Test SAS', fields: cloud.azure.fields,
      secretName: 'azure-test-sas', secretKind: 'azure_sas', secret: { sas_token: cloud.azure.sas_token },
      expected: cloud.azure.expected,
    });
  });

  test('Azure: a service principal connector signs in to Entra ID and syncs the same exports', async () => {
    await registerAndSync({
      provider: 'Azure', name: 'Azure Test SP', fields: cloud.azure.fields,
      secretName: 'azure-test-sp', secretKind: 'azure_service_principal', secret: cloud.azure.service_principal,
      expected: cloud.azure.expected,
    });
  });

  test('the billing page shows every connector\'s costs', async () => {
    await page.click('[data-testid=tab-billing]');
    await page.locator('[data-testid=chart-USD] canvas').waitFor();
    const total = await page.locator('[data-testid=period-USD]').getAttribute('data-cost');
    const want = sum(cloud.oci.expected) + sum(cloud.gcp.expected) + 3 * sum(cloud.azure.expected);
    assert.equal(Number(total).toFixed(2), want.toFixed(2));
  });

  test('no secret value reached the page and no script error was raised', async () => {
    const html = await page.content();
    assert.ok(!html.includes(keyLine(cloud.oci.secret.private_key)));
    assert.ok(!html.includes(keyLine(JSON.parse(cloud.gcp.key_json).private_key)));
    assert.ok(!html.includes(cloud.azure.account_key) && !html.includes(cloud.azure.sas_token));
    assert.ok(!html.includes(cloud.azure.service_principal.client_secret));
    assert.deepEqual(session.pageErrors.map(String), []);
  });
});
