// The connector's own page against a real focusd: register an OCI connector, test its
// connection from the form (before saving) and from the detail page, start a sync and follow
// it in the run history until it fails (the OCI endpoint is unreachable here), and check that
// the failure reads as an error with a hint, on the page and on the main screen's status.
// Saves a screenshot of the detail page.
//
// Run: FOCUSD_BIN=build/focusd node --test tests/browser/   (or `make browser-test`)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, startSession, stopSession, signIn, keyLine, ociApiKey, connectorForm, waitForNewestRun } from './support.mjs';

const NAME = 'OCI Finance';
const { key: ociKey, values: oci } = ociApiKey();

describe('Connector detail page', { timeout: 180_000 }, () => {
  let session, page;
  before(async () => {
    session = await startSession();
    page = session.page;
    await signIn(page, session.baseUrl, session.token);
  });
  after(() => stopSession(session));

  const row = () => page.locator(`[data-testid=connector-row][data-connector-name="${NAME}"]`);
  const newestRun = () => page.locator('[data-testid=run-row]').first();

  // A connection test report is on screen with at least one failed step, and the failed
  // step about listing the billing files shows its message and a hint.
  async function expectFailedListStep(scope) {
    const report = scope.locator('[data-testid=test-report]');
    await report.waitFor({ timeout: 60_000 }); // the unreachable endpoint may take its timeout
    assert.equal(await report.getAttribute('data-ok'), 'false', 'the test reports failure');
    const steps = report.locator('[data-testid=test-step]');
    assert.ok(await steps.count() >= 2, 'several steps are listed');
    const failed = report.locator('[data-testid=test-step][data-ok=false]');
    assert.equal(await failed.count(), 1, 'exactly one step failed (the ones after it are not run or pass)');
    assert.match(await failed.locator('[data-testid=step-name]').innerText(), /list/i, 'the failed step is the listing');
    assert.ok((await failed.locator('[data-testid=step-message]').innerText()).trim(), 'the failed step says what went wrong');
    assert.ok(await failed.locator('[data-testid=step-hint]').isVisible(), 'the failed step shows a hint');
    assert.ok((await failed.locator('[data-testid=step-hint]').innerText()).trim().length > 'Hint: '.length);
    assert.equal(await failed.locator('.step-mark').innerText(), '✗');
    assert.ok(await report.locator('[data-testid=test-step][data-ok=true] .step-mark', { hasText: '✓' }).count() >= 1, 'passed steps are ticked');
  }

  test('tests the connection from the registration form, then saves despite the failure', async () => {
    const connector = connectorForm(page);
    const form = await connector.open('OCI');
    await connector.fill({ name: NAME });
    await connector.createSecret('oci-finance-key', 'oci_api_key', oci);

    await form.locator('[data-testid=test-connection]').click();
    await expectFailedListStep(form);
    // The report sits above the Save button, so it is read before saving.
    const reportBox = await form.locator('[data-testid=test-report]').boundingBox();
    const saveBox = await form.locator('[data-testid=save-connector]').boundingBox();
    assert.ok(reportBox.y + reportBox.height <= saveBox.y, 'the step list is above Save');

    await form.locator('[data-testid=save-connector]').click();
    await row().waitFor();
    assert.equal(await row().locator('[data-testid=connector-status]').innerText(), 'New');
  });

  test('opens the detail page from the connector name and tests the saved connection', async () => {
    await row().locator('[data-testid=connector-link]').click();
    const detail = page.locator('[data-testid=connector-detail]');
    await detail.waitFor();
    assert.equal(await page.locator('[data-testid=connector-title]').innerText(), NAME);
    assert.match(await detail.innerText(), /OCI/);
    assert.equal(await page.locator('[data-testid=connector-last-sync]').innerText(), 'never');
    await page.locator('[data-testid=runs-empty]').waitFor();
    await page.locator('[data-testid=conformance-empty]').waitFor();

    await detail.locator('[data-testid=test-connection]').click();
    await expectFailedListStep(detail);
  });

  test('Sync now queues a run that ends failed, with the error and a hint', async () => {
    await page.click('[data-testid=sync-now]');
    assert.match(await page.locator('[data-testid=detail-notice] [data-testid=notice-success]').innerText(), /Sync queued/);
    await waitForNewestRun(page);
    assert.equal(await newestRun().locator('[data-col=trigger]').innerText(), 'manual');

    assert.equal(await newestRun().getAttribute('data-status'), 'failed');
    assert.equal(await newestRun().locator('[data-testid=run-status]').innerText(), 'failed');
    const runId = await newestRun().getAttribute('data-run-id');
    const errorRow = page.locator(`[data-testid=run-error-row][data-run-id="${runId}"]`);
    assert.ok((await errorRow.locator('[data-testid=run-error]').innerText()).trim(), 'the run shows its error');
    assert.ok(await errorRow.locator('[data-testid=run-hint]').isVisible(), 'the run shows a hint');
    assert.match(await errorRow.locator('[data-testid=run-hint]').innerText(), /^Hint: \S/);
    // A failed run has no conformance report; the section says so rather than staying empty.
    assert.ok(await page.locator('[data-testid=conformance-empty]').isVisible());
    assert.equal(await page.locator('[data-testid=connector-status]').innerText(), 'Error');

    await page.screenshot({ path: path.join(ARTIFACTS, 'connector-detail.png'), fullPage: true });
  });

  test('the main screen shows why the connector is in error', async () => {
    await page.click('[data-testid=tab-connectors]');
    await row().waitFor();
    assert.equal(await row().locator('[data-testid=connector-status]').innerText(), 'Error');
    const message = row().locator('[data-testid=connector-status-message]');
    assert.ok(await message.isVisible(), 'the status message is shown on the row');
    assert.equal(await message.innerText(), await row().locator('[data-testid=connector-status]').getAttribute('title'));
  });

  test('Sync now on the list queues a sync', async () => {
    await row().locator('[data-testid=sync-connector]').click();
    // Either it was queued, or a run is still going and the server's 409 message is shown.
    const shown = page.locator('[data-testid=notice-success], [data-testid=notice-info]').first();
    await shown.waitFor();
    assert.match(await shown.innerText(), new RegExp(`Sync of “${NAME}” queued|already running`));
  });

  test('no secret value is on the page and no script error was raised', async () => {
    assert.ok(!(await page.content()).includes(keyLine(ociKey.privateKey)));
    assert.deepEqual(session.pageErrors.map(String), []);
  });
});
