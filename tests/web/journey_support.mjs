// What every browser journey file (tests/web/*.test.mjs) shares: pages in a language, sign-in,
// the per-page checks, the message catalogues, and a real SMTP sink on loopback (Debian's
// python3-aiosmtpd, tests/notify/smtp_sink.py) for journeys that read the e-mail a user gets.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repo } from './harness.mjs';

export const messages = (lang) => JSON.parse(readFileSync(join(repo, 'web', 'messages', `${lang}.json`), 'utf8'));

// A new browser context in `lang` at desktop size (or `viewport`), on the server's home page.
export async function newPage(browser, server, lang, viewport = { width: 1200, height: 900 }) {
  const context = await browser.newContext({ locale: lang === 'ja' ? 'ja-JP' : 'en-US', acceptDownloads: true,
                                             viewport });
  const page = await context.newPage();
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`${server.url}/?lang=${lang}`);
  assert.equal(await page.getAttribute('html', 'lang'), lang);
  return page;
}

export async function signIn(page, msg, email, password) {
  await page.getByRole('navigation').getByRole('link', { name: msg.nav_login }).click();
  await page.getByLabel(msg.field_email).fill(email);
  await page.getByLabel(msg.field_password).fill(password);
  await page.getByRole('main').getByRole('button', { name: msg.login_submit }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export async function answerAll(page, status) {
  for (const radio of await page.locator(`input[type=radio][value=${status}]`).all()) await radio.check();
}

// Every page: HTML well under 100 KB, one <h1>, and a label for every form control.
export async function checkPage(page) {
  const html = await page.content();
  assert.ok(Buffer.byteLength(html) < 100 * 1024, `${page.url()} is ${Buffer.byteLength(html)} bytes`);
  assert.equal(await page.locator('h1').count(), 1, `${page.url()} has one <h1>`);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((e) => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
    .map((e) => e.name || e.id));
  assert.deepEqual(unlabelled, [], `${page.url()} has unlabelled controls`);
}

// Starts the SMTP sink. Returns {port, received(), waitFor(predicate, ms), stop()}; received()
// lists the messages as the sink's Python reader decoded them (subject decoded per RFC 2047,
// body from its transfer encoding, headers raw), oldest first.
export async function startSmtpSink() {
  const dir = mkdtempSync(join(tmpdir(), 'hoshitori-smtp-'));
  const sink = spawn('/usr/bin/python3', [join(repo, 'tests', 'notify', 'smtp_sink.py'), dir],
                     { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  sink.stderr.on('data', (chunk) => { err += chunk; });
  const port = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`SMTP sink did not start:\n${err}`)), 15000);
    let out = '';
    sink.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/^PORT (\d+)$/m);
      if (match) { clearTimeout(timer); resolvePromise(Number(match[1])); }
    });
    sink.on('exit', (code) => { clearTimeout(timer); reject(new Error(`SMTP sink exited (${code}):\n${err}`)); });
  });
  const received = () => {
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((f) => f.endsWith('.json'))
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  };
  return {
    port,
    received,
    async waitFor(predicate, ms = 15000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = received().find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such e-mail in the SMTP sink; received: ${JSON.stringify(received().map((m) => m.subject))}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      sink.removeAllListeners('exit');
      sink.stdin.end();
      await new Promise((r) => { if (sink.exitCode !== null) r(); else sink.on('exit', r); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The text of a downloaded PDF (poppler's pdftotext), without white space: the page wraps
// lines, in the middle of Japanese words too.
export function pdfText(path) {
  const run = spawnSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.replace(/\s+/g, '');
}

// The fonts of a downloaded PDF: Noto Sans CJK is embedded, and as a subset.
export function assertCjkFontEmbedded(path) {
  const run = spawnSync('pdffonts', [path], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const rows = run.stdout.split('\n').slice(2).filter((line) => line.trim());
  assert.ok(rows.some((line) => /^[A-Z]{6}\+NotoSansCJK/.test(line)), run.stdout);
  for (const line of rows) assert.match(line, / yes yes /, `embedded subset: ${line}`);
}

export const squeeze = (text) => text.replace(/\s+/g, '');
