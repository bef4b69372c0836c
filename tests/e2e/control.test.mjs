// The control room (/control) and the overlay (/overlay) against a real votercast
// server running its GStreamer programme at 640x360, driven with Debian's Chromium:
// take a queued question to air and find it on the programme's frames, the same
// ON AIR state on a second control room, clear, preview, the keyboard, the
// producer's read-only view, and the overlay's drawing of the scene.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test control.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { addStaff, apiLogin, eventually, launchBrowser, meanDifference, openPage, openShow, programmeRegion, screenshot, startServer, staticSources, submitQuestion, watchSockets } from './harness.mjs';

const OVERLAY_TOKEN = 'overlay-token-for-the-e2e-test-0123456789';

let server;
let browser;
let users;
let api; // logged-in API clients by user name

before(async () => {
  server = await startServer({ extraArgs: ['--format', '640x360@25'], config: { overlay_token: OVERLAY_TOKEN } });
  browser = await launchBrowser();
  ({ users, api } = await addStaff(server, [['op', 'operator'], ['op2', 'operator'], ['prod', 'producer']]));
  await openShow(api.prod, 'Đối thoại với cử tri — kỳ họp thứ 12');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// ---- helpers ------------------------------------------------------------------------

// A staff API client in Node: the session cookie and a same-origin Origin header.

async function submit(fields) {
  return (await submitQuestion(server.url, fields)).id;
}

async function question(id) {
  const r = await api.prod('GET', `/api/questions/${id}`);
  assert.equal(r.status, 200);
  return r.body;
}

// Submitted by a voter, approved and (unless queue is false) put in the rundown by the producer.
async function prepareQuestion(fields, { queue = true } = {}) {
  const id = await submit(fields);
  let q = await question(id);
  for (const to of queue ? ['approved', 'queued'] : ['approved']) {
    const r = await api.prod('POST', `/api/questions/${id}/transition`, { to, version: q.version });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    q = r.body;
  }
  return q;
}

async function graphicsHealth() {
  const r = await api.op('GET', '/api/program/health');
  assert.equal(r.status, 200);
  return r.body.graphics;
}

async function scene() {
  const r = await api.op('GET', '/api/program/scene');
  assert.equal(r.status, 200);
  return r.body.scene;
}

// A page whose problems (script errors, CSP violations) are checked at the end of the
// test; the server's own Content-Security-Policy applies.
async function cspPage(viewport) {
  return openPage(browser, { viewport });
}

// Every page is served with the policy that forbids inline script.
async function gotoWithPolicy(page, url) {
  const response = await page.goto(url);
  assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/, `CSP on ${url}`);
  return response;
}

async function openControl(user, viewport = { width: 1920, height: 1080 }) {
  const page = await cspPage(viewport);
  await apiLogin(page, server.url, user);
  await gotoWithPolicy(page, `${server.url}/control`);
  // Live: the scene is read and the event stream is open.
  await page.waitForSelector('#connection.pill-ok', { timeout: 10000 });
  await page.waitForSelector('section.layer[data-layer="bug"][data-on-air="true"]');
  return page;
}

function noProblems(...pages) {
  for (const page of pages) assert.deepEqual(page.problems, [], 'script errors or CSP violations');
}

const layer = (page, name) => page.locator(`section.layer[data-layer="${name}"]`);
const onAir = (page, name, value = true) =>
  page.waitForSelector(`section.layer[data-layer="${name}"][data-on-air="${value}"]`, { timeout: 5000 });

// The card's box in the programme's latest frame.
const cardRegion = (page) => programmeRegion(page);

// Mean red and blue over a region: the card is navy (0B2254) with white text.
function meanRedBlue(rgb) {
  let r = 0, b = 0;
  for (let i = 0; i < rgb.length; i += 3) (r += rgb[i]), (b += rgb[i + 2]);
  return { red: r / (rgb.length / 3), blue: b / (rgb.length / 3) };
}

// ---- tests --------------------------------------------------------------------------

const htmlBait = '<img src=x onerror="document.title=\'pwned\'"><b>đậm</b>';
let first; // the question taken in test 1
let pageA; // operator, 1920 wide
let pageB; // a second control room (another operator), 1280 wide

test('a queued question taken by the control room is on the programme, on air in the API and on a second control room', async () => {
  first = await prepareQuestion({
    name: 'Trần Hữu Quynh',
    area: 'Phường Hòa Phú, TP. Thủ Dầu Một',
    topic: 'giao thông',
    text: `Đường ĐT743 đoạn qua phường Hòa Phú xuống cấp nghiêm trọng. Khi nào tỉnh sửa chữa? ${htmlBait}`,
  });
  await prepareQuestion(
    { name: 'Lê Thị Hoa', area: 'TP. Dĩ An', topic: 'giáo dục', text: 'Trường tiểu học quá tải, mỗi lớp hơn 50 học sinh' },
    { queue: false },
  );
  pageA = await openControl(users.op);
  pageB = await openControl(users.op2, { width: 1280, height: 900 });

  const card = layer(pageA, 'question_card');
  await card.locator('[data-role="next"]').getByText('Khi nào tỉnh sửa chữa?').waitFor();
  // Voter text is text: the bait shows as characters, nothing is parsed.
  assert.match(await card.locator('[data-role="next"]').textContent(), /<img src=x onerror=/);
  assert.equal(await pageA.locator('section.layer img').count(), 0);
  assert.equal(await layer(pageB, 'question_card').getAttribute('data-on-air'), 'false');

  // The rundown's next card is drawn ahead by the server as soon as the room shows it.
  await eventually(async () => (await graphicsHealth()).prepared.renders >= 1 || null, 'the next card drawn ahead');
  const before = await cardRegion(pageA);
  await card.locator('button[data-action="take"]').click();
  await onAir(pageA, 'question_card');
  assert.ok((await graphicsHealth()).prepared.takes >= 1, 'the take drew the card again instead of cutting to it');

  assert.equal((await question(first.id)).state, 'on_air');
  const s = await scene();
  assert.equal(s.question_card.visible, true);
  assert.equal(s.question_card.asker, 'Trần Hữu Quynh');
  assert.match(s.question_card.text, /Khi nào tỉnh sửa chữa\?/);

  // On the programme: the card's region of the frame changed, and to the card's navy.
  const withCard = await eventually(async () => {
    const now = await cardRegion(pageA);
    return meanDifference(before, now) > 20 ? now : null;
  }, 'the card on the programme frame');
  const colour = meanRedBlue(withCard);
  assert.ok(colour.blue > colour.red + 15, `navy card expected, got ${JSON.stringify(colour)}`);

  // The second control room, without a reload.
  await onAir(pageB, 'question_card');
  assert.equal((await layer(pageB, 'question_card').locator('[data-role="tally"]').textContent()).trim(), 'ĐANG PHÁT');
  assert.match(await layer(pageB, 'question_card').locator('[data-role="last-change"]').textContent(), /op/);
  await pageB.waitForSelector('#tallies li[data-layer="question_card"][data-on-air="true"]'); // the sticky top bar
  assert.notEqual(await pageA.title(), 'pwned');
  await screenshot(pageA, 'control-operator-card-on-air-1920');
  noProblems(pageA, pageB);
});

test('clearing the card moves the question to aired and both control rooms show it off', async () => {
  assert.ok(pageA && first, 'needs the previous test');
  assert.equal(await layer(pageB, 'question_card').getAttribute('data-on-air'), 'true', 'the second room shows the card on air');
  await layer(pageA, 'question_card').locator('button[data-action="clear"]').click();
  await onAir(pageA, 'question_card', false);
  await onAir(pageB, 'question_card', false);
  assert.equal((await layer(pageB, 'question_card').locator('[data-role="tally"]').textContent()).trim(), 'TẮT');
  assert.equal((await scene()).question_card.visible, false);
  await eventually(async () => (await question(first.id)).state === 'aired', 'the question to be aired');
  noProblems(pageA, pageB);
});

test('PREVIEW shows the layer as an image and changes nothing on air', async () => {
  assert.ok(pageA, 'needs the first test');
  const lower = layer(pageA, 'lower_third');
  await pageA.fill('#caller-name', 'Lê Văn Ổn');
  await pageA.fill('#caller-area', 'Xã Điện Ngọc, TX. Điện Bàn');
  await pageA.fill('#caller-topic', 'đất đai');
  const before = await scene();
  await lower.locator('button[data-action="preview"]').click();
  const size = await pageA.waitForFunction(() => {
    const img = document.querySelector('#pvw');
    return !img.hidden && img.complete && img.naturalWidth > 0 && img.dataset.layer === 'lower_third' && [img.naturalWidth, img.naturalHeight];
  });
  assert.deepEqual(await size.jsonValue(), [640, 360], 'a still at the programme size');
  assert.match(await pageA.textContent('#pvw-label'), /Người gọi điện — chưa lên sóng/);
  // The still shows the caller: the lower third's box differs from the programme frame there.
  const stillVsFrame = await pageA.evaluate(async () => {
    const decode = async (source) => {
      const bitmap = await createImageBitmap(source);
      const g = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
      g.drawImage(bitmap, 0, 0);
      return g.getImageData(Math.round(120 / 3), Math.round(880 / 3), 200, 30).data; // inside the caller's box
    };
    const still = await decode(document.querySelector('#pvw')); // a blob: URL, drawn from the <img>
    const frame = await decode(await (await fetch('/api/program/frame.png')).blob());
    let sum = 0;
    for (let i = 0; i < still.length; i++) if (i % 4 !== 3) sum += Math.abs(still[i] - frame[i]);
    return sum / (still.length * 0.75);
  });
  assert.ok(stillVsFrame > 20, `the preview shows the lower third (difference ${stillVsFrame})`);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await scene(), before, 'PREVIEW changed the programme scene');
  assert.equal(await lower.getAttribute('data-on-air'), 'false');
  assert.equal(await layer(pageB, 'lower_third').getAttribute('data-on-air'), 'false');
  await screenshot(pageA, 'control-preview-lower-third-1920');
  noProblems(pageA, pageB);
});

