// The billing pages against `focusd serve --demo` (4 demo connectors that synced 3 months of
// FOCUS data from the demo cloud through the real sync path):
// the daily chart is drawn, the per-currency totals on screen equal /api/v1/costs, EUR (Azure)
// and USD are never added together, a provider filter narrows to EUR only, the metric switch
// changes the figures, tables sort. Saves artifacts/billing.png.
//
// Run: FOCUSD_BIN=build/focusd node --test tests/browser/billing.test.mjs
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, startSession, stopSession } from './support.mjs';

function currentMonth() {
  const d = new Date();
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe('Billing pages', { timeout: 180_000 }, () => {
  let session, baseUrl, token, page, pageErrors;
  const costs = async (query) => {
    const res = await fetch(`${baseUrl}/api/v1/costs?${query}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, await res.clone().text());
    return res.json();
  };

  before(async () => {
    session = await startSession({ serverArgs: ['--demo'], viewport: { width: 1280, height: 1400 }, timeout: 15_000 });
    ({ baseUrl, token, page, pageErrors } = session);
    await page.goto(`${baseUrl}/`);
    await page.fill('input[name=token]', token);
    await page.click('[data-testid=login-submit]');
    await page.locator('[data-testid=tab-billing]').waitFor();
  });

  after(async () => {
    await stopSession(session);
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

  test('the demo connectors synced through the sync path: Healthy, a "created" run, a clean conformance report', async () => {
    await page.click('[data-testid=tab-connectors]');
    const rows = page.locator('[data-testid=connector-row]');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 4);
    for (let i = 0; i < 4; i++) assert.equal(await rows.nth(i).locator('[data-testid=connector-status]').innerText(), 'Healthy');

    const aws = page.locator('[data-testid=connector-row][data-connector-name="Demo AWS"]');
    await aws.locator('[data-testid=connector-link]').click();
    await page.locator('[data-testid=connector-detail]').waitFor();
    const run = page.locator('[data-testid=run-row]').first();
    await run.waitFor();
    assert.equal(await run.locator('[data-col=trigger]').innerText(), 'created');
    assert.equal(await run.getAttribute('data-status'), 'succeeded');
    // The run loaded exactly the rows the warehouse now holds for the connector.
    const list = await (await fetch(`${baseUrl}/api/v1/connectors`, { headers: { Authorization: `Bearer ${token}` } })).json();
    const id = list.connectors.find((c) => c.name === 'Demo AWS').id;
    const stored = await costs(`metric=billed&connector=${id}`);
    assert.equal((await run.locator('[data-col=rows]').innerText()).replace(/\D/g, ''), String(stored.totals[0].rows));
    await page.locator('[data-testid=conformance-clean]').waitFor();
    const through = list.connectors.find((c) => c.name === 'Demo AWS').data_through;
    assert.match(through, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(await page.locator('[data-testid=connector-data-through]').innerText(), through);
    await page.screenshot({ path: path.join(ARTIFACTS, 'demo-connector.png'), fullPage: true });
  });

  test('no script errors on the page', () => {
    assert.deepEqual(pageErrors.map(String), []);
  });
});
