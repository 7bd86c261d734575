// The buyer's bulk work (issue 15), in Japanese and in English, each on a fresh demo database:
// the demo buyer uploads 200 relationships from an xlsx (after a bad file is refused with its
// row errors and nothing stored) → adds a rule from the policy form → sets a ★4 override for
// one supplier, which the supplier list then shows as the requirement and its reason → asks
// every failing supplier at once with a deadline (and again: no duplicates) → downloads the
// per-question xlsx and checks its cells: numbers and dates as numeric cells, not strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { startServer, launchBrowser, corporateNumber, unzipText, DEMO_BUYER } from './harness.mjs';
import { messages, newPage, signIn, checkPage, pdfText, assertCjkFontEmbedded, squeeze } from './journey_support.mjs';

const SUPPLIERS = 200;

// A zip archive of `files` ({name: text}), every entry stored (no compression).
function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);  // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// An xlsx workbook with one sheet of `rows` (arrays of text), written as inline strings.
function xlsx(rows) {
  const column = (i) => String.fromCharCode(65 + i);
  const sheetRows = rows.map((cells, r) => `<row r="${r + 1}">` + cells.map((cell, c) =>
    `<c r="${column(c)}${r + 1}" t="inlineStr"><is><t>${escape(cell)}</t></is></c>`).join('') + '</row>').join('');
  const ns = 'http://schemas.openxmlformats.org';
  return zip({
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}/spreadsheetml/2006/main" ` +
      `xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="取引先" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}/spreadsheetml/2006/main">` +
      `<sheetData>${sheetRows}</sheetData></worksheet>`,
  });
}

