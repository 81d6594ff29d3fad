// Walks the "Billing Connector FOCUS" product flow in Chromium against a real focusd:
// log in with the admin token, register one connector per provider (AWS, Azure, GCP, OCI)
// through the UI, including a field error and inline secret creation, edit one, delete one,
// and check that no secret value ever reaches the page. Saves a screenshot of the main screen.
//
// Run: FOCUSD_BIN=build/focusd node --test tests/browser/   (or `make browser-test`)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import crypto from 'node:crypto';
import { ARTIFACTS, startSession, stopSession, rsaKey, keyLine, ociApiKey, connectorForm } from './support.mjs';

const azure = { tenant_id: crypto.randomUUID(), client_id: crypto.randomUUID(), client_secret: `azSecret~${crypto.randomBytes(12).toString('hex')}` };
const gcpKey = rsaKey();
const gcpKeyJson = JSON.stringify({
  type: 'service_account', project_id: 'acme-billing-prod', private_key_id: crypto.randomBytes(20).toString('hex'),
  private_key: gcpKey.privateKey, client_email: 'focusd-reader@acme-billing-prod.iam.gserviceaccount.com',
  client_id: '109876543210987654321', auth_uri: 'https://accounts.google.com/o/oauth2/auth',
  token_uri: 'https://oauth2.googleapis.com/token',
}, null, 2);
const { key: ociKey, values: oci } = ociApiKey();
// What must never come back from the API nor show on the page once saved.
const SECRET_VALUES = [azure.tenant_id, azure.client_id, azure.client_secret, keyLine(gcpKey.privateKey),
  JSON.parse(gcpKeyJson).private_key_id, keyLine(ociKey.privateKey)];

