// Issue 16's spine, in a real Chromium, in Japanese: a supplier (the demo's 東和システムズ, an IT
// supplier of 大和自動車工業 over VPN) reports a ransomware incident with indicators, ticking its
// buyer 大和 as one whose contract requires notice (大和's admin first records, on its
// relationships page, that the contract gives 12 hours; the deadlines then show them); reviews
// the original and the de-identified version side by side (its company name, a person and an
// internal host highlighted as removed); approves it as TLP:AMBER to that confirmed buyer. The
// buyer finds the warning in its inbox and in the SMTP sink, opens the shared report and sees
// the de-identified text without the person or the host; an unrelated organisation (北斗ロジテック,
// not a buyer of 東和) gets 404 for the same address. The data is invented: documentation
// addresses (198.51.100.0/24), .example domains, a made-up SHA-256.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, DEMO_BUYER } from './harness.mjs';
import { messages, newPage as newPageOn, signIn, checkPage, startSmtpSink } from './journey_support.mjs';

const SUPPLIER = { email: 'admin@towa.example', password: DEMO_BUYER.password, name: '東和システムズ株式会社' };
const BUYER = { email: DEMO_BUYER.email, password: DEMO_BUYER.password, name: '大和自動車工業株式会社' };
const UNRELATED = { email: 'admin@hokuto.example', password: DEMO_BUYER.password };
const PERSON = '山田 太郎';
const HOST = 'fs01';
const SHA256 = '3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea';

let sink, server, browser;
const newPage = (lang) => newPageOn(browser, server, lang);

before(async () => {
  sink = await startSmtpSink();
  server = await startServer({ smtpPort: sink.port });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.stop();
});

