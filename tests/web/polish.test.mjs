// Japanese everywhere and the charts (issue 15), in a real Chromium at the two sizes the pages
// were tried at (desktop 1366×900, tablet 820×1180):
//   a supplier signs up with full-width digits as an IME types them and lands on its
//   self-assessments; the self-check's radar keeps every label inside the chart at 12 px or
//   more; SECURITY ACTION's result (no radar) leaves no empty column; the buyer lands on its
//   supplier list, sees 「未共有」 instead of ☆☆☆☆☆, and reads the 影響範囲 without itself as a row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, corporateNumber, DEMO_BUYER } from './harness.mjs';
import { messages, newPage as newPageOn, signIn, answerAll, checkPage } from './journey_support.mjs';

const SIZES = [{ name: 'desktop', width: 1366, height: 900 }, { name: 'tablet', width: 820, height: 1180 }];

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// Full-width digits ("０".."９") for an ASCII number, as a Japanese IME types them.
const fullWidth = (digits) => [...digits].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');

// Every label and legend of every radar on the page lies inside its <svg>'s box, and its text
// is drawn at 12 px or more. Returns the number of radars measured.
async function checkRadars(page, where) {
  const radars = await page.locator('svg.radar').evaluateAll((svgs) => svgs.map((svg) => {
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    return {
      labels: [...svg.querySelectorAll('.radar-label, .radar-legend')].map((text) => {
        const r = text.getBoundingClientRect();
        return { text: text.textContent, left: r.left - box.left, right: box.right - r.right,
                 top: r.top - box.top, bottom: box.bottom - r.bottom,
                 px: parseFloat(getComputedStyle(text).fontSize) * scale };
      }),
    };
  }));
  for (const radar of radars) {
    assert.ok(radar.labels.length >= 3, `${where}: a radar has its labels`);
    for (const l of radar.labels) {
      for (const side of ['left', 'right', 'top', 'bottom']) {
        assert.ok(l[side] >= -0.5, `${where}: "${l.text}" sticks out of the chart on the ${side} by ${-l[side]} px`);
      }
      assert.ok(l.px >= 12, `${where}: "${l.text}" is drawn at ${l.px.toFixed(1)} px (< 12)`);
    }
  }
  return radars.length;
}

for (const size of SIZES) {
  test(`supplier: full-width sign-up, radar labels and SECURITY ACTION layout (ja, ${size.name})`, async () => {
    const msg = messages('ja');
    const page = await newPageOn(browser, server, 'ja', { width: size.width, height: size.height });
    await page.getByRole('link', { name: msg.home_signup }).click();
    const number = corporateNumber();
    await page.getByLabel(msg.field_corporate_number).fill(fullWidth(number));
    await page.locator('#corporate_number_check', { hasText: msg.corporate_number_ok }).waitFor();
    await page.getByLabel(msg.field_company_name).fill(`ミライ精工 ${number.slice(-5)}`);
    await page.getByLabel(msg.field_industry).selectOption('E');
    await page.getByLabel(msg.field_employees).fill('２５');
    await page.getByLabel(msg.field_display_name).fill('総務 花子');
    await page.getByLabel(msg.field_email).fill(`soumu-${number}@example.jp`);
    await page.getByLabel(msg.field_password).fill('correct horse battery staple');
    await page.getByRole('button', { name: msg.signup_submit }).click();
    await page.waitForURL(/done=signed_up/);
    // A supplier lands on its own self-assessments.
    await page.getByRole('heading', { name: msg.dashboard_title, level: 1 }).waitFor();
    assert.equal(await page.locator('nav a[aria-current="page"]').getAttribute('href'), '/assessments');

    // SECURITY ACTION: two categories, so no radar; its note and table take the whole width.
    await page.locator('button[data-start="security-action"]').click();
    await page.waitForURL(/\/answer/);
    for (let part = 0; ; part++) {
      await answerAll(page, 'implemented');
      const finish = page.getByRole('button', { name: msg.answer_finish });
      if (await finish.count()) { await finish.click(); break; }
      await page.getByRole('button', { name: msg.answer_next }).click();
      await page.waitForURL(new RegExp(`c=${part + 1}`));
    }
    await page.waitForURL(/done=answers_complete/);
    const grid = await page.locator('section.chart .chart-grid').evaluate((g) => ({
      width: g.getBoundingClientRect().width,
      children: [...g.children].map((c) => c.getBoundingClientRect().width),
    }));
    for (const width of grid.children) {
      assert.ok(width > grid.width * 0.9, `SECURITY ACTION result: a block is ${width} px of ${grid.width} px (empty column)`);
    }
    await checkPage(page);

    // The 25-question self-check: its radar by part.
    await page.goto(`${server.url}/assessments`);
    await page.locator('button[data-start="ipa-self-check-25"]').click();
    await page.waitForURL(/\/answer/);
    for (let part = 0; part < 3; part++) {
      await answerAll(page, 'done');
      await page.getByRole('button', { name: part < 2 ? msg.answer_next : msg.answer_finish }).click();
      await page.waitForURL(part < 2 ? new RegExp(`c=${part + 1}`) : /done=answers_complete/);
    }
    assert.equal(await checkRadars(page, `self-check result at ${size.name}`), 1);
    await page.context().close();
  });
}

