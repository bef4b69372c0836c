// The call-in screener on /console and the callers strip on /control, against a real
// votercast server and Debian's Chromium: a screener logs and screens a caller, the
// producer's console follows live and takes them to air (their name in the lower
// third), a moderator never sees the full number, and caller text that looks like
// HTML stays text.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test callers.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { addStaff, apiLogin, eventually, launchBrowser, openPage, openShow, screenshot, startServer, submitQuestion } from './harness.mjs';

const config = {
  topics: ['giao thông', 'đất đai', 'môi trường', 'y tế'],
  areas: ['TP. Thủ Dầu Một', 'TP. Dĩ An', 'TP. Thuận An'],
};

// The caller the screener logs through the form in the first test.
const CALLER = {
  name: 'Nguyễn Thị Hằng',
  area: 'TP. Dĩ An',
  phone: '0912 345 678',
  point: 'Đề nghị lắp đèn tín hiệu ở ngã tư Chiêu Liêu, giờ tan tầm rất nguy hiểm.',
  topic: 'giao thông',
  notes: 'Giọng nhỏ, cần tăng âm lượng',
  alerts: 'nói nhanh, sóng yếu',
};
const FULL_PHONE = '+84912345678';
const MASKED_PHONE = '0912***678';

let server;
let browser;
let users;
let api; // Node-side API clients by user name
const pages = {}; // consoles kept open across the tests (they must follow live)
let caller; // the caller logged in the first test

