// Browser journeys of the report PDFs (issue 15), in Japanese and English: a supplier
// downloads the management report from its result page, a buyer the supplier-portfolio report
// from its supplier list; both are read back with poppler's pdftotext and pdffonts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, launchBrowser, DEMO_BUYER } from './harness.mjs';
import { messages, newPage as newPageOn, signIn, checkPage, pdfText, assertCjkFontEmbedded, squeeze } from './journey_support.mjs';

// The demo supplier 東和 (its hub assessment is shared with the demo buyer with details).
const DEMO_SUPPLIER = { email: 'admin@towa.example', password: DEMO_BUYER.password };

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

const newPage = (lang) => newPageOn(browser, server, lang);

for (const lang of ['ja', 'en']) {
  test(`supplier downloads the management report from its result page (${lang})`, async () => {
    const msg = messages(lang);
    const page = await newPage(lang);
    await signIn(page, msg, DEMO_SUPPLIER.email, DEMO_SUPPLIER.password);
    await page.goto(`${server.url}/assessments?lang=${lang}`);
    const links = await page.locator('a[href^="/assessments/"]').evaluateAll(
      (anchors) => anchors.map((a) => a.getAttribute('href')).filter((href) => /^\/assessments\/\d+$/.test(href)));
    assert.ok(links.length > 0, 'the demo supplier has an assessment');
    await page.goto(`${server.url}${links[0]}?lang=${lang}`);
    await checkPage(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: msg.report_management_pdf }).click(),
    ]);
    assert.match(download.suggestedFilename(), new RegExp(`^hoshitori-report-\\d+-${lang}\\.pdf$`));
    const path = await download.path();
    const text = pdfText(path);
    const wanted = lang === 'ja'
      ? ['経営者向けレポート', '保持しているレベル', '回答が満たしているレベル', '分類ごとの達成率', '対策の計画']
      : ['reportformanagement', 'Levelheld', 'Leveltheanswersmeet', 'Coveragebycategory', 'Actionplan'];
    for (const word of wanted) assert.ok(text.includes(squeeze(word)), `${word} in the PDF`);
    assert.ok(text.includes('東和'), 'the supplier is named');
    if (lang === 'en') assert.ok(!text.includes('保持しているレベル'), 'no Japanese labels in English');
    assertCjkFontEmbedded(path);
    await page.context().close();
  });

  test(`buyer downloads the supplier-portfolio report from its supplier list (${lang})`, async () => {
    const msg = messages(lang);
    const page = await newPage(lang);
    await signIn(page, msg, DEMO_BUYER.email, DEMO_BUYER.password);
    await page.getByRole('navigation').getByRole('link', { name: msg.nav_suppliers }).click();
    await page.waitForURL(/\/suppliers/);
    // The first supplier's corporate number (the second column) is in the report too.
    const first = (await page.locator('table.suppliers tbody tr').first().locator('td').nth(1).textContent()).trim();
    assert.match(first, /^\d{13}$/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: msg.report_portfolio_pdf }).click(),
    ]);
    assert.match(download.suggestedFilename(), new RegExp(`^hoshitori-portfolio-\\d{4}-\\d{2}-\\d{2}-${lang}\\.pdf$`));
    const path = await download.path();
    const text = pdfText(path);
    const wanted = lang === 'ja'
      ? ['取引先のセキュリティ状況', '方針への適合', '保持しているレベル', 'すべての取引先', msg.compliance_meets]
      : ['Suppliersecurityportfolio', 'Compliancewithyourpolicy', 'Levelheld', 'Allsuppliers', msg.compliance_meets];
    for (const word of wanted) assert.ok(text.includes(squeeze(word)), `${word} in the PDF`);
    assert.ok(text.includes(squeeze(first)), `the first supplier of the list (${first}) is in the PDF`);
    assertCjkFontEmbedded(path);
    await page.context().close();
  });
}
