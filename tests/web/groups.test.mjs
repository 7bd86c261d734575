// Sharing groups in the browser (issue 16), in Japanese, on the demo data: the admin of
// 大和自動車工業 starts an ISAC, invites 東和システムズ by its corporate number typed as a Japanese
// IME gives it (full-width digits and a full-width hyphen); 東和's admin sees the invitation on
// 共有グループ and in the inbox, accepts, and sees the group with both members and the TAXII
// address its client reads. The ISAC's admin then removes 東和 (after the confirmation), after
// which the group is gone for 東和; 北斗ロジテック, never invited, gets 404 for the group's page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, DEMO_BUYER } from './harness.mjs';
import { messages, newPage as newPageOn, signIn, checkPage } from './journey_support.mjs';

const ISAC = { email: DEMO_BUYER.email, password: DEMO_BUYER.password, name: '大和自動車工業株式会社' };
const MEMBER = { email: 'admin@towa.example', password: DEMO_BUYER.password, name: '東和システムズ株式会社',
                 typed: '７１０１－１０４５６７８９０' };  // 7101104567890 as an IME types it
const OUTSIDER = { email: 'admin@hokuto.example', password: DEMO_BUYER.password };
const GROUP = '自動車部品 ISAC';

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

test('an ISAC admin starts a group, invites by corporate number, the member accepts and is removed', async () => {
  const msg = messages('ja');

  // --- The ISAC's admin starts the group and invites 東和. ---
  const admin = await newPage('ja');
  await signIn(admin, msg, ISAC.email, ISAC.password);
  await admin.getByRole('navigation').getByRole('link', { name: msg.nav_groups }).click();
  await admin.getByRole('heading', { name: msg.groups_title, level: 1 }).waitFor();
  await checkPage(admin);
  await admin.getByLabel(msg.groups_col_kind).selectOption('isac');
  await admin.getByLabel(msg.groups_col_name).fill(GROUP);
  await admin.getByLabel(msg.groups_description).fill('自動車部品メーカーの攻撃情報を共有します。');
  await admin.getByRole('button', { name: msg.groups_create_submit }).click();
  await admin.waitForURL(/\/groups\/\d+\?done=groups_created/);
  const id = admin.url().match(/\/groups\/(\d+)/)[1];
  await admin.getByRole('heading', { name: GROUP, level: 1 }).waitFor();
  await admin.getByRole('status').filter({ hasText: msg.done_groups_created }).waitFor();
  assert.ok((await admin.locator('.group-facts').innerText()).includes(msg.groups_kind_isac));
  await checkPage(admin);

  await admin.getByLabel(msg.groups_invite_number).fill(MEMBER.typed);
  await admin.getByRole('button', { name: msg.groups_invite_submit }).click();
  await admin.waitForURL(/done=groups_invited/);
  await admin.getByRole('status').filter({ hasText: msg.done_groups_invited }).waitFor();
  await admin.locator('ul.open-invitations li', { hasText: MEMBER.name }).waitFor();
  await checkPage(admin);

  // --- 東和's admin: the inbox entry leads to 共有グループ, where the invitation waits. ---
  const member = await newPage('ja');
  await signIn(member, msg, MEMBER.email, MEMBER.password);
  await member.goto(`${server.url}/inbox`);
  const entry = member.locator('ul.inbox li[data-kind="group_invitation"]');
  await entry.filter({ hasText: GROUP }).waitFor();
  await entry.getByRole('button', { name: msg.inbox_open }).click();
  await member.waitForURL(/\/groups$/);
  await member.getByRole('heading', { name: msg.groups_title, level: 1 }).waitFor();
  await checkPage(member);
  const invitation = member.locator('section.group-invitations li', { hasText: GROUP });
  assert.ok((await invitation.innerText()).includes(ISAC.name), 'the invitation names who runs the group');
  await invitation.getByRole('button', { name: msg.groups_accept }).click();
  await member.waitForURL(new RegExp(`/groups/${id}\\?done=groups_accepted$`));
  await member.getByRole('status').filter({ hasText: msg.done_groups_accepted }).waitFor();
  await checkPage(member);
  const members = await member.locator('table.members tbody tr').allInnerTexts();
  assert.equal(members.length, 2, members.join('\n'));
  assert.ok(members.some((m) => m.includes(ISAC.name) && m.includes(msg.groups_role_admin)), members.join('\n'));
  assert.ok(members.some((m) => m.includes(MEMBER.name) && m.includes(msg.groups_role_member)), members.join('\n'));
  const collection = (await member.locator('#taxii-collection').innerText()).trim();
  assert.match(collection, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal((await member.locator('#taxii-url').innerText()).trim(),
               `${server.url}/taxii2/api1/collections/${collection}/objects/`);
  assert.equal(await member.getByRole('button', { name: msg.groups_invite_submit }).count(), 0,
               'a plain member is not offered the admins\' forms');

  // The TAXII collection is there for 東和, under the same id (its session is enough here).
  const collections = await member.evaluate(async () => {
    const response = await fetch('/taxii2/api1/collections/', { headers: { Accept: 'application/taxii+json;version=2.1' } });
    return { status: response.status, body: await response.json() };
  });
  assert.equal(collections.status, 200);
  assert.ok(collections.body.collections.some((c) => c.id === collection && c.title.includes(GROUP)),
            JSON.stringify(collections.body));

  // --- 東和 makes a read token on the tokens page (days typed in full-width digits) and a
  // TAXII client with only that token reads the collection; once revoked, it is refused. ---
  await member.getByRole('link', { name: msg.groups_taxii_token_link }).click();
  await member.waitForURL(/\/tokens$/);
  await member.getByRole('heading', { name: msg.tokens_title, level: 1 }).waitFor();
  await checkPage(member);
  await member.getByLabel(msg.tokens_col_name).fill('ISAC TAXII 取り込み');
  await member.getByLabel(msg.tokens_col_scope).selectOption('read');
  await member.getByLabel(msg.tokens_days).fill('３０');
  await member.getByRole('button', { name: msg.tokens_create_submit }).click();
  await member.getByRole('heading', { name: msg.tokens_created_heading }).waitFor();
  await checkPage(member);
  const secret = await member.locator('#new-token').inputValue();
  assert.match(secret, /^hst_/);
  const taxii = async (token) => {
    const response = await fetch(`${server.url}/taxii2/api1/collections/`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/taxii+json;version=2.1' },
    });
    return { status: response.status, body: response.status === 200 ? await response.json() : null };
  };
  const pulled = await taxii(secret);
  assert.equal(pulled.status, 200);
  assert.ok(pulled.body.collections.some((c) => c.id === collection), JSON.stringify(pulled.body));
  await member.goto(`${server.url}/tokens`);
  assert.equal(await member.locator('#new-token').count(), 0, 'the secret is shown once only');
  const tokenRow = member.locator('table.tokens tbody tr', { hasText: 'ISAC TAXII 取り込み' });
  assert.ok((await tokenRow.innerText()).includes(msg.tokens_state_active));
  await tokenRow.getByRole('button', { name: `${msg.tokens_revoke}: ISAC TAXII 取り込み` }).click();
  await member.waitForURL(/done=tokens_revoked/);
  await member.getByRole('status').filter({ hasText: msg.done_tokens_revoked }).waitFor();
  assert.ok((await tokenRow.innerText()).includes(msg.tokens_state_revoked));
  assert.equal((await taxii(secret)).status, 401, 'a revoked token is refused');

  // --- An organisation never invited: the group does not exist for it. ---
  const outsider = await newPage('ja');
  await signIn(outsider, msg, OUTSIDER.email, OUTSIDER.password);
  const missing = await outsider.goto(`${server.url}/groups/${id}`);
  assert.equal(missing.status(), 404);
  await outsider.getByRole('heading', { name: msg.error_not_found_title, level: 1 }).waitFor();
  await outsider.goto(`${server.url}/groups`);
  assert.ok(!(await outsider.locator('main').innerText()).includes(GROUP));

  // --- The ISAC's admin removes 東和 (the confirmation is accepted). ---
  await admin.goto(`${server.url}/groups/${id}`);
  const row = admin.locator('table.members tbody tr', { hasText: MEMBER.name });
  await row.getByRole('button', { name: `${msg.groups_remove}: ${MEMBER.name}` }).click();
  await admin.waitForURL(/done=groups_removed/);
  await admin.getByRole('status').filter({ hasText: msg.done_groups_removed }).waitFor();
  assert.equal(await admin.locator('table.members tbody tr').count(), 1);
  await checkPage(admin);
  const gone = await member.goto(`${server.url}/groups/${id}`);
  assert.equal(gone.status(), 404, 'a removed member no longer sees the group');
});