test('keyboard: F1 takes the next question, F4 the ticker, Esc clears all but the bug', async () => {
  assert.ok(pageA, 'needs the first test');
  const next = await prepareQuestion({
    name: 'Phạm Thị Hường',
    area: 'Phường Phú Cường',
    topic: 'y tế',
    text: 'Bao giờ trạm y tế phường Phú Cường được nâng cấp?',
  });
  await layer(pageA, 'question_card').locator('[data-role="next"]').getByText('trạm y tế phường Phú Cường').waitFor();
  await pageA.locator('h1').click(); // focus on the page, not in a field
  await pageA.keyboard.press('F1');
  await onAir(pageA, 'question_card');
  await onAir(pageB, 'question_card');
  assert.match((await scene()).question_card.text, /trạm y tế phường Phú Cường/);
  assert.equal((await question(next.id)).state, 'on_air');

  await pageA.keyboard.press('F4');
  await onAir(pageA, 'ticker');
  const withTicker = await scene();
  assert.equal(withTicker.ticker.visible, true);
  assert.ok(withTicker.ticker.items.some((i) => /Trường tiểu học quá tải/.test(i)), JSON.stringify(withTicker.ticker.items));
  assert.equal(pageA.url(), `${server.url}/control`, 'F-keys do not reach the browser (F5 would reload)');

  // Esc inside a text field only leaves the field.
  await pageA.focus('#caller-name');
  await pageA.keyboard.press('Escape');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await scene()).ticker.visible, true, 'Esc in a field must not clear the programme');

  await pageA.keyboard.press('Escape');
  await onAir(pageA, 'question_card', false);
  await onAir(pageA, 'ticker', false);
  await onAir(pageB, 'ticker', false);
  const cleared = await scene();
  for (const name of ['question_card', 'lower_third', 'ticker', 'qr', 'poll']) assert.equal(cleared[name].visible, false, name);
  assert.equal(cleared.bug.visible, true, 'CLEAR ALL leaves the bug');
  await eventually(async () => (await question(next.id)).state === 'aired', 'the question to be aired');
  noProblems(pageA, pageB);
});