before(async () => {
  server = await startServer({ config });
  browser = await launchBrowser();
  ({ users, api } = await addStaff(server, [['screener', 'screener'], ['prod', 'producer'], ['mod', 'moderator'], ['op', 'operator']]));
  await openShow(api.prod, 'Đối thoại với cử tri — đường dây nóng');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// ---- helpers ------------------------------------------------------------------------

// A staff API client in Node: the session cookie and a same-origin Origin header.

// A console page logged in as `user`. Every WebSocket frame it receives is kept in
// page.received (to prove what a role was sent), a JavaScript dialog counts as a
// problem (an injected alert), and page.gate holds frames back as a slow network would.
async function openConsole(user, { viewport = { width: 1280, height: 900 } } = {}) {
  const page = await openPage(browser, { viewport });
  page.on('dialog', (d) => {
    page.problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.received = [];
  page.gate = { hold: false, held: [], route: null };
  await page.routeWebSocket(/\/ws/, (ws) => {
    page.gate.route = ws;
    const upstream = ws.connectToServer();
    upstream.onMessage((m) => {
      page.received.push(String(m));
      if (page.gate.hold) page.gate.held.push(m);
      else ws.send(m);
    });
  });
  page.gate.release = () => {
    page.gate.hold = false;
    for (const m of page.gate.held.splice(0)) page.gate.route.send(m);
  };
  await apiLogin(page, server.url, user);
  const response = await page.goto(`${server.url}/console`);
  assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  await page.waitForSelector('#conn[data-state="open"]');
  // Set once per document: still there later means the page was never reloaded.
  await page.evaluate(() => (window.__sameDocument = true));
  return page;
}

const callerCard = (page, id, state) =>
  page.locator(state ? `.caller-group[data-state="${state}"] .c-card[data-id="${id}"]` : `#callers-view .c-card[data-id="${id}"]`);
const moveButton = (page, id, to) => callerCard(page, id).locator(`button[data-to="${to}"]`);

async function serverCaller(id) {
  const r = await api.prod('GET', `/api/callers/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function programmeScene(page) {
  const r = await page.request.get(`${server.url}/api/program/scene`);
  assert.equal(r.status(), 200);
  return (await r.json()).scene;
}

function noProblems(...list) {
  for (const page of list) assert.deepEqual(page.problems, [], 'no script errors, CSP violations or dialogs on the page');
}

async function stillSameDocument(page) {
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
}

// ---- tests --------------------------------------------------------------------------

test('the screener logs a caller through the form, screens them and queues them for air; air is not theirs', async () => {
  // Everyone's console is open before the call comes in: what follows must arrive live.
  pages.screener = await openConsole(users.screener);
  pages.prod = await openConsole(users.prod, { viewport: { width: 1920, height: 1080 } });
  pages.mod = await openConsole(users.mod);
  const page = pages.screener;

  // The screener lands on the lines, not on the question queue.
  await page.waitForSelector('#callers-view:not([hidden])');
  assert.equal(await page.getAttribute('#tab-callers', 'aria-selected'), 'true');
  assert.equal(await page.isHidden('#layout'), true);
  assert.equal(await page.isVisible('#caller-form'), true);
  // The configured areas and topics are offered.
  assert.deepEqual(await page.$$eval('#areas-list option', (o) => o.map((x) => x.value)), config.areas);
  assert.deepEqual(await page.$$eval('#topics-list option', (o) => o.map((x) => x.value)), config.topics);

  // A number that is not one: the API's message is shown on the form, at the field.
  await page.fill('#cf-name', CALLER.name);
  await page.fill('#cf-phone', '09ab');
  await page.click('#caller-form button[type="submit"]');
  const formError = page.locator('#caller-form .form-error');
  await formError.waitFor();
  assert.match(await formError.textContent(), /Số điện thoại không hợp lệ/);
  assert.equal(await page.getAttribute('#cf-phone', 'aria-invalid'), 'true');
  assert.equal((await api.prod('GET', '/api/callers')).body.callers.length, 0, 'nothing was logged');

  for (const [field, value] of Object.entries(CALLER)) await page.fill(`#cf-${field}`, value);
  await page.click('#caller-form button[type="submit"]');
  const waiting = page.locator('.caller-group[data-state="waiting"] .c-card');
  await waiting.first().waitFor();
  assert.equal(await waiting.count(), 1);
  assert.equal(await formError.isHidden(), true, 'the error went away');
  assert.equal(await page.inputValue('#cf-name'), '', 'the form is ready for the next call');
  const id = Number(await waiting.first().getAttribute('data-id'));

  caller = await serverCaller(id);
  assert.equal(caller.name, CALLER.name);
  assert.equal(caller.area, CALLER.area);
  assert.equal(caller.phone, FULL_PHONE, 'the typed number is stored as E.164');
  assert.equal(caller.point, CALLER.point);
  assert.equal(caller.topic, CALLER.topic);
  assert.equal(caller.notes, CALLER.notes);
  assert.deepEqual(caller.alerts, ['nói nhanh', 'sóng yếu']);
  assert.equal(caller.state, 'waiting');
  assert.equal(caller.updated_by, 'screener');

  const card = callerCard(page, id, 'waiting');
  assert.equal(await card.locator('.c-name').textContent(), CALLER.name);
  assert.equal(await card.locator('.c-number').textContent(), FULL_PHONE);
  assert.equal(await card.locator('.c-point').textContent(), CALLER.point);
  assert.deepEqual(await card.locator('.chip.alert').allTextContents(), ['⚠ nói nhanh', '⚠ sóng yếu']);
  assert.match(await card.locator('.c-clock').textContent(), /^chờ 0:0\d$/);
  assert.equal(await page.textContent('.caller-group[data-state="waiting"] [data-count]'), '(1)');

  // Screen, then queue for air.
  await moveButton(page, id, 'screened').click();
  await callerCard(page, id, 'screened').waitFor();
  await moveButton(page, id, 'next').click();
  await callerCard(page, id, 'next').waitFor();
  assert.equal((await serverCaller(id)).state, 'next');

  // Air is the studio's: no button for it, and the API refuses the screener.
  assert.equal(await page.locator('#callers-view button', { hasText: 'Lên sóng' }).count(), 0, 'no "Lên sóng" for the screener');
  assert.equal(await page.locator('#callers-view button[data-to="on_air"]').count(), 0);
  assert.deepEqual(
    await callerCard(page, id).locator('button[data-action]').allTextContents(),
    ['Trả về', 'Bỏ', 'Sửa', 'Liên kết câu hỏi', 'Gọi video'],
    'the screener may send back, drop, edit, link and make a video call link',
  );
  const version = (await serverCaller(id)).version;
  const refused = await page.request.post(`${server.url}/api/callers/${id}/transition`, {
    data: { to: 'on_air', version },
    headers: { Origin: server.url },
  });
  assert.equal(refused.status(), 403);
  assert.equal((await refused.json()).error.code, 'forbidden');
  caller = await serverCaller(id);
  assert.equal(caller.state, 'next', 'the refused request changed nothing');
  assert.equal((await programmeScene(pages.prod)).lower_third.visible, false);

  await screenshot(page, 'callers-screener-1280');
  noProblems(page);
});

test('the producer’s console follows live and takes the caller to air: lower third on, then off', async () => {
  assert.ok(caller, 'needs the first test');
  const page = pages.prod;
  // The producer starts at the questions; the tab says someone is waiting for air.
  assert.equal(await page.isVisible('#layout'), true);
  await page.waitForSelector('#tab-callers-count:text-is("(1)")');
  await page.click('#tab-callers');
  await callerCard(page, caller.id, 'next').waitFor();
  await stillSameDocument(page);
  assert.equal(await callerCard(page, caller.id).locator('.c-number').textContent(), FULL_PHONE, 'the producer sees the number');
  assert.equal(await page.isVisible('#caller-form'), true, 'the producer may log calls too');

  await moveButton(page, caller.id, 'on_air').click();
  await callerCard(page, caller.id, 'on_air').waitFor();
  await page.waitForSelector('#tab-callers-live:not([hidden])');
  const onAir = await programmeScene(page);
  assert.equal(onAir.lower_third.visible, true, 'the lower third is on the programme');
  assert.equal(onAir.lower_third.name, CALLER.name);
  assert.equal(onAir.lower_third.area, CALLER.area);
  assert.equal(onAir.lower_third.topic, CALLER.topic);
  assert.equal(onAir.question_card.visible, false);
  const s = await serverCaller(caller.id);
  assert.equal(s.state, 'on_air');
  assert.ok(s.on_air_at, 'the server noted when they went on air');
  assert.match(await callerCard(page, caller.id).locator('.c-clock').textContent(), /^trên sóng 0:0\d$/);
  // The screener's console follows too, and still offers nothing that touches air.
  await callerCard(pages.screener, caller.id, 'on_air').waitFor();
  assert.equal(await callerCard(pages.screener, caller.id).locator('button[data-to]').count(), 0);
  await screenshot(page, 'callers-producer-on-air-1920');

  await moveButton(page, caller.id, 'done').click();
  await page.locator(`#callers-finished-list .c-card[data-id="${caller.id}"][data-state="done"]`).waitFor({ state: 'attached' });
  await page.waitForSelector('#tab-callers-live', { state: 'hidden' });
  await eventually(async () => assert.equal((await programmeScene(page)).lower_third.visible, false), 'the lower third taken down');
  caller = await serverCaller(caller.id);
  assert.equal(caller.state, 'done');
  assert.ok(caller.ended_at);
  await stillSameDocument(page);
  noProblems(page, pages.screener);
});

test('the moderator’s console shows the number masked and was never sent the full one', async () => {
  assert.ok(caller, 'needs the first test');
  const page = pages.mod;
  await page.click('#tab-callers');
  await page.locator('#callers-finished summary').click();
  const card = page.locator(`#callers-finished-list .c-card[data-id="${caller.id}"]`);
  await card.waitFor();
  assert.equal(await card.locator('.c-number').textContent(), MASKED_PHONE);
  const text = await page.locator('body').innerText();
  assert.ok(text.includes(MASKED_PHONE), 'the masked number is on the page');
  assert.ok(!text.includes('912345678'), 'the full number is not on the page');
  assert.ok(!(await page.content()).includes('912345678'), 'nor anywhere in its DOM');
  assert.ok(page.received.length > 3, 'the moderator’s console followed the whole call');
  for (const frame of page.received) assert.ok(!frame.includes('912345678'), `a frame sent to the moderator holds the number: ${frame.slice(0, 200)}`);
  // Read-only: no form, no buttons.
  assert.equal(await page.isHidden('#caller-intake'), true);
  assert.equal(await page.isVisible('#callers-readonly'), true);
  assert.equal(await page.locator('#callers-view .c-actions').count(), 0);
  noProblems(page);
});

test('a caller name that looks like HTML is shown as text on every console and on /control', async () => {
  const bait = '<img src=x onerror=alert(1)>';
  const page = pages.screener;
  await page.fill('#cf-name', bait);
  await page.fill('#cf-point', '<script>alert(2)</script> đường hỏng');
  await page.fill('#cf-phone', '0987 654 321');
  await page.click('#caller-form button[type="submit"]');
  const card = page.locator('.caller-group[data-state="waiting"] .c-card').filter({ hasText: '<img src=x' });
  await card.waitFor();
  const id = Number(await card.getAttribute('data-id'));
  assert.equal((await serverCaller(id)).name, bait, 'stored as typed');
  for (const p of [pages.screener, pages.prod, pages.mod]) {
    const c = callerCard(p, id, 'waiting');
    await c.waitFor();
    assert.equal(await c.locator('.c-name').textContent(), bait);
    assert.equal(await c.locator('.c-point').textContent(), '<script>alert(2)</script> đường hỏng');
    assert.equal(await p.locator('#callers-view img, #callers-view script').count(), 0, 'no element was injected');
  }
  // Queued for air, it reaches the operator's strip, still as text.
  await moveButton(page, id, 'screened').click();
  await callerCard(page, id, 'screened').waitFor();
  await moveButton(page, id, 'next').click();
  await callerCard(page, id, 'next').waitFor();
  const control = await openControl(users.op);
  try {
    const row = control.locator(`#callers-strip-list .strip-caller[data-id="${id}"]`);
    await row.waitFor();
    assert.equal(await row.locator('.strip-name').textContent(), bait);
    assert.equal(await control.locator('#callers-strip img').count(), 0);
    await new Promise((r) => setTimeout(r, 200));
    noProblems(pages.screener, pages.prod, pages.mod, control);
  } finally {
    await control.context().close();
  }
  // Off the lines again for the next test.
  const c = await serverCaller(id);
  assert.equal((await api.screener('POST', `/api/callers/${id}/transition`, { to: 'dropped', version: c.version })).status, 200);
});

test('a stale action is refused with a 409: the console says who changed the caller and reloads it', async () => {
  const page = pages.screener;
  const logged = await api.screener('POST', '/api/callers', { name: 'Trần Văn Tâm', phone: '0903 111 222', area: 'TP. Thuận An' });
  assert.equal(logged.status, 201, JSON.stringify(logged.body));
  const id = logged.body.id;
  await callerCard(page, id, 'waiting').waitFor();

  // The producer changes the caller while the screener's console has not heard yet.
  page.gate.hold = true;
  try {
    const edited = await api.prod('PATCH', `/api/callers/${id}`, { version: logged.body.version, notes: 'Đã xác minh số' });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    await moveButton(page, id, 'screened').click();
    const message = page.locator('.notice.conflict');
    await message.waitFor();
    assert.match(await message.textContent(), /Trần Văn Tâm vừa được prod cập nhật/);
    // Reloaded from the server even before the held frames arrive.
    await callerCard(page, id, 'waiting').locator('.c-notes:has-text("Đã xác minh số")').waitFor();
    const s = await serverCaller(id);
    assert.equal(s.state, 'waiting', 'the stale action changed nothing');
    assert.equal(s.notes, 'Đã xác minh số', 'the producer’s edit stands');
  } finally {
    page.gate.release();
  }

  // With the fresh version the same button works.
  await moveButton(page, id, 'screened').click();
  await callerCard(page, id, 'screened').waitFor();
  assert.equal((await serverCaller(id)).state, 'screened');
  noProblems(page);
});

test('the screener edits a caller and links them to a voter question', async () => {
  const page = pages.screener;
  const q = await submitQuestion(server.url, { name: 'Lê Văn Ổn', text: 'Khi nào cầu Ông Cộ được sửa?', topic: 'giao thông' });
  const logged = await api.screener('POST', '/api/callers', { name: 'Phạm Thị Hường', phone: '0977 000 111' });
  const id = logged.body.id;
  await callerCard(page, id, 'waiting').waitFor();

  await callerCard(page, id).locator('button[data-action="edit"]').click();
  await page.waitForSelector('#dlg-caller-edit[open]');
  assert.equal(await page.inputValue('#ce-name'), 'Phạm Thị Hường');
  assert.equal(await page.inputValue('#ce-phone'), '+84977000111');
  await page.fill('#ce-area', 'TP. Thủ Dầu Một');
  await page.fill('#ce-point', 'Hỏi về tiến độ sửa cầu Ông Cộ');
  await page.fill('#ce-alerts', 'bức xúc');
  await page.click('#caller-edit-form button[type="submit"]');
  await page.waitForSelector('#dlg-caller-edit:not([open])', { state: 'attached' });
  await callerCard(page, id).locator('.c-area:text-is("TP. Thủ Dầu Một")').waitFor();
  let s = await serverCaller(id);
  assert.equal(s.area, 'TP. Thủ Dầu Một');
  assert.equal(s.point, 'Hỏi về tiến độ sửa cầu Ông Cộ');
  assert.deepEqual(s.alerts, ['bức xúc']);
  assert.equal(s.phone, '+84977000111', 'an untouched field is not sent');

  await callerCard(page, id).locator('button[data-action="link"]').click();
  await page.waitForSelector('#dlg-caller-link[open]');
  await page.selectOption('#link-select', String(q.id));
  assert.equal(await page.inputValue('#link-question'), String(q.id));
  assert.match(await page.textContent('#link-target'), /cầu Ông Cộ/);
  await page.click('#caller-link-form button[type="submit"]');
  await callerCard(page, id).locator(`button[data-action="show-question"]:has-text("Câu hỏi #${q.id}")`).waitFor();
  s = await serverCaller(id);
  assert.equal(s.question_id, q.id);
  // The linked question opens in the queue.
  await callerCard(page, id).locator('button[data-action="show-question"]').click();
  await page.waitForSelector('#layout:not([hidden])');
  await page.waitForSelector(`#d-title:has-text("#${q.id} ")`);
  await page.click('#tab-callers');
  noProblems(page);
});

test('/control: the operator takes a "next" caller to air from the strip and ends the call', async () => {
  const logged = await api.screener('POST', '/api/callers', { name: 'Võ Thị Sáu', area: 'TP. Thuận An', topic: 'y tế', alerts: ['nói nhanh'] });
  let c = logged.body;
  for (const to of ['screened', 'next']) {
    const r = await api.screener('POST', `/api/callers/${c.id}/transition`, { to, version: c.version });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    c = r.body;
  }
  const page = await openControl(users.op);
  const producer = await openControl(users.prod, { width: 1280, height: 900 });
  try {
    const row = page.locator(`#callers-strip-list .strip-caller[data-id="${c.id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-state'), 'next');
    assert.match(await row.textContent(), /TIẾP THEO.*Võ Thị Sáu.*TP\. Thuận An.*y tế.*⚠ nói nhanh/);
    // Only "next" and "on air" callers: the ones dropped or still waiting are not here.
    const shown = await page.$$eval('#callers-strip-list .strip-caller', (rows) => rows.map((r) => r.dataset.state));
    assert.ok(shown.every((s) => s === 'next' || s === 'on_air'), shown.join());
    // The producer watches read-only here (the console is where they act).
    const producerRow = producer.locator(`#callers-strip-list .strip-caller[data-id="${c.id}"]`);
    await producerRow.waitFor();
    assert.equal(await producerRow.locator('button').isDisabled(), true);

    await row.locator('button[data-caller-to="on_air"]').click();
    await page.waitForSelector(`#callers-strip-list .strip-caller[data-id="${c.id}"][data-state="on_air"]`);
    await page.waitForSelector('section.layer[data-layer="lower_third"][data-on-air="true"]');
    await producer.waitForSelector(`#callers-strip-list .strip-caller[data-id="${c.id}"][data-state="on_air"]`);
    const scene = await programmeScene(page);
    assert.equal(scene.lower_third.visible, true);
    assert.equal(scene.lower_third.name, 'Võ Thị Sáu');
    assert.equal((await serverCaller(c.id)).state, 'on_air');
    await screenshot(page, 'callers-control-on-air-1920');

    await page.locator(`#callers-strip-list .strip-caller[data-id="${c.id}"] button[data-caller-to="done"]`).click();
    await page.locator(`#callers-strip-list .strip-caller[data-id="${c.id}"]`).waitFor({ state: 'detached' });
    await page.waitForSelector('section.layer[data-layer="lower_third"][data-on-air="false"]');
    assert.equal((await programmeScene(page)).lower_third.visible, false);
    assert.equal((await serverCaller(c.id)).state, 'done');
    noProblems(page, producer);
  } finally {
    await page.context().close();
    await producer.context().close();
  }
});

async function openControl(user, viewport = { width: 1920, height: 1080 }) {
  const page = await openPage(browser, { viewport });
  await apiLogin(page, server.url, user);
  await page.goto(`${server.url}/control`);
  await page.waitForSelector('#connection.pill-ok', { timeout: 10000 });
  await page.waitForSelector('#callers-strip-count:not(:empty)');
  return page;
}
