// Writes PNG screenshots of the main pages, in Japanese and English, to the directory given
// (scripts/screenshots.sh passes docs/screenshots). Same server and browser as the journeys.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, DEMO_BUYER } from './harness.mjs';

const out = process.argv[2];
if (!out) throw new Error('usage: node screenshots.mjs OUTPUT_DIR');
const SUPPLIER = { email: 'admin@towa.example', password: DEMO_BUYER.password };

const server = await startServer();
const browser = await launchBrowser();
const written = [];
try {
  for (const lang of ['ja', 'en']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang });
    const page = await context.newPage();
    const shoot = async (name, path) => {
      if (path) await page.goto(server.url + path);
      const file = join(out, `${lang}-${name}.png`);
      await page.screenshot({ path: file });
      written.push(`${file} ${statSync(file).size} bytes`);
    };
    const signIn = async (who) => {
      await page.goto(`${server.url}/login`);
      await page.fill('#email', who.email);
      await page.fill('#password', who.password);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('main button[type=submit]')]);
    };
    await page.goto(`${server.url}/?lang=${lang}`);
    await shoot('home');
    await shoot('signup', '/signup');

    // A supplier (the demo's 東和システム).
    await signIn(SUPPLIER);
    await shoot('dashboard', '/assessments');
    const result = await page.locator('a[href^="/assessments/"]:not([href$="answer"])').first().getAttribute('href');
    await shoot('result', result);
    // The result at tablet size too (the radar's labels stay whole and readable there).
    await page.setViewportSize({ width: 820, height: 1180 });
    await shoot('result-tablet', result);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/assessments`);
    await page.click('button[data-start="hoshitori-common"]');
    await page.waitForLoadState();
    if (!/\/answer/.test(page.url())) throw new Error(`starting the common catalog led to ${page.url()}`);
    await page.goto(page.url().split('?')[0] + '?c=3');
    await page.locator('details.why').first().evaluate((d) => { d.open = true; });
    await shoot('answer');
    await shoot('shares', '/shares');
    await page.click('header form[action="/logout"] button');

    // The buyer (the demo's 大和自動車).
    await signIn(DEMO_BUYER);
    await page.goto(`${server.url}/policy`);
    await page.fill('#rules', 'rule star4-logistics: kind = logistics => star4 "logistics partners see our production plans / 物流の取引先は生産計画を扱う"');
    await Promise.all([page.waitForURL(/done=policy_saved/), page.click('main form:has(#rules) button[type=submit]')]);
    await shoot('policy');
    await shoot('suppliers', '/suppliers');
    await shoot('suppliers-below', '/suppliers?status=below');
    await page.goto(`${server.url}/suppliers`);
    const detail = await page.locator('table.suppliers a[href^="/suppliers/"]').last().getAttribute('href');
    await shoot('supplier-detail', detail);
    await shoot('chain', '/chain');
    await shoot('chain-blast-radius', '/chain?supplier=3500201238765#blast');
    await shoot('relationships', '/relationships');
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(written.join('\n'));
