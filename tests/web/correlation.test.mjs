// Indicator correlation on the report page (issue 16), in a real Chromium, in Japanese: the demo's
// 東和システムズ reports an incident with a /24 range, a host under evil-c2.example and a SHA-256
// and shares it TLP:AMBER with its buyer 大和自動車工業. The buyer then reports its own incident
// with an address in that range, another host of the same registered domain and the same hash:
// its report page lists each under "ほかの共有と一致した指標", linked to the shared report, which
// opens. 北斗ロジテック, outside the marking, reports the same indicators and is told that none
// matched. The data is invented: documentation addresses, .example domains, a made-up hash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, DEMO_BUYER } from './harness.mjs';
import { messages, newPage as newPageOn, signIn, checkPage } from './journey_support.mjs';

const SUPPLIER = { email: 'admin@towa.example', password: DEMO_BUYER.password };
const BUYER = { email: DEMO_BUYER.email, password: DEMO_BUYER.password, name: '大和自動車工業株式会社' };
const UNRELATED = { email: 'admin@hokuto.example', password: DEMO_BUYER.password };
const SHA256 = 'c0ffee15e4c3bd1d2f0a6c8b7e9d0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b';

let server, browser;
const newPage = (lang) => newPageOn(browser, server, lang);

before(async () => {
  server = await startServer({});
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Writes a report with `indicators` and returns its id (the page is left on the report).
async function report(page, msg, title, indicators) {
  await page.goto(`${server.url}/incidents/new`);
  await page.getByRole('heading', { name: msg.incident_new_title, level: 1 }).waitFor();
  await page.getByLabel(msg.incident_field_title).fill(title);
  await page.getByLabel(msg.incident_kind_malware).check();
  await page.getByLabel(msg.incident_field_what_happened).fill('不審な通信先を記録しました。');
  await page.getByLabel(msg.incident_field_indicators).fill(indicators.join('\n'));
  await page.getByRole('button', { name: msg.incident_save }).click();
  await page.waitForURL(/\/incidents\/\d+\?done=incident_saved/);
  return page.url().match(/\/incidents\/(\d+)/)[1];
}

test('a second reporter sees the indicators an earlier shared report carries, and an outsider sees none', async () => {
  const msg = messages('ja');

  // --- The supplier reports and shares TLP:AMBER with the buyer. ---
  const supplier = await newPage('ja');
  await signIn(supplier, msg, SUPPLIER.email, SUPPLIER.password);
  const first = await report(supplier, msg, '不審な通信の検知',
                             ['198.51.100.0/24', 'a.evil-c2.example', SHA256]);
  // Nothing shared matches yet.
  await supplier.locator('section.incident-correlations', { hasText: msg.incident_correlations_none }).waitFor();
  await supplier.getByRole('link', { name: msg.incident_go_approve }).click();
  await supplier.getByRole('heading', { name: msg.incident_approve_title, level: 1 }).waitFor();
  for (const box of await supplier.locator('input[type=checkbox][name^=buyer_]').all()) {
    const label = await box.evaluate((e) => e.labels[0].textContent);
    if (label.includes(BUYER.name)) await box.check(); else await box.uncheck();
  }
  await supplier.getByRole('button', { name: msg.incident_approve_button }).click();
  await supplier.waitForURL(/done=incident_shared/);
  await supplier.context().close();

  // --- The buyer reports its own incident: each indicator matched, linked to the shared report. ---
  const buyer = await newPage('ja');
  await signIn(buyer, msg, BUYER.email, BUYER.password);
  await report(buyer, msg, '同じ通信先への接続', ['198.51.100.77', 'b.evil-c2.example', SHA256]);
  const section = buyer.locator('section.incident-correlations');
  await section.getByRole('heading', { name: msg.incident_correlations_heading }).waitFor();
  await checkPage(buyer);
  const text = await section.innerText();
  for (const expected of ['198.51.100.77', '198.51.100.0/24', msg.incident_correlation_kind_range_contains,
                          'a.evil-c2.example', msg.incident_correlation_kind_same_registered_domain,
                          SHA256, msg.incident_correlation_kind_exact, 'TLP:AMBER']) {
    assert.ok(text.includes(expected), `${expected} in: ${text}`);
  }
  assert.ok(!text.includes(msg.incident_correlations_none), text);
  const links = section.getByRole('link', { name: `共有された報告 #${first}` });
  assert.equal(await links.count(), 3);
  await links.first().click();
  await buyer.waitForURL(new RegExp(`/incidents/received/${first}$`));
  await buyer.locator('section.shared-part', { hasText: SHA256 }).waitFor();
  await buyer.context().close();

  // --- An organisation outside the marking: the same indicators, and no trace of the report. ---
  const other = await newPage('ja');
  await signIn(other, msg, UNRELATED.email, UNRELATED.password);
  await report(other, msg, '同じ通信先への接続', ['198.51.100.77', 'b.evil-c2.example', SHA256]);
  const theirs = other.locator('section.incident-correlations');
  await theirs.filter({ hasText: msg.incident_correlations_none }).waitFor();
  const seen = await theirs.innerText();
  assert.ok(!seen.includes('198.51.100.0/24') && !seen.includes(`#${first}`), seen);
  await other.context().close();
});