describe('Billing Connector FOCUS web UI', { timeout: 180_000 }, () => {
  let session, baseUrl, token, page;
  let templateLink = null; // the AWS form's CloudFormation link, checked in its own test
  const responses = [];

  before(async () => {
    session = await startSession();
    ({ baseUrl, token, page } = session);
    page.on('response', (r) => { responses.push(r.text().then((text) => ({ url: r.url(), text }), () => null)); });
  });

  after(() => stopSession(session));

  const row = (name) => page.locator(`[data-testid=connector-row][data-connector-name="${name}"]`);
  const group = (legend) => page.locator('[data-testid=provider-fields] fieldset', { has: page.locator('legend', { hasText: legend }) });
  const field = (key) => page.locator(`[data-testid=connector-form] [data-field="${key}"]`);

  async function openAddConnector(provider) {
    const form = await connectorForm(page).open(provider);
    assert.equal(await form.locator('select[name=type]').inputValue(), 'FOCUS', 'Type comes with FOCUS selected');
  }

  const fill = (values) => connectorForm(page).fill(values);

  async function saveAndExpectListed(name) {
    await connectorForm(page).save(name);
    assert.match(await page.locator('[data-testid=notice-success]').innerText(), new RegExp(`${name}.*saved`));
  }

  async function createSecretInline(name, kind, values) {
    const selected = await connectorForm(page).createSecret(name, kind, values);
    assert.match(selected, new RegExp(`^${name} `), 'the new secret is selected');
    await assertNoSecretOnPage();
  }

  async function assertNoSecretOnPage() {
    const shown = await page.evaluate(() => [document.documentElement.outerHTML,
      ...[...document.querySelectorAll('input, textarea')].map((el) => el.value)].join('\n'));
    for (const v of SECRET_VALUES) assert.ok(!shown.includes(v), 'a secret value is still on the page');
  }

  test('asks for the API token and rejects a bad one', async () => {
    await page.goto(baseUrl + '/');
    await page.evaluate(() => localStorage.setItem('focusd.token', 'fcd_revoked'));
    await page.reload();
    const login = page.locator('[data-testid=login-form]');
    await login.waitFor();
    assert.match(await login.locator('[data-testid=notice-error]').innerText(), /expired|revoked/i, 'a 401 sends the user to login with a message');
    await page.fill('input[name=token]', 'fcd_not-a-real-token');
    await page.click('[data-testid=login-submit]');
    await page.locator('[data-testid=login-form] [data-testid=notice-error]', { hasText: 'not accepted' }).waitFor();
    await page.fill('input[name=token]', token);
    await page.click('[data-testid=login-submit]');
    await page.locator('[data-testid=connectors-empty]').waitFor();
    assert.equal(await page.locator('h1').innerText(), 'Billing Connector');
    assert.equal(await page.locator('[data-testid=tab-connectors]').getAttribute('aria-selected'), 'true');
    assert.equal(await page.locator('[data-testid=tab-connectors]').innerText(), 'Billing Connector FOCUS');
  });

  test('AWS: shows a field error in place, the role to install and its template', async () => {
    await openAddConnector('AWS');
    for (const key of ['bucket', 'path', 'file_type']) {
      assert.equal(await group('Data source for daily query').locator(`[name=${key}]`).count(), 1, `${key} is under "Data source for daily query"`);
    }
    await fill({ name: 'Prod AWS', account_id: '12345', bucket: 'acme-billing', path: 'focus/exports', file_type: 'parquet' });

    const externalId = await page.locator('[data-testid=external-id]').inputValue();
    assert.match(externalId, /^focusd-[0-9a-f]{32}$/);
    assert.ok(await page.locator('[data-testid=external-id]').evaluate((el) => el.readOnly));
    const href = await page.locator('[data-testid=cfn-template-link]').getAttribute('href');
    const url = new URL(href, baseUrl);
    assert.equal(url.pathname, '/deploy/aws/focusd-billing-reader.yaml');
    assert.equal(url.searchParams.get('ExternalId'), externalId);
    assert.equal(url.searchParams.get('BucketName'), 'acme-billing');
    assert.equal(url.searchParams.get('BillingPath'), 'focus/exports');
    templateLink = { url, externalId };

    const apiError = page.waitForResponse((r) => r.url().endsWith('/api/v1/connectors') && r.request().method() === 'POST');
    await page.click('[data-testid=save-connector]');
    const body = await (await apiError).json();
    assert.equal((await apiError).status(), 400);
    const expected = body.error.fields.find((f) => f.field === 'account_id');
    assert.ok(expected, 'the API names account_id');
    const error = field('account_id').locator('.field-error');
    await error.waitFor();
    assert.equal(await error.innerText(), expected.message);
    assert.equal(await page.locator('input[name=account_id]').getAttribute('aria-invalid'), 'true');
    assert.ok(await page.locator('[data-testid=form-errors]').isVisible(), 'an error summary is shown');

    await fill({ account_id: '123456789012' });
    await saveAndExpectListed('Prod AWS');
    assert.equal(await row('Prod AWS').locator('[data-col=account]').innerText(), '123456789012');
    assert.equal(await row('Prod AWS').locator('[data-col=last-sync]').innerText(), 'never');
  });

  test('AWS: the linked CloudFormation template is served with the external id, bucket and path', async () => {
    assert.ok(templateLink, 'the AWS form showed a template link');
    const res = await fetch(templateLink.url);
    assert.equal(res.status, 200, `GET ${templateLink.url.pathname} is served`);
    const yaml = await res.text();
    assert.ok(yaml.includes(templateLink.externalId), 'the template carries the external id');
    assert.ok(yaml.includes('acme-billing'), 'the template carries the bucket');
  });

  test('Azure: creates a service principal secret inline', async () => {
    await openAddConnector('Azure');
    await fill({ name: 'Azure EA', region: 'Default', storage_account: 'acmebillingstore', path: 'focus-exports/daily' });
    await createSecretInline('azure-billing-sp', 'azure_service_principal', azure);
    await saveAndExpectListed('Azure EA');
    assert.equal(await row('Azure EA').locator('[data-col=account]').innerText(), 'acmebillingstore');
  });

  test('GCP: creates a service account key secret inline', async () => {
    await openAddConnector('GCP');
    for (const key of ['bq_project_id', 'bq_region', 'bq_dataset']) {
      assert.equal(await group('Origin of information in GCP BigQuery').locator(`[name=${key}]`).count(), 1, `${key} grouped`);
    }
    for (const key of ['dest_project_id', 'dest_region', 'dest_dataset', 'dest_bucket']) {
      assert.equal(await group('BigQuery result destination in CloudStorage').locator(`[name=${key}]`).count(), 1, `${key} grouped`);
    }
    await fill({
      name: 'GCP Billing', billing_account_id: '01A2B3-C4D5E6-F7A8B9',
      bq_project_id: 'acme-billing-prod', bq_region: 'us-central1', bq_dataset: 'billing_export',
      dest_project_id: 'acme-finops', dest_region: 'us-central1', dest_dataset: 'focus_results', dest_bucket: 'acme-focus-results',
    });
    await createSecretInline('gcp-billing-key', 'gcp_service_account', { key_json: gcpKeyJson });
    await saveAndExpectListed('GCP Billing');
    assert.equal(await row('GCP Billing').locator('[data-col=account]').innerText(), '01A2B3-C4D5E6-F7A8B9');
  });

  test('OCI: creates an API key secret inline', async () => {
    await openAddConnector('OCI');
    await fill({ name: 'OCI Tenancy' });
    await createSecretInline('oci-api-key', 'oci_api_key', oci);
    await saveAndExpectListed('OCI Tenancy');
    assert.equal(await row('OCI Tenancy').locator('[data-col=account]').innerText(), 'oci-api-key');
  });

  test('edits a connector from the list', async () => {
    await page.click('[data-testid=tab-connectors]');
    await row('Prod AWS').locator('[data-testid=edit-connector]').click();
    await page.locator('[data-testid=provider-fields][data-provider=AWS]').waitFor();
    assert.ok(await page.locator('select[name=provider]').isDisabled(), 'provider cannot change');
    assert.equal(await page.locator('input[name=account_id]').inputValue(), '123456789012');
    await fill({ name: 'Prod AWS main', path: 'focus/exports-v2' });
    await saveAndExpectListed('Prod AWS main');
    assert.equal(await row('Prod AWS').count(), 0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'main-screen.png'), fullPage: true });
  });

  test('lists secrets with their users and refuses to delete one in use', async () => {
    await page.click('[data-testid=tab-secrets]');
    await page.locator('[data-testid=secrets-table]').waitFor();
    const sp = page.locator('[data-testid=secret-row][data-secret-name="azure-billing-sp"]');
    assert.match(await sp.innerText(), /Azure/);
    assert.equal(await sp.locator('[data-col=used-by]').innerText(), 'Azure EA');
    assert.ok(await sp.locator('[data-testid=delete-secret]').isDisabled());
    const res = await fetch(`${baseUrl}/api/v1/secrets`, { headers: { Authorization: `Bearer ${token}` } });
    const used = (await res.json()).secrets.find((s) => s.name === 'azure-billing-sp');
    const del = await fetch(`${baseUrl}/api/v1/secrets/${used.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    assert.equal(del.status, 409, 'the API refuses to delete a secret in use');
    await assertNoSecretOnPage();
  });

  test('deletes a connector, then its secret', async () => {
    await page.click('[data-testid=tab-connectors]');
    await row('OCI Tenancy').locator('[data-testid=delete-connector]').click();
    await page.locator('[data-testid=confirm-dialog]').waitFor();
    await page.click('[data-testid=confirm-ok]');
    await row('OCI Tenancy').waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-testid=connector-row]').count(), 3);

    await page.click('[data-testid=tab-secrets]');
    const key = page.locator('[data-testid=secret-row][data-secret-name="oci-api-key"]');
    await key.waitFor();
    await key.locator('[data-testid=delete-secret]').click();
    await page.click('[data-testid=confirm-ok]');
    await key.waitFor({ state: 'detached' });
  });

  test('the page raised no script errors', () => {
    assert.deepEqual(session.pageErrors.map(String), []);
  });

  test('no secret value appeared in any API response the page received', async () => {
    const seen = (await Promise.all(responses)).filter(Boolean);
    assert.ok(seen.some((r) => r.url.includes('/api/v1/secrets')), 'secret responses were captured');
    for (const r of seen) {
      for (const v of SECRET_VALUES) assert.ok(!r.text.includes(v), `a secret value came back in ${r.url}`);
    }
  });
});
