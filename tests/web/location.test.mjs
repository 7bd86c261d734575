// Where an organisation is (issue 16), in a real Chromium: 東和システムズ's admin chooses its
// prefecture on the team page and sees it with its region in Japanese and in English. Four more
// organisations record prefectures in 関東 over the API (大和 and 北斗 of the demo, and two that sign
// up), so five organisations share the region: the approval page of 東和's incident report then
// shows the region as the part of the reporter description that may be published — and with
// one of them moved to 大阪, only four share it and the description is withheld.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, DEMO_BUYER } from './harness.mjs';
import { messages, newPage as newPageOn, signIn, checkPage } from './journey_support.mjs';

const TOWA = { email: 'admin@towa.example', password: DEMO_BUYER.password };

let server, browser;
const newPage = (lang) => newPageOn(browser, server, lang);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A corporate number with its check digit (National Tax Agency rule) before the 12 `base` digits.
function corporateNumber(base) {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(base[11 - i]) * (i % 2 === 0 ? 1 : 2);
  return `${9 - (sum % 9)}${base}`;
}

// An API session: the cookie and CSRF token of a sign-in or sign-up.
async function apiSession(path, body) {
  const response = await fetch(`${server.url}/api/v1/${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  assert.ok(response.ok, `${path}: ${response.status} ${text}`);
  const cookie = response.headers.get('set-cookie').split(';')[0];
  const json = JSON.parse(text);
  return { cookie, csrf: json.csrf_token, orgId: json.user.org_id ?? json.organisation.id };
}

async function setPrefecture(session, prefecture) {
  const response = await fetch(`${server.url}/api/v1/organisations/${session.orgId}/location`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify({ prefecture }) });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text);
}

test('an admin records the prefecture; the preview keeps the region once five organisations share it', async () => {
  const ja = messages('ja');
  const en = messages('en');

  // --- 東和's admin chooses 東京都 on the team page. ---
  const page = await newPage('ja');
  await signIn(page, ja, TOWA.email, TOWA.password);
  await page.goto(`${server.url}/team`);
  await page.getByRole('heading', { name: ja.team_location, level: 2 }).waitFor();
  assert.equal(await page.locator('.location-prefecture').innerText(), ja.team_location_none);
  await page.getByLabel(ja.team_location_prefecture).selectOption({ label: '東京都' });
  await page.getByRole('button', { name: ja.team_location_submit }).click();
  await page.waitForURL(/done=team_location_saved/);
  await page.getByRole('status').filter({ hasText: ja.done_team_location_saved }).waitFor();
  assert.equal(await page.locator('.location-prefecture').innerText(), '東京都');
  assert.equal(await page.locator('.location-region').innerText(), '関東');
  await checkPage(page);

  // In English, the same location by its English names.
  const english = await newPage('en');
  await signIn(english, en, TOWA.email, TOWA.password);
  await english.goto(`${server.url}/team`);
  assert.equal(await english.locator('.location-prefecture').innerText(), 'Tokyo');
  assert.equal(await english.locator('.location-region').innerText(), 'Kanto');
  const chosen = english.getByLabel(en.team_location_prefecture).locator('option:checked');
  assert.equal(await chosen.innerText(), 'Tokyo');
  await checkPage(english);

  // --- Four more organisations in 関東 (typed as code, name, English name, full-width code). ---
  const others = [
    await apiSession('login', { email: DEMO_BUYER.email, password: DEMO_BUYER.password }),
    await apiSession('login', { email: 'admin@hokuto.example', password: DEMO_BUYER.password }),
  ];
  for (const [i, base] of ['000012340001', '000012340002'].entries()) {
    others.push(await apiSession('signup', {
      corporate_number: corporateNumber(base), name: `関東テスト${i}株式会社`, industry: 'E', employees: 10,
      email: `admin${i}@kanto.example`, display_name: 'Admin', password: 'a long enough password' }));
  }
  const typed = ['14', '埼玉県', 'Chiba', '０８'];
  for (const [i, session] of others.entries()) {
    assert.equal((await setPrefecture(session, typed[i])).region.ja, '関東');
  }

  // --- 東和's report: the approval page shows the region as what may be published. ---
  await page.goto(`${server.url}/incidents/new`);
  await page.getByRole('heading', { name: ja.incident_new_title, level: 1 }).waitFor();
  await page.getByLabel(ja.incident_field_title).fill('ファイルサーバのランサムウェア感染');
  await page.getByLabel(ja.incident_kind_ransomware).check();
  await page.getByLabel(ja.incident_field_detected_at).fill('2026-12-01T09:30');
  await page.getByLabel(ja.incident_personal_no).check();
  await page.getByRole('button', { name: ja.incident_save }).click();
  await page.waitForURL(/\/incidents\/\d+\?done=incident_saved/);
  const id = page.url().match(/\/incidents\/(\d+)/)[1];
  await page.goto(`${server.url}/incidents/${id}/approve`);
  await page.getByRole('heading', { name: ja.incident_approve_title, level: 1 }).waitFor();
  assert.equal((await page.locator('dd.reporter').innerText()).trim(), `${ja.incident_reporter_region}: 関東`);
  await checkPage(page);
  await english.goto(`${server.url}/incidents/${id}/approve`);
  assert.equal((await english.locator('dd.reporter').innerText()).trim(), `${en.incident_reporter_region}: Kanto`);

  // --- One of them moves to 大阪: four share 関東, nothing of the description is published. ---
  assert.equal((await setPrefecture(others[3], '大阪府')).region.ja, '近畿');
  await page.reload();
  assert.equal((await page.locator('dd.reporter').innerText()).trim(), ja.incident_reporter_withheld);
  await page.context().close();
  await english.context().close();
});