test('the producer sees the control room read-only; screenshots at 1920 and 1280', async () => {
  assert.ok(pageA, 'needs the first test');
  // Something on air for the pictures: QR and caller.
  await pageA.locator('h1').click();
  await pageA.keyboard.press('F5');
  await onAir(pageA, 'qr');
  await layer(pageA, 'lower_third').locator('button[data-action="take"]').click();
  await onAir(pageA, 'lower_third');

  const producer = await openControl(users.prod, { width: 1280, height: 900 });
  await producer.waitForSelector('#readonly-note:not([hidden])');
  await onAir(producer, 'qr');
  await onAir(producer, 'lower_third');
  const enabled = await producer.$$eval('button[data-control]', (buttons) => buttons.filter((b) => !b.disabled).length);
  assert.equal(enabled, 0, 'every control is disabled for the producer');
  assert.equal(await producer.isDisabled('#caller-name'), true);
  const before = await scene();
  await producer.locator('h1').click();
  await producer.keyboard.press('Escape');
  await producer.keyboard.press('F4');
  await new Promise((r) => setTimeout(r, 400));
  assert.deepEqual(await scene(), before, 'the producer’s keys change nothing');

  // The health panel is live.
  await producer.waitForFunction(() => /CÓ TÍN HIỆU/.test(document.querySelector('#h-input').textContent));
  await producer.waitForFunction(() => Number(document.querySelector('#h-fps').textContent) > 10);
  // The programme preview plays.
  await pageA.waitForFunction(() => document.querySelector('#pgm').naturalWidth > 0);

  await screenshot(pageA, 'control-operator-1920');
  await screenshot(pageB, 'control-operator-1280');
  await screenshot(producer, 'control-producer-readonly-1280');
  // Nothing spills sideways at 1280.
  const overflow = await pageB.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px at 1280`);
  noProblems(pageA, pageB, producer);

  await layer(pageA, 'lower_third').locator('button[data-action="clear"]').click();
  await pageA.keyboard.press('F5');
  await onAir(pageA, 'qr', false);
});

// A control room whose WebSocket objects the test can reach, and the addresses it opened.
async function openControlWithSockets(user) {
  const page = await cspPage({ width: 1280, height: 900 });
  await watchSockets(page);
  await apiLogin(page, server.url, user);
  await gotoWithPolicy(page, `${server.url}/control`);
  await page.waitForSelector('#connection.pill-ok', { timeout: 10000 });
  await page.waitForSelector('section.layer[data-layer="bug"][data-on-air="true"]');
  return page;
}

test('a dropped live link comes back by itself, resumes from its last event and shows what changed meanwhile', async () => {
  const page = await openControlWithSockets(users.op);
  try {
    assert.equal(await layer(page, 'qr').getAttribute('data-on-air'), 'false');
    await page.evaluate(() => window.__sockets.at(-1).close());
    await page.waitForSelector('#connection.pill-bad');
    assert.match(await page.textContent('#connection'), /Mất kết nối — đang thử lại/);
    // Another control room takes the QR code while this one is away.
    assert.equal((await api.op2('PATCH', '/api/program/scene/qr', { visible: true })).status, 200);
    await page.waitForSelector('#connection.pill-ok', { timeout: 10000 });
    assert.match(await page.textContent('#connection'), /Trực tuyến/);
    await onAir(page, 'qr');
    const reconnects = page.wsUrls.slice(1);
    assert.ok(reconnects.length >= 1 && reconnects.every((u) => /[?&]since=\d+/.test(u)), reconnects.join(' '));
    noProblems(page);
  } finally {
    await api.op2('PATCH', '/api/program/scene/qr', { visible: false });
    await page.context().close();
  }
});

test('an expired session asks for the password on the page and signing in brings the room back live', async () => {
  users.op3 ??= server.addUser('op3', 'operator');
  const page = await openControlWithSockets(users.op3);
  try {
    // The session ends under the page (as it would expire): the next call gets 401.
    await page.request.post(`${server.url}/api/logout`, { headers: { Origin: server.url } });
    await page.waitForSelector('#login-view:not([hidden])', { timeout: 10000 });
    assert.match(await page.textContent('#login-error'), /Phiên đăng nhập đã hết hạn/);
    assert.match(await page.textContent('#connection'), /Phiên đăng nhập đã hết/);
    // The room stays on screen, locked.
    assert.equal(await page.isVisible('#room'), true);
    assert.equal(await layer(page, 'qr').locator('button[data-action="take"]').isDisabled(), true);
    await screenshot(page, 'control-session-expired-1280');

    await page.fill('#login-user', users.op3.name);
    await page.fill('#login-password', 'sai-mat-khau');
    await page.click('#login-form button[type="submit"]');
    await page.waitForSelector('#login-error:not([hidden])');
    await eventually(async () => assert.match(await page.textContent('#login-error'), /Sai tên đăng nhập hoặc mật khẩu/), 'the refusal');
    await page.fill('#login-password', users.op3.password);
    await page.click('#login-form button[type="submit"]');
    await page.waitForSelector('#login-view', { state: 'hidden' });
    await page.waitForSelector('#connection.pill-ok', { timeout: 10000 });
    await eventually(async () => assert.equal(await layer(page, 'qr').locator('button[data-action="take"]').isDisabled(), false), 'the buttons unlocked');
    assert.match(await page.textContent('#who'), /op3 \(operator\)/);
    // The link that came back resumed from where the page was.
    assert.ok(page.wsUrls.length >= 2 && /[?&]since=\d+/.test(page.wsUrls.at(-1)), page.wsUrls.join(' '));
    noProblems(page);
  } finally {
    await page.context().close();
  }
});

test('the pages keep to the CSP and set voter text as text', () => {
  const pages = staticSources('.html');
  const scripts = staticSources('.js');
  // The listing found the pages (a wrong folder would make every check below pass).
  for (const name of ['control.html', 'overlay.html']) assert.ok(pages.some((p) => p.name === name), name);
  for (const name of ['control.js', 'overlay.js', 'live_socket.js']) assert.ok(scripts.some((s) => s.name === name), name);
  for (const { name, source } of pages) {
    assert.doesNotMatch(source, /<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)/i, `${name}: inline style or script`);
    assert.doesNotMatch(source, /(src|href)="(https?:)?\/\//i, `${name}: an external resource`);
  }
  // Comment lines may say "never innerHTML"; code may not use it.
  for (const { name, source } of scripts)
    assert.doesNotMatch(withoutCommentLines(source), /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, name);
});

// The pages load their code as modules from their own origin, and every import among
// them names a file that is there: script-src 'self' then allows all of it.
test('the pages load their scripts as modules whose imports are all in web/static', () => {
  const names = new Set(staticSources('.js').map((s) => s.name));
  for (const { name, source } of staticSources('.html')) {
    const tags = source.match(/<script\b[^>]*>/gi) ?? [];
    for (const tag of tags) {
      assert.match(tag, /\stype="module"/, `${name}: ${tag}`);
      const src = tag.match(/\ssrc="\/([a-z_]+\.js)"/)?.[1];
      assert.ok(src && names.has(src), `${name}: ${tag} names a file in web/static`);
    }
  }
  for (const { name, source } of staticSources('.js'))
    for (const [, imported] of source.matchAll(/^\s*import\b[^'"]*['"]([^'"]+)['"]/gm))
      assert.ok(imported.startsWith('./') && names.has(imported.slice(2)), `${name} imports ${imported}`);
});

function withoutCommentLines(source) {
  return source.replace(/^\s*\/\/.*$/gm, '');
}

// The overlay drawn from the real scene, served to it the way the SSE endpoint will
// (the stream is faked here, so this runs before the server has it).
test('the overlay draws the on-air scene with a QR code a phone can read', async () => {
  await api.op('PATCH', '/api/program/scene/question_card', {
    visible: true,
    transition: { type: 'cut', ms: 0 },
    asker: 'Trần Hữu Quynh',
    area: 'Phường Hòa Phú',
    topic: 'giao thông',
    text: `Khi nào sửa đường ĐT743? ${htmlBait}`,
  });
  await api.op('PATCH', '/api/program/scene/qr', { visible: true, transition: { type: 'cut', ms: 0 } });
  await api.op('PATCH', '/api/program/scene/ticker', { visible: true, items: ['Trường tiểu học quá tải', 'Khi nào có thêm trường mới?'] });
  let current = await scene();
  const page = await cspPage({ width: 1920, height: 1080 });
  const stream = () => `retry: 300\ndata: ${JSON.stringify(current)}\n\n`;
  await page.route(/\/api\/program\/scene\?token=/, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ generation: 1, scene: current }) }),
  );
  await page.route(/\/api\/program\/scene\/events\?token=/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/event-stream', body: stream() }),
  );
  await gotoWithPolicy(page, `${server.url}/overlay?token=${OVERLAY_TOKEN}`);
  await page.waitForSelector('.layer[data-layer="question_card"].on');
  assert.match(await page.textContent('.qc-text'), /Khi nào sửa đường ĐT743\? <img src=x/);
  assert.equal(await page.locator('.stage img').count(), 0);
  assert.equal(await page.isHidden('#setup'), true);
  assert.equal(await page.getAttribute('.layer[data-layer="lower_third"]', 'data-visible'), 'false');
  await page.waitForTimeout(400); // the crawl moves in
  await screenshot(page, 'overlay-1920');

  // zbar (Debian's zbar-tools) reads the QR code the way a phone would.
  const zbar = spawnSync('zbarimg', ['--version'], { encoding: 'utf8' });
  if (zbar.status === 0) {
    const dir = mkdtempSync(join(tmpdir(), 'votercast-qr-'));
    try {
      writeFileSync(join(dir, 'overlay.png'), await page.screenshot());
      const read = spawnSync('zbarimg', ['-q', '--raw', join(dir, 'overlay.png')], { encoding: 'utf8' });
      assert.equal(read.stdout.trim(), current.qr.url, read.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // A change comes through the stream (the fake serves the new scene on reconnect).
  current = { ...current, question_card: { ...current.question_card, visible: false } };
  await page.waitForSelector('.layer[data-layer="question_card"]:not(.on)', { timeout: 5000 });
  noProblems(page);
  for (const name of ['question_card', 'qr', 'ticker']) await api.op('PATCH', `/api/program/scene/${name}`, { visible: false });
});

test('the overlay against the server’s token endpoints', async () => {
  const probe = await fetch(`${server.url}/api/program/scene?token=${OVERLAY_TOKEN}`);
  assert.equal(probe.status, 200);
  const wrong = await fetch(`${server.url}/api/program/scene?token=wrong`);
  assert.equal(wrong.status, 403);
  const page = await cspPage({ width: 1280, height: 720 });
  await gotoWithPolicy(page, `${server.url}/overlay?token=${OVERLAY_TOKEN}`);
  await page.waitForSelector('.layer[data-layer="bug"].on');
  const r = await api.op('PATCH', '/api/program/scene/lower_third', {
    visible: true,
    transition: { type: 'cut', ms: 0 },
    name: 'Nguyễn Thị Mai',
    area: 'Phường Dĩ An',
  });
  assert.equal(r.status, 200);
  await page.waitForSelector('.layer[data-layer="lower_third"].on', { timeout: 5000 });
  assert.equal(await page.textContent('.lt-name'), 'Nguyễn Thị Mai');
  await api.op('PATCH', '/api/program/scene/lower_third', { visible: false });
  await page.waitForSelector('.layer[data-layer="lower_third"]:not(.on)', { timeout: 5000 });
  await screenshot(page, 'overlay-live-1280');
  noProblems(page);
});

test('the overlay shows where a video caller goes, their tag as text, and the lost-call card', async () => {
  const page = await cspPage({ width: 1280, height: 720 });
  await gotoWithPolicy(page, `${server.url}/overlay?token=${OVERLAY_TOKEN}`);
  await page.waitForSelector('.layer[data-layer="bug"].on');
  const name = '<b>Lê Văn Tám</b>';
  let r = await api.op('PATCH', '/api/program/scene/caller_video', { visible: true, layout: 'pip', name });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await page.waitForSelector('.layer[data-layer="caller_video"].on', { timeout: 5000 });
  assert.equal(await page.textContent('.cv-caller [data-f="name"]'), name, 'markup stays text');
  assert.equal(await page.locator('.cv-caller b').count(), 0);
  // In its corner at the design's place (1180, 150, 640x360), scaled to the 1280x720 page.
  const box = await page.locator('.cv-caller').boundingBox();
  assert.ok(Math.abs(box.x - 1180 * 2 / 3) < 2 && Math.abs(box.width - 640 * 2 / 3) < 2, JSON.stringify(box));
  assert.equal(await page.isVisible('.cv-lost'), false);
  assert.equal(await page.isVisible('.cv-studio'), false);

  r = await api.op('PATCH', '/api/program/scene/caller_video', { lost: true });
  assert.equal(r.status, 200);
  await page.waitForSelector('.cv-lost:not([hidden])', { timeout: 5000 });
  assert.match(await page.textContent('.cv-lost'), /Mất kết nối với người gọi/);

  r = await api.op('PATCH', '/api/program/scene/caller_video', { lost: false, layout: 'side_by_side' });
  assert.equal(r.status, 200);
  await page.waitForSelector('.cv-studio', { state: 'visible', timeout: 5000 });
  await screenshot(page, 'overlay-caller-side-by-side');
  r = await api.op('PATCH', '/api/program/scene/caller_video', { layout: 'corner' });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'invalid_value');

  await api.op('PATCH', '/api/program/scene/caller_video', { visible: false });
  await page.waitForSelector('.layer[data-layer="caller_video"]:not(.on)', { timeout: 5000 });
  noProblems(page);
});