test('a supplier reports a ransomware incident, approves the de-identified version, its buyer is warned', async () => {
  const msg = messages('ja');

  // --- The buyer records the contract's notice hours for this supplier, typed in full-width. ---
  const buyerFirst = await newPage('ja');
  await signIn(buyerFirst, msg, BUYER.email, BUYER.password);
  await buyerFirst.goto(`${server.url}/relationships`);
  await buyerFirst.getByRole('heading', { name: msg.relationships_title, level: 1 }).waitFor();
  const supplierRow = () => buyerFirst.locator('tr[data-relationship]', { hasText: SUPPLIER.name });
  assert.ok((await supplierRow().locator('.notice-hours-value').innerText()).includes(msg.relationships_notice_hours_none));
  await supplierRow().getByLabel(`${msg.relationships_notice_hours} — ${SUPPLIER.name}`).fill('１２');
  await supplierRow().getByRole('button', { name: msg.relationships_notice_hours_save }).click();
  await buyerFirst.waitForURL(/done=notice_hours_set/);
  await buyerFirst.getByRole('status').filter({ hasText: msg.done_notice_hours_set }).waitFor();
  assert.equal(await supplierRow().locator('.notice-hours-value').innerText(),
               msg.relationships_notice_hours_value.replace('{hours}', '12'));
  // Bad input is refused with the reason, and the recorded hours stay.
  await supplierRow().getByLabel(`${msg.relationships_notice_hours} — ${SUPPLIER.name}`).fill('十二');
  await supplierRow().getByRole('button', { name: msg.relationships_notice_hours_save }).click();
  await buyerFirst.getByRole('alert').filter({ hasText: msg.error_notice_hours }).waitFor();
  assert.ok((await buyerFirst.getByRole('alert').innerText()).includes('1 から 8784'));
  assert.equal(await supplierRow().locator('.notice-hours-value').innerText(),
               msg.relationships_notice_hours_value.replace('{hours}', '12'));
  await checkPage(buyerFirst);
  await buyerFirst.context().close();

  // --- The supplier writes the report. ---
  const page = await newPage('ja');
  await signIn(page, msg, SUPPLIER.email, SUPPLIER.password);
  await page.getByRole('navigation').getByRole('link', { name: msg.nav_incidents }).click();
  await page.getByRole('heading', { name: msg.incidents_title, level: 1 }).waitFor();
  await checkPage(page);
  await page.getByRole('link', { name: msg.incidents_new }).click();
  await page.getByRole('heading', { name: msg.incident_new_title, level: 1 }).waitFor();
  await checkPage(page);

  await page.getByLabel(msg.incident_field_title).fill(`${SUPPLIER.name} ファイルサーバのランサムウェア感染`);
  await page.getByLabel(msg.incident_kind_ransomware).check();
  await page.getByLabel(msg.incident_field_what_happened).fill(
    `12月1日 9時30分、${SUPPLIER.name}の情報システム課の${PERSON}さんが、社内ファイルサーバ ${HOST} の` +
    'ファイルが暗号化されていることに気づきました。脅迫文があり、攻撃者は 198.51.100.23 と ' +
    'evil-c2.example に通信していました。VPN 装置の脆弱性から侵入されたとみられます。');
  await page.getByLabel(msg.incident_field_detected_at).fill('2026-12-01T09:30');
  await page.getByLabel(msg.incident_field_affected_systems).fill(`${HOST} と業務用 PC 8 台`);
  await page.getByLabel(msg.incident_field_actions_taken).fill('ネットワークから切り離し、警察に相談しました。');
  // Customer records were on the server: personal data of about 1,500 people.
  await page.getByLabel(msg.incident_personal_yes).check();
  await page.getByLabel(msg.incident_field_people_affected).fill('１５００');
  await page.getByLabel(msg.incident_field_indicators).fill(`198.51.100.23\nevil-c2.example\n${SHA256}`);
  await page.getByLabel(msg.incident_field_cves).fill('CVE-2024-3400');
  await page.getByLabel(msg.incident_field_malware).fill('LockBit 3.0');
  await page.getByLabel(msg.incident_field_attack_techniques).fill('T1486\nT1133');
  await page.getByLabel(msg.incident_field_internal_hosts).fill(HOST);
  await page.getByLabel(msg.incident_field_people).fill(PERSON);
  // The contract with 大和 requires notice: its recorded 12 hours show beside it; the other
  // confirmed buyer has none recorded.
  const noticeBuyers = page.getByRole('group', { name: msg.incident_field_notice_buyers });
  const daiwa = noticeBuyers.locator('label', { hasText: BUYER.name });
  assert.ok((await daiwa.innerText()).includes(msg.incident_notice_hours_recorded.replace('{hours}', '12')));
  const others = await noticeBuyers.locator('label', { hasNotText: BUYER.name }).allInnerTexts();
  assert.ok(others.length > 0 && others.every((t) => t.includes(msg.incident_notice_hours_none)), others.join(' | '));
  await daiwa.getByRole('checkbox').check();
  await page.getByRole('button', { name: msg.incident_save }).click();
  await page.waitForURL(/\/incidents\/\d+\?done=incident_saved/);
  const id = page.url().match(/\/incidents\/(\d+)/)[1];
  await page.getByRole('status').filter({ hasText: msg.done_incident_saved }).waitFor();
  // --- Its deadlines: the PPC's preliminary and final reports (60 days: an intrusion with
  // intent), the police and IPA, each with its clock and contacts. ---
  await page.getByRole('heading', { name: msg.deadlines_heading }).waitFor();
  const duties = await page.locator('li.duty').evaluateAll((items) => items.map((li) => li.dataset.duty));
  for (const key of ['ppc-appi/preliminary', 'ppc-appi/final-malicious', 'cybercrime-report/police']) {
    assert.ok(duties.includes(key), `duty ${key} in ${duties.join(', ')}`);
  }
  assert.ok(!duties.includes('ppc-appi/final'), 'the 30-day final report gives way to the 60-day one');
  const finalReport = page.locator('li.duty[data-duty="ppc-appi/final-malicious"] time');
  // Detected 2026-12-01 09:30 JST, the day of awareness being day 1: the end of day 60 in Japan.
  assert.equal(await finalReport.getAttribute('datetime'), '2027-01-29T15:00:00Z');
  // The contractual notice to 大和: 12 hours from 09:30 JST (00:30 UTC), as its admin recorded.
  const contract = page.locator('li.duty[data-duty^="buyer-contract/notice/buyer:"]');
  assert.equal(await contract.count(), 1);
  assert.equal(await contract.locator('time').getAttribute('datetime'), '2026-12-01T12:30:00Z');
  const contractText = await contract.innerText();
  assert.ok(contractText.includes(BUYER.name) && contractText.includes('12 時間(契約)'), contractText);
  await checkPage(page);

  // --- Side by side: each removal highlighted on the left, its replacement on the right. ---
  await page.getByRole('link', { name: msg.incident_go_approve }).click();
  await page.getByRole('heading', { name: msg.incident_approve_title, level: 1 }).waitFor();
  await checkPage(page);
  const original = page.locator('section.original');
  const shared = page.locator('section.deidentified');
  assert.ok((await original.locator('mark[data-kind="organisation-name"]').allInnerTexts()).includes(SUPPLIER.name));
  assert.ok((await original.locator('mark[data-kind="person-name"]').allInnerTexts()).some((t) => t.includes('山田')));
  assert.ok((await original.locator('mark[data-kind="host-name"]').allInnerTexts()).includes(HOST));
  assert.equal(await original.locator('mark[data-kind="person-name"]').first().getAttribute('title'),
               msg.incident_removal_person_name);
  assert.ok(await shared.locator('mark').count() > 0);
  const right = (await shared.allInnerTexts()).join('\n');
  for (const secret of [SUPPLIER.name, '山田', HOST, '9時30分']) assert.ok(!right.includes(secret), `${secret} left in: ${right}`);
  assert.ok(right.includes('198.51.100.23'));
  assert.ok(right.includes('12月1日 、') && !right.includes('12月1日 12月1日'), right);  // the time of day went, once

  // TLP:AMBER (the default) to the VPN-connected buyer only.
  assert.ok(await page.getByLabel('TLP:AMBER —').first().isChecked());
  for (const box of await page.locator('input[type=checkbox][name^=buyer_]').all()) {
    const label = await box.evaluate((e) => e.labels[0].textContent);
    if (label.includes(BUYER.name)) await box.check(); else await box.uncheck();
  }
  await page.getByRole('button', { name: msg.incident_approve_button }).click();
  await page.waitForURL(/done=incident_shared/);
  await page.getByRole('status').filter({ hasText: msg.done_incident_shared }).waitFor();
  await page.locator('.incident-share', { hasText: 'TLP:AMBER' }).waitFor();
  await page.locator('.incident-share', { hasText: BUYER.name }).waitFor();
  await page.context().close();

  // --- The buyer: the inbox entry, then the shared part as TLP:AMBER allows. ---
  const buyer = await newPage('ja');
  await signIn(buyer, msg, BUYER.email, BUYER.password);
  await buyer.goto(`${server.url}/inbox`);
  const entry = buyer.locator('ul.inbox li[data-kind="incident_warning"]');
  await entry.filter({ hasText: SUPPLIER.name }).waitFor();
  await entry.getByRole('button', { name: msg.inbox_open }).click();
  await buyer.waitForURL(new RegExp(`/incidents/received/${id}$`));
  await checkPage(buyer);
  const part = (await buyer.locator('section.shared-part').innerText());
  assert.ok(part.includes('198.51.100.23') && part.includes('evil-c2.example') && part.includes(SHA256), part);
  assert.ok(part.includes('CVE-2024-3400') && part.includes('T1486'), part);
  for (const secret of [SUPPLIER.name, '山田', HOST]) assert.ok(!part.includes(secret), `${secret} in the shared part`);
  const whole = await buyer.locator('main').innerText();
  assert.ok(!whole.includes('山田') && !whole.includes(HOST), 'no person or host anywhere on the page');
  await buyer.locator('.tlp', { hasText: 'TLP:AMBER' }).first().waitFor();
  await buyer.getByRole('heading', { name: msg.incident_blast_heading }).waitFor();
  // Its indicators against the other shared reports the buyer may read: this is the first one.
  const correlations = buyer.locator('section.incident-correlations');
  await correlations.getByRole('heading', { name: msg.incident_correlations_heading }).waitFor();
  await correlations.getByText(msg.incident_correlations_none).waitFor();
  await buyer.goto(`${server.url}/incidents/received`);
  await buyer.locator(`li[data-incident="${id}"]`).waitFor();

  // --- The buyer pulls the same part through TAXII 2.1: its supply-chain collection holds the
  // report's STIX objects, and they validate against OASIS's STIX 2.1 schemas. ---
  const taxii = { headers: { Accept: 'application/taxii+json;version=2.1' } };
  const collections = await (await buyer.request.get(`${server.url}/taxii2/api1/collections/`, taxii)).json();
  const pulled = [];
  for (const collection of collections.collections ?? []) {
    const got = await buyer.request.get(`${server.url}/taxii2/api1/collections/${collection.id}/objects/`, taxii);
    assert.equal(got.status(), 200);
    pulled.push(...((await got.json()).objects ?? []));
  }
  const types = new Set(pulled.map((o) => o.type));
  for (const type of ['report', 'indicator', 'malware', 'attack-pattern', 'vulnerability', 'marking-definition']) {
    assert.ok(types.has(type), `a ${type} object through TAXII (got ${[...types].join(', ')})`);
  }
  const patterns = pulled.filter((o) => o.type === 'indicator').map((o) => o.pattern).join(' ');
  assert.ok(patterns.includes("ipv4-addr:value = '198.51.100.23'"), patterns);
  assert.ok(!JSON.stringify(pulled).includes(SUPPLIER.name) && !JSON.stringify(pulled).includes('山田'), 'no victim identity in STIX');
  const bundleFile = join(mkdtempSync(join(tmpdir(), 'hoshitori-taxii-')), 'pulled.json');
  writeFileSync(bundleFile, JSON.stringify({ type: 'bundle', id: `bundle--${randomUUID()}`, objects: pulled }));
  const validator = fileURLToPath(new URL('../stix/validate.mjs', import.meta.url));
  const checked = spawnSync(process.execPath, [validator, bundleFile], { encoding: 'utf8' });
  assert.equal(checked.status, 0, `STIX 2.1 schema validation: ${checked.stdout}${checked.stderr}`);
  await buyer.context().close();

  // An organisation outside the marking pulls nothing of the report through TAXII.
  const otherBuyer = await newPage('ja');
  await signIn(otherBuyer, msg, UNRELATED.email, UNRELATED.password);
  const theirs = await (await otherBuyer.request.get(`${server.url}/taxii2/api1/collections/`, taxii)).json();
  for (const collection of theirs.collections ?? []) {
    const got = await (await otherBuyer.request.get(`${server.url}/taxii2/api1/collections/${collection.id}/objects/`, taxii)).json();
    assert.ok(!JSON.stringify(got).includes('198.51.100.23'), 'an outsider pulls nothing of it');
  }
  await otherBuyer.context().close();

  // The e-mail to the buyer: the de-identified summary and the link, nothing of the victim.
  const mail = await sink.waitFor((m) => m.rcpt_tos.includes(BUYER.email) && m.subject.includes(SUPPLIER.name));
  assert.ok(mail.body.includes(`http://hoshitori.test/incidents/received/${id}`), mail.body);
  assert.ok(mail.body.includes('TLP:AMBER'), mail.body);
  for (const secret of ['山田', HOST]) assert.ok(!mail.body.includes(secret), `${secret} in the e-mail`);

  // --- An organisation the marking excludes learns nothing, not even that it exists. ---
  const other = await newPage('ja');
  await signIn(other, msg, UNRELATED.email, UNRELATED.password);
  const response = await other.goto(`${server.url}/incidents/received/${id}`);
  assert.equal(response.status(), 404);
  assert.ok(!(await other.locator('main').innerText()).includes('198.51.100.23'));
  await other.goto(`${server.url}/incidents/received`);
  assert.equal(await other.locator(`li[data-incident="${id}"]`).count(), 0);
  await other.context().close();
});
