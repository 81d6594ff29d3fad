// An AWS connector registered through the UI against moto (the AWS emulator): the form's
// external id goes into the role's trust policy, Test connection passes every step, Save,
// then Sync now on the detail page fetches two months of an AWS Data Exports FOCUS export
// (gzip CSV with manifests) and the run history shows the exact rows and billed total.
//
// Run: FOCUSD_BIN=build/focusd node --test tests/browser/   (needs moto_server and boto3)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { ARTIFACTS, startSession, stopSession, signIn, connectorForm, waitForNewestRun } from './support.mjs';

const NAME = 'AWS Billing';
const BUCKET = 'acme-billing';

function month(offset) {
  const d = new Date();
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));
  return `${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
}
const OLDER = month(-1);
const NEWER = month(0);

async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

// Lays out the export in moto with boto3: bucket, role (trust policy with the external id),
// and per month a gzip CSV data file plus its Data Exports manifest.
function layOutExport(endpoint, externalId) {
  const script = `
import boto3, gzip, json, sys
cfg = json.load(sys.stdin)
kw = dict(endpoint_url=cfg['endpoint'], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test')
s3 = boto3.client('s3', **kw)
iam = boto3.client('iam', **kw)
s3.create_bucket(Bucket=cfg['bucket'])
iam.create_role(RoleName='focusd-billing-reader', AssumeRolePolicyDocument=json.dumps({
  'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'AWS': 'arn:aws:iam::123456789012:root'},
  'Action': 'sts:AssumeRole', 'Condition': {'StringEquals': {'sts:ExternalId': cfg['external_id']}}}]}))
head = ('BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,'
        'ChargeCategory,ChargeFrequency,BilledCost,EffectiveCost,ListCost,ServiceName,ProviderName,PublisherName,'
        'InvoiceIssuerName\\n')
for period, costs in cfg['months'].items():
  rows = ''.join(f'111122223333,USD,{period}-01T00:00:00Z,{period}-28T00:00:00Z,{period}-0{i+1}T00:00:00Z,'
                 f'{period}-0{i+1}T01:00:00Z,Usage,Usage-Based,{c},{c},{c},Amazon S3,AWS,AWS,AWS\\n'
                 for i, c in enumerate(costs))
  key = f'focus/billing/data/BILLING_PERIOD={period}/billing-00001.csv.gz'
  s3.put_object(Bucket=cfg['bucket'], Key=key, Body=gzip.compress((head + rows).encode()))
  s3.put_object(Bucket=cfg['bucket'], Key=f'focus/billing/metadata/BILLING_PERIOD={period}/billing-Manifest.json',
                Body=json.dumps({'exportName': 'billing', 'dataFiles': [f"s3://{cfg['bucket']}/{key}"],
                                 'totalRowCount': len(costs)}).encode())
`;
  const r = spawnSync('python3', ['-c', script], {
    input: JSON.stringify({ endpoint, bucket: BUCKET, external_id: externalId,
      months: { [OLDER]: ['10.5', '2.25'], [NEWER]: ['7.25'] } }),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `boto3 setup failed: ${r.stderr}`);
}

describe('AWS connector through the UI against moto', { timeout: 120_000 }, () => {
  let moto, motoUrl, session, page;

  before(async () => {
    const port = await freePort();
    motoUrl = `http://127.0.0.1:${port}`;
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    // Poll until moto answers (bounded), or fail if it exits.
    let exited = false;
    moto.on('exit', () => { exited = true; });
    for (let i = 0; i < 300 && !exited; i++) {
      try {
        if ((await fetch(`${motoUrl}/moto-api/`)).status > 0) break;
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 100)); // polling interval
    }
    assert.ok(!exited, 'moto_server started');
    session = await startSession({ env: {
      AWS_ENDPOINT_URL: motoUrl, AWS_ACCESS_KEY_ID: 'focusd-test-key', AWS_SECRET_ACCESS_KEY: 'focusd-test-secret',
      AWS_REGION: 'us-east-1', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent',
    } });
    page = session.page;
    await signIn(page, session.baseUrl, session.token);
  });

  after(async () => {
    await stopSession(session);
    if (moto && moto.exitCode === null && moto.signalCode === null) {
      moto.kill('SIGTERM');
      await once(moto, 'exit');
    }
  });

  const row = () => page.locator(`[data-testid=connector-row][data-connector-name="${NAME}"]`);

  test('registers the connector, tests its connection and saves it', async () => {
    const connector = connectorForm(page);
    const form = await connector.open('AWS');
    await connector.fill({ name: NAME, account_id: '1111-2222-3333', bucket: BUCKET, path: 'focus', file_type: 'csv_gzip' });
    // The customer installs the role with the external id the form shows.
    const externalId = await page.locator('[data-testid=external-id]').inputValue();
    assert.match(externalId, /^focusd-[0-9a-f]{32}$/);
    layOutExport(motoUrl, externalId);

    await form.locator('[data-testid=test-connection]').click();
    const report = form.locator('[data-testid=test-report]');
    await report.waitFor({ timeout: 30_000 });
    assert.equal(await report.getAttribute('data-ok'), 'true', await report.innerText());
    assert.equal(await report.locator('[data-testid=test-step][data-ok=false]').count(), 0);
    assert.equal(await report.locator('[data-testid=test-step][data-ok=true]').count(), 5,
      'Assume role, Access bucket, List path, Find manifest, Find data file');

    await form.locator('[data-testid=save-connector]').click();
    await row().waitFor();
    assert.equal(await row().locator('[data-testid=connector-status]').innerText(), 'New');
  });

  test('Sync now fetches both months and the run shows the exact rows and billed total', async () => {
    await row().locator('[data-testid=connector-link]').click();
    await page.locator('[data-testid=connector-detail]').waitFor();
    await page.click('[data-testid=sync-now]');
    const newest = await waitForNewestRun(page);
    assert.equal(await newest.getAttribute('data-status'), 'succeeded',
      await page.locator('[data-testid=runs-table]').innerText());
    assert.equal(await newest.locator('[data-col=periods]').innerText(), `${OLDER}, ${NEWER}`);
    assert.equal(await newest.locator('[data-col=files]').innerText(), '2');
    assert.equal(await newest.locator('[data-col=rows]').innerText(), '3');
    assert.match(await newest.locator('[data-col=billed]').innerText(), /\$20\.00/);
    assert.match(await page.locator('[data-testid=connector-status]').innerText(), /Healthy|Warning/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'aws-sync.png'), fullPage: true });
    assert.deepEqual(session.pageErrors.map(String), []);
  });
});