for (const lang of ['ja', 'en']) {
  test(`buyer: lands on its suppliers, 未共有 not ☆☆☆☆☆, 影響範囲 without itself (${lang})`, async () => {
    const msg = messages(lang);
    const page = await newPageOn(browser, server, lang);
    await signIn(page, msg, DEMO_BUYER.email, DEMO_BUYER.password);
    // A buyer lands on its supplier list.
    await page.getByRole('heading', { name: msg.suppliers_title, level: 1 }).waitFor();
    assert.equal(await page.locator('nav a[aria-current="page"]').getAttribute('href'), '/suppliers');
    const notShared = page.locator('table.suppliers [data-not-shared]');
    assert.ok(await notShared.count() > 0, 'the demo has suppliers that shared nothing');
    assert.equal(await notShared.first().textContent(), msg.suppliers_not_shared_stars);
    assert.equal(await page.locator('table.suppliers', { hasText: '☆☆☆☆☆' }).count(), 0);
    // An unknown row says why it is unknown; the rule's reason is labelled as the requirement's.
    const unknownRow = page.locator('table.suppliers tbody tr', { has: page.locator('[data-not-shared]') }).first();
    await unknownRow.getByText(msg.suppliers_status_reason_unknown).waitFor();
    await checkPage(page);

    // The blast radius of the demo's tier-1 supplier: the buyer is told once, never a row.
    await page.goto(`${server.url}/chain?supplier=3500201238765#blast`);
    await page.getByRole('heading', { name: msg.chain_blast_heading, level: 2 }).waitFor();
    await page.locator('#blast [role=status]').waitFor();
    const you = page.locator('[data-blast-you]');
    assert.equal(await you.count(), 1);
    // The buyer's own path starts at the buyer and ends at the attacked company.
    const youPath = (await you.locator('.small').textContent()).replace(/^[^:：]*[:：]\s*/, '');
    const buyerName = youPath.split('→')[0].trim();
    assert.ok(buyerName.length > 0, youPath);
    for (const name of await page.locator('#blast tbody tr td:first-child').allTextContents()) {
      assert.notEqual(name.trim(), buyerName, 'the buyer is a row of its own blast radius');
    }
    for (const path of [youPath, ...await page.locator('#blast tbody tr td:last-child').allTextContents()]) {
      const names = path.split('→').map((s) => s.trim());
      // Arrows run one way: no company appears twice on a path.
      assert.equal(new Set(names).size, names.length, `a looping path: ${path}`);
    }
    await checkPage(page);
    await page.context().close();
  });
}
