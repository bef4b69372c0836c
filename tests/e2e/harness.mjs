// What every page test needs: a real votercast server on a loopback port with a
// fresh database, staff accounts made through the CLI, Debian's Chromium driven
// by playwright-core, and screenshots saved under build/test-artifacts/.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const binary = process.env.VOTERCAST_BINARY ?? resolve(here, '../../build/votercast');
export const sharedData = process.env.VOTERCAST_SHARED_DATA ?? resolve(here, '../../../shared/data');
export const artifacts = process.env.VOTERCAST_ARTIFACTS ?? resolve(here, '../../build/test-artifacts');

// The pages' own files in web/static/ with one ending ('.js', '.html'), as
// [{ name, source }], for the tests that read the source (no innerHTML, no inline
// script): every file there, not a list by hand, so that a new one cannot escape them.
export const staticDir = resolve(here, '../../web/static');
export function staticSources(ending) {
  return readdirSync(staticDir)
    .filter((name) => name.endsWith(ending))
    .sort()
    .map((name) => ({ name, source: readFileSync(join(staticDir, name), 'utf8') }));
}

export function readJsonl(name) {
  return readFileSync(join(sharedData, name), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

// Starts `votercast serve` on 127.0.0.1 with a port the kernel picks.
// extraArgs default to no programme; control-room tests pass programme options.
export async function startServer({ extraArgs = ['--no-programme'], config } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'votercast-e2e-'));
  const db = join(dir, 'votercast.db');
  const args = ['serve', '--port', '0', '--listen', '127.0.0.1', '--db', db, ...extraArgs];
  if (config) {
    const path = join(dir, 'votercast.json');
    await import('node:fs').then((fs) => fs.writeFileSync(path, JSON.stringify(config)));
    args.push('--config', path);
  }
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s:\n${log}`)), 20000);
    const onData = (chunk) => {
      log += chunk;
      const m = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${log}`));
    });
  });
  const adminPassword = (log.match(/created user 'admin' with password: (\S+)/) ?? [])[1];
  return {
    url,
    db,
    pid: child.pid,
    adminPassword,
    log: () => log,
    // A staff account, made the way a station engineer would: the CLI on the live database.
    // An agency account names its agency ({ agency: 'Sở …' }).
    addUser(name, role, password = `mat-khau-${name}`, { agency } = {}) {
      const agencyArgs = agency ? ['--agency', agency] : [];
      const r = spawnSync(binary, ['user', 'add', name, '--role', role, ...agencyArgs, '--password-stdin', '--db', db], {
        input: `${password}\n`,
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`user add ${name} failed: ${r.stdout}${r.stderr}`);
      return { name, password };
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

// A page that fails the test on any script error or CSP violation it reports.
export async function openPage(browser, { viewport = { width: 1280, height: 900 }, javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ viewport, javaScriptEnabled, locale: 'vi-VN' });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  return page;
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

// Logs a browser context in through the API (same cookie the login page sets).
export async function apiLogin(page, url, user) {
  const r = await page.request.post(`${url}/api/login`, {
    data: { user: user.name, password: user.password },
    headers: { Origin: url },
  });
  if (r.status() !== 200) throw new Error(`login ${user.name}: ${r.status()} ${await r.text()}`);
}

// A moderator's console, logged in through the API; opened, its live stream connected,
// unless open is false (the caller then loads it, timing it, say).
export async function openConsoleAs(browser, url, user, { viewport = { width: 1600, height: 1000 }, open = true } = {}) {
  const page = await openPage(browser, { viewport });
  await apiLogin(page, url, user);
  if (open) {
    await page.goto(`${url}/console`);
    await page.waitForSelector('#conn[data-state="open"]');
  }
  return page;
}

// Lets a test reach the page's WebSocket objects (window.__sockets: to drop one the way a
// network blip would) and see the addresses it opened (page.wsUrls). Before the page loads.
export async function watchSockets(page) {
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__sockets.push(this);
      }
    };
  });
  page.wsUrls = [];
  page.on('websocket', (ws) => page.wsUrls.push(ws.url()));
}

// A voter's question through the public API, as the form sends it; fails the test unless
// it is accepted (201). Returns the answer: {id, ticket, ...}.
export async function submitQuestion(url, fields) {
  const r = await fetch(`${url}/api/questions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(fields),
  });
  const body = await r.json();
  if (r.status !== 201) throw new Error(`submitting a question: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

// A staff member's API calls from Node (no browser): logs in once, then
// call(method, path, body) -> {status, body, bytes} (the body parsed as JSON when it is,
// else its text; bytes: a Buffer of it as it came, for images).
export async function apiClient(url, user) {
  const login = await fetch(`${url}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url },
    body: JSON.stringify({ user: user.name, password: user.password }),
  });
  if (login.status !== 200) throw new Error(`login ${user.name}: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  return async (method, path, body) => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: { Cookie: cookie, Origin: url, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const bytes = Buffer.from(await r.arrayBuffer());
    const text = bytes.toString('utf8');
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: the text as it came
    }
    return { status: r.status, body: parsed, bytes };
  };
}

// Staff accounts, each logged in from Node: pairs of [name, role] -> { users, api }, where
// users[name] is the account and api[name] its apiClient.
export async function addStaff(server, pairs) {
  const users = {};
  const api = {};
  for (const [name, role] of pairs) {
    users[name] = server.addUser(name, role);
    api[name] = await apiClient(server.url, users[name]);
  }
  return { users, api };
}

// Opens a show as the given staff client (a producer's): what every studio test starts from.
export async function openShow(client, title) {
  const show = await client('POST', '/api/shows', { title });
  if (show.status !== 201) throw new Error(`opening the show: ${show.status} ${JSON.stringify(show.body)}`);
  return show.body;
}

// Polls `check` until it passes: it passes unless it throws (a failed assert) or returns
// false or null ("not yet"). Returns what it returned; fails with `what` after `timeout` ms.
export async function eventually(check, what, timeout = 5000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== null) return value;
      last = new Error('not yet');
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${last?.message}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The RGB bytes of a rectangle of the programme's latest frame (design coordinates,
// 1920×1080, scaled to the programme's size), decoded by Chromium in a page of
// a staff member who may view the programme. The card sits at 120..1800 × 800..940.
export function programmeRegion(page, { x = 120, y = 800, width = 1680, height = 140 } = {}) {
  return page.evaluate(async (box) => {
    const r = await fetch('/api/program/frame.png', { cache: 'no-store' });
    if (!r.ok) throw new Error(`frame.png: ${r.status}`);
    const bitmap = await createImageBitmap(await r.blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d');
    g.drawImage(bitmap, 0, 0);
    const sx = bitmap.width / 1920, sy = bitmap.height / 1080;
    const data = g.getImageData(Math.round(box.x * sx), Math.round(box.y * sy), Math.round(box.width * sx), Math.round(box.height * sy)).data;
    const rgb = [];
    for (let i = 0; i < data.length; i += 4) rgb.push(data[i], data[i + 1], data[i + 2]);
    return rgb;
  }, { x, y, width, height });
}

export function meanDifference(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}
