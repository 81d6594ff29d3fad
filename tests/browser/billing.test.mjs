// The billing pages against `focusd serve --demo` (4 demo connectors, 3 months of FOCUS data):
// the daily chart is drawn, the per-currency totals on screen equal /api/v1/costs, EUR (Azure)
// and USD are never added together, a provider filter narrows to EUR only, the metric switch
// changes the figures, tables sort. Saves artifacts/billing.png.
//
// Run: FOCUSD_BIN=build/focusd node --test tests/browser/billing.test.mjs
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, 'artifacts');
const BIN = process.env.FOCUSD_BIN || path.resolve(HERE, '../../build/focusd');

// Every cloud endpoint on a closed loopback port: nothing reaches a real cloud.
const LOOPBACK_CLOUDS = {
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_EC2_METADATA_DISABLED: 'true',
  AZURE_AUTHORITY_HOST: 'http://127.0.0.1:9', FOCUSD_AZURE_BLOB_ENDPOINT: 'http://127.0.0.1:9',
  STORAGE_EMULATOR_HOST: 'http://127.0.0.1:9', BIGQUERY_EMULATOR_HOST: 'http://127.0.0.1:9',
  FOCUSD_GCP_TOKEN_URI: 'http://127.0.0.1:9/token', OCI_OBJECT_STORAGE_ENDPOINT: 'http://127.0.0.1:9',
};

// Starts `focusd serve --demo` and resolves once it printed its address and admin token.
function startFocusd(dataDir) {
  const proc = spawn(BIN, ['serve', '--demo', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--no-scheduler'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...LOOPBACK_CLOUDS } });
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

function currentMonth() {
  const d = new Date();
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe('Billing pages', { timeout: 180_000 }, () => {
  let dataDir, server, baseUrl, token, browser, page;
  const pageErrors = [];
  const costs = async (query) => {
    const res = await fetch(`${baseUrl}/api/v1/costs?${query}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  };

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'focusd-billing-'));
    const started = startFocusd(dataDir);
    server = started.proc;
    ({ baseUrl, token } = await started.ready);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => { pageErrors.push(e); });
    await page.goto(`${baseUrl}/`);
    await page.fill('input[name=token]', token);
    await page.click('[data-testid=login-submit]');
    await page.locator('[data-testid=tab-billing]').waitFor();
  });

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('shows per-currency totals equal to the API, and a drawn daily chart per currency', async () => {
    await page.click('[data-testid=tab-billing]');
    await page.locator('[data-testid=chart-USD] canvas').waitFor();
    await page.locator('[data-testid=chart-EUR] canvas').waitFor();
    const api = await costs('metric=billed&group_by=month');
    const currencies = api.totals.map((t) => t.currency);
    assert.deepEqual(currencies, ['EUR', 'USD'], 'demo data: Azure in EUR, the others in USD');
    for (const t of api.totals) {
      assert.equal(await page.locator(`[data-testid=period-${t.currency}]`).getAttribute('data-cost'), t.cost);
      const mtd = api.rows.find((r) => r.currency === t.currency && r.month === currentMonth());
      assert.ok(mtd, `the demo has ${t.currency} charges this month`);
      assert.equal(await page.locator(`[data-testid=mtd-${t.currency}]`).getAttribute('data-cost'), mtd.cost);
    }
    // The chart actually painted: some pixels of the canvas are not blank.
    const painted = await page.locator('[data-testid=chart-USD] canvas').evaluate((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    assert.ok(painted > 1000, `chart canvas has drawn pixels (${painted})`);
    // The service breakdown rows match the API's.
    const bySvc = await costs('metric=billed&group_by=service&limit=500');
    const rows = await page.locator('[data-testid=breakdown-table] tbody tr').count();
    assert.equal(rows, bySvc.rows.length);
    await page.screenshot({ path: path.join(ARTIFACTS, 'billing.png'), fullPage: true });
  });

  test('a provider filter leaves only EUR (Azure)', async () => {
    await page.selectOption('[data-testid=filter-provider]', 'Azure');
    await page.waitForURL(/provider=Azure/);
    await page.locator('[data-testid=total-USD]').waitFor({ state: 'detached' });
    await page.locator('[data-testid=chart-EUR] canvas').waitFor();
    const api = await costs('metric=billed&provider=Azure');
    assert.deepEqual(api.totals.map((t) => t.currency), ['EUR']);
    assert.equal(await page.locator('[data-testid=period-EUR]').getAttribute('data-cost'), api.totals[0].cost);
    assert.equal(await page.locator('[data-testid=total-USD]').count(), 0);
    assert.equal(await page.locator('[data-testid=chart-USD]').count(), 0);
  });

  test('the metric switch shows ListCost figures', async () => {
    await page.selectOption('[data-testid=metric-select]', 'list');
    await page.waitForURL(/metric=list/);
    const api = await costs('metric=list&provider=Azure');
    await page.locator(`[data-testid=period-EUR][data-cost="${api.totals[0].cost}"]`).waitFor();
    const billed = await costs('metric=billed&provider=Azure');
    assert.notEqual(api.totals[0].cost, billed.totals[0].cost, 'ListCost differs from BilledCost in the demo');
  });

  test('breakdown tables sort by a clicked header', async () => {
    const table = page.locator('[data-testid=breakdown-table]');
    const costs = async () => (await table.locator('tbody tr td:nth-child(3)').allInnerTexts())
      .map((t) => Number(t.replace(/[^0-9.-]/g, '')));
    await table.locator('th', { hasText: 'ListCost' }).click();
    const desc = await costs();
    assert.ok(desc.length > 1);
    assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
    await table.locator('th', { hasText: 'ListCost' }).click();
    const asc = await costs();
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
    assert.equal(await table.locator('th', { hasText: 'ListCost' }).getAttribute('aria-sort'), 'ascending');
  });

  test('no script errors on the page', () => {
    assert.deepEqual(pageErrors.map(String), []);
  });
});
