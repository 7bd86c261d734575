// Shared by the browser journeys and the screenshot script: a fresh Hoshitori server on a
// temporary SQLite database with the demo data, and Debian's Chromium driven by Playwright.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');

export const DEMO_BUYER = { email: 'buyer@daiwa.example', password: 'hoshitori-demo-2026', number: '4180001234567' };

// The hoshitori binary: $HOSHITORI_BIN, else build/src/hoshitori.
export function binary() {
  const path = process.env.HOSHITORI_BIN || join(repo, 'build', 'src', 'hoshitori');
  if (!existsSync(path)) throw new Error(`${path} is missing; build first (scripts/build.sh) or set HOSHITORI_BIN`);
  return path;
}

// Starts `hoshitori serve` on a new demo database and a free port. Returns {url, stop}.
// With `smtpPort`, the server sends its e-mail to smtp://127.0.0.1:<smtpPort> (see
// journey_support.mjs startSmtpSink) with links under http://hoshitori.test.
export async function startServer({ smtpPort } = {}) {
  const program = binary();
  const dir = mkdtempSync(join(tmpdir(), 'hoshitori-web-'));
  try {
    return await serveDemo(program, dir, smtpPort);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function serveDemo(program, dir, smtpPort) {
  const db = join(dir, 'demo.db');
  const demo = spawnSync(program, ['--db', db, 'demo', '--reset'], { cwd: repo, encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`demo --reset failed:\n${demo.stdout}\n${demo.stderr}`);
  const args = ['--db', db, 'serve', '--port', '0', '--quiet', '--insecure-fast-password-hashing'];
  if (smtpPort) {
    args.push('--smtp-url', `smtp://127.0.0.1:${smtpPort}`, '--smtp-from', 'noreply@hoshitori.test',
              '--public-url', 'http://hoshitori.test');
  }
  const server = spawn(program, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stderr.on('data', (chunk) => { log += chunk; });
  const url = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30000);
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/[0-9.]+:\d+)\//);
      if (match) { clearTimeout(timer); resolvePromise(match[1]); }
    });
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${log}`)); });
  });
  return {
    url,
    db,
    program,
    log: () => log,
    async stop() {
      server.removeAllListeners('exit');
      server.kill('SIGTERM');
      await new Promise((r) => { if (server.exitCode !== null) r(); else server.on('exit', r); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Debian's Chromium, headless. As root it needs --no-sandbox; with no network the
// background services are switched off so that nothing waits on the network.
export function chromiumPath() {
  for (const path of [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium']) {
    if (path && existsSync(path)) return path;
  }
  throw new Error('Chromium is missing; run scripts/setup.sh');
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage', '--disable-sync',
           '--disable-default-apps', '--disable-extensions', '--metrics-recording-only', '--mute-audio',
           '--no-default-browser-check', '--disable-breakpad', '--disable-domain-reliability',
           '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider'],
  });
}

// A valid 13-digit corporate number (the first digit checks the other twelve).
export function corporateNumber() {
  let base = '';
  for (let i = 0; i < 12; i++) base += Math.floor(Math.random() * 10);
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base.charAt(12 - n)) * (n % 2 === 1 ? 1 : 2);
  return String(9 - (sum % 9)) + base;
}

// The entries of a zip file (an xlsx) by name, as text.
export function unzipText(path) {
  const data = readFileSync(path);
  let end = data.length - 22;
  while (end >= 0 && data.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const files = {};
  for (let i = 0; i < count; i++) {
    const method = data.readUInt16LE(at + 10);
    const size = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28), extra = data.readUInt16LE(at + 30), comment = data.readUInt16LE(at + 32);
    const local = data.readUInt32LE(at + 42);
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + size);
    files[name] = (method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
    at += 46 + nameLength + extra + comment;
  }
  return files;
}