// Registers `count` new organisations in the server's database (the operator's CLI) and
// returns their corporate numbers and names.
function registerSuppliers(server, count, lang) {
  const dir = mkdtempSync(join(tmpdir(), 'hoshitori-bulk-'));
  try {
    const suppliers = [];
    const seen = new Set();
    while (suppliers.length < count) {
      const number = corporateNumber();
      if (seen.has(number)) continue;
      seen.add(number);
      suppliers.push({ number, name: `${lang === 'ja' ? '部品工業' : 'Parts Works'} ${suppliers.length + 1}` });
    }
    const csv = 'corporate_number,name,industry,employees,capital_yen\n' +
      suppliers.map((s) => `${s.number},${s.name},E,40,10000000`).join('\n') + '\n';
    const file = join(dir, 'organisations.csv');
    writeFileSync(file, csv);
    const run = spawnSync(server.program, ['--db', server.db, 'org', 'import', file], { encoding: 'utf8' });
    assert.equal(run.status, 0, `org import failed:\n${run.stdout}\n${run.stderr}`);
    return suppliers;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function upload(page, dir, name, bytes) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  await page.locator('input[type=file][name=file]').setInputFiles(path);
  await page.locator('form[action="/relationships/upload"] button[type=submit]').click();
  await page.waitForLoadState('domcontentloaded');
}

for (const lang of ['ja', 'en']) {
  test(`buyer bulk journey: 200 relationships from xlsx → override → bulk requests → per-question xlsx → portfolio PDF (${lang})`,
    { timeout: 240000 }, async () => {
      const msg = messages(lang);
      const server = await startServer();
      const browser = await launchBrowser();
      const dir = mkdtempSync(join(tmpdir(), 'hoshitori-bulk-files-'));
      try {
        const suppliers = registerSuppliers(server, SUPPLIERS, lang);
        const page = await newPage(browser, server, lang);
        await signIn(page, msg, DEMO_BUYER.email, DEMO_BUYER.password);

        // The upload page, reached from the relationships page, with its templates.
        await page.goto(`${server.url}/relationships`);
        await page.locator('#upload-link').click();
        await page.getByRole('heading', { name: msg.upload_title, level: 1 }).waitFor();
        await checkPage(page);
        const [template] = await Promise.all([page.waitForEvent('download'),
          page.locator('a[data-template=xlsx]').click()]);
        assert.ok(unzipText(await template.path())['xl/worksheets/sheet1.xml'], 'the template is a workbook');

        // A bad file: row 6 has a wrong check digit, row 10 an unknown kind. Nothing is stored.
        const header = ['仕入先の法人番号', '取引の種類', '取り扱う情報', '接続', '開始日'];
        const rows = suppliers.map((s, i) =>
          [s.number, i % 2 ? 'parts' : 'logistics', i % 3 ? 'internal' : 'none', 'email', '2026-04-01']);
        const bad = rows.map((row) => [...row]);
        bad[4][0] = String((Number(bad[4][0][0]) + 1) % 10) + bad[4][0].slice(1);
        bad[8][1] = 'spaceship';
        await upload(page, dir, 'bad.xlsx', xlsx([header, ...bad]));
        await page.getByRole('alert').filter({ hasText: msg.upload_refused }).waitFor();
        const problems = page.locator('table.upload-problems tbody tr');
        assert.equal(await problems.count(), 2);
        assert.equal(await problems.nth(0).locator('td').nth(0).textContent(), '6');
        assert.equal(await problems.nth(0).locator('td').nth(1).textContent(), '仕入先の法人番号');
        assert.equal(await problems.nth(1).locator('td').nth(0).textContent(), '10');
        assert.equal(await problems.nth(1).locator('td').nth(1).textContent(), '取引の種類');
        await checkPage(page);
        await page.goto(`${server.url}/suppliers?q=${suppliers[0].number}`);
        assert.equal(await page.locator('table.suppliers tbody tr').count(), 0, 'nothing of the bad file was stored');

        // The good file: 200 relationships at once.
        await page.goto(`${server.url}/relationships/upload`);
        await upload(page, dir, 'good.xlsx', xlsx([header, ...rows]));
        await page.waitForURL(/done=uploaded/);
        await page.locator('.notice', { hasText: msg.done_uploaded }).waitFor();
        // The suppliers' table comes in pages of 50: the first page, then the last one.
        const listed = await page.locator('table.relationships').first().locator('tbody tr').count();
        assert.equal(listed, 50, `${listed} relationships on the first page`);
        await checkPage(page);
        let total = listed;
        for (let n = 2; await page.locator('nav.pager a[rel=next]').count() > 0; n++) {
          await page.locator('nav.pager a[rel=next]').click();
          await page.waitForURL(new RegExp(`page=${n}$`));
          total += await page.locator('table.relationships').first().locator('tbody tr').count();
          assert.ok(n < 100, 'the pages end');
        }
        assert.ok(total >= SUPPLIERS, `${total} relationships over all pages`);
        await checkPage(page);

        // The policy as a form: the default flow reads as questions; a rule from the lists.
        await page.goto(`${server.url}/policy`);
        await page.locator('#decision-flow li').nth(3).waitFor();
        await page.locator('#rule-form input[name=kind_cloud_service]').check();
        await page.locator('#rule-form input[name=data_personal]').check();
        await page.locator('#rule_id').fill('cloud-personal');
        await page.locator('#rule_reason').fill(lang === 'ja' ? '個人情報を預けるクラウド' : 'cloud holding personal data');
        await page.locator('#rule-form button[type=submit]').click();
        await page.waitForURL(/done=rule_added/);
        await page.getByText('kind in cloud_service, data has personal').first().waitFor();
        await checkPage(page);

        // A ★4 override for one supplier, shown in the supplier list as requirement and reason.
        const chosen = suppliers[1];  // a parts supplier: the rules ask ★3
        await page.locator('#overrides-link').click();
        await page.getByRole('heading', { name: msg.overrides_title, level: 1 }).waitFor();
        await checkPage(page);
        const option = page.locator('#relationship option', { hasText: chosen.number });
        await page.locator('#relationship').selectOption(await option.getAttribute('value'));
        await page.locator('#star').selectOption('4');
        await page.locator('#reason').fill(lang === 'ja' ? '基幹部品' : 'key part');
        await page.locator('form[action="/policy/overrides"] button.primary').click();
        await page.waitForURL(/done=override_set/);
        await page.locator('table.overrides tbody tr', { hasText: chosen.number }).waitFor();
        await page.goto(`${server.url}/suppliers?q=${chosen.number}`);
        const row = page.locator('table.suppliers tbody tr', { hasText: chosen.number });
        await row.waitFor();
        assert.ok((await row.textContent()).includes('★4'), 'the override sets the requirement');
        assert.ok((await row.textContent()).includes(lang === 'ja' ? '発注者がこの取引に個別指定' : 'set by the buyer for this relationship'));
        await checkPage(page);

        // Ask every failing supplier at once, with a deadline; asking again sends nothing new.
        await page.goto(`${server.url}/suppliers`);
        await checkPage(page);
        const deadline = '2099-03-31';
        const ask = async () => {
          await page.locator('#all_failing').check();
          await page.locator('#bulk_framework').selectOption('hoshitori-common');
          await page.locator('#bulk_deadline').fill(deadline);
          await page.locator('#bulk-request button[type=submit]').click();
          await page.waitForURL(/done=bulk_requested/);
          const url = new URL(page.url());
          return { sent: Number(url.searchParams.get('sent')), skipped: Number(url.searchParams.get('skipped')) };
        };
        const first = await ask();
        assert.ok(first.sent >= SUPPLIERS, `${first.sent} requests sent`);
        await page.locator('.notice', { hasText: String(first.sent) }).waitFor();
        const second = await ask();
        assert.equal(second.sent, 0, 'no second request while one is open');
        assert.equal(second.skipped, first.sent + first.skipped);
        const requests = await page.request.get(`${server.url}/api/v1/requests`);
        assert.equal(requests.status(), 200);
        const open = (await requests.json()).requests.filter((r) => r.deadline === deadline);
        assert.equal(open.length, first.sent, 'every request carries the deadline');

        // The per-question workbook: a Japanese sheet name, a dated file name, typed cells.
        await page.locator('#answers_framework').selectOption('hoshitori-common');
        const [download] = await Promise.all([page.waitForEvent('download'),
          page.locator('#answers-export button[type=submit]').click()]);
        const today = new Date().toISOString().slice(0, 10);
        assert.equal(download.suggestedFilename(), `${msg.answers_file_prefix}_common_${today}.xlsx`);
        const files = unzipText(await download.path());
        assert.ok(files['xl/workbook.xml'].includes(`name="${msg.answers_sheet_name}"`), 'the sheet is named');
        const sheet = files['xl/worksheets/sheet1.xml'];
        const strings = files['xl/sharedStrings.xml'] || '';
        assert.ok(strings.includes(msg.answers_col_star), 'the header is there');
        const cell = (ref) => (sheet.match(new RegExp(`<c r="${ref}"[^>]*?(?:/>|>.*?</c>)`)) || [''])[0];
        // Row 2 is the first supplier that shares with the demo buyer: its level (C) is a number,
        // the end of its validity (D) a date (a styled number), neither a shared string.
        for (const ref of ['C2', 'D2']) {
          const text = cell(ref);
          assert.ok(text.includes('<v>'), `${ref} has a value: ${text}`);
          assert.ok(!/t="s"/.test(text) && !/t="str"/.test(text) && !/t="inlineStr"/.test(text), `${ref} is numeric: ${text}`);
        }
        assert.ok(/ s="\d+"/.test(cell('D2')), 'the date cell carries a date format');
        // The supplier that shared its details has its answers in the question columns.
        assert.ok(strings.includes(msg.status_implemented), 'answers are there');

        // The supplier-portfolio PDF from the supplier list: every supplier, the one with the
        // override among them, in the page's language with the Japanese font embedded.
        await page.goto(`${server.url}/suppliers`);
        const [portfolio] = await Promise.all([page.waitForEvent('download'),
          page.getByRole('link', { name: msg.report_portfolio_pdf }).click()]);
        assert.match(portfolio.suggestedFilename(), new RegExp(`^hoshitori-portfolio-\\d{4}-\\d{2}-\\d{2}-${lang}\\.pdf$`));
        const report = pdfText(await portfolio.path());
        assert.ok(report.includes(squeeze(chosen.number)), 'the supplier with the override is in the PDF');
        assertCjkFontEmbedded(await portfolio.path());
        await page.context().close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await browser.close();
        await server.stop();
      }
    });
}
