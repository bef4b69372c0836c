// The moderation console (/console) against a real votercast server and Debian's
// Chromium: live queue, moderation, rundown, two moderators on one question,
// reconnects, and voter text that tries to be HTML.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test console.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { apiLogin, eventually, launchBrowser, openPage, readJsonl, screenshot, startServer, submitQuestion, watchSockets } from './harness.mjs';

// What the server must send on HTML pages (CONSOLE_NEEDS.md): the page is checked
// against the header the server really sends. (The test cannot add the header
// itself: Chromium treats a document fulfilled by the test as non-local and then
// blocks its WebSocket to 127.0.0.1.)
const CSP_MUST_HAVE = ["script-src 'self'", "style-src 'self'", "connect-src 'self'", "object-src 'none'"];

const config = {
  topics: ['giao thông', 'đất đai', 'môi trường', 'y tế', 'giáo dục'],
  areas: ['TP. Thủ Dầu Một', 'TP. Dĩ An', 'TP. Thuận An'],
  agencies: ['Sở Giao thông Vận tải', 'Sở Tài nguyên và Môi trường', 'Sở Y tế'],
  // Every voter of these tests posts from this one address: none is another's repeat.
  intake: { collapse_repeats: false },
};

let server;
let browser;
const users = {};
const voterQuestions = readJsonl('questions.vi.jsonl').filter((q) => q.channel === 'web');
let nextVoter = 0;

before(async () => {
  server = await startServer({ config });
  browser = await launchBrowser();
  for (const [name, role] of [['mod1', 'moderator'], ['mod2', 'moderator'], ['prod', 'producer']]) users[name] = server.addUser(name, role);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A voter submission through the public API; resolves when the 201 is in hand.
async function submit(fields) {
  return { ...(await submitQuestion(server.url, fields)), acceptedAt: Date.now() };
}

// The next sample question, or the one whose text starts with `prefix`.
function voterQuestion(prefix) {
  const sample = prefix ? voterQuestions.find((q) => q.text.startsWith(prefix)) : voterQuestions[nextVoter++ % voterQuestions.length];
  const { name, phone, area, topic, text } = sample;
  return submit({ name, phone, area, topic, text });
}

// A console page: own browser context, CSP enforced, logged in through the API
// (unless login is false), WebSocket frames optionally held back (hold).
async function openConsole(user, { viewport = { width: 1920, height: 1080 }, login = true, hold = false } = {}) {
  const page = await openPage(browser, { viewport });
  await watchSockets(page);
  if (hold) {
    // Frames from the server wait here while gate.hold is set: this console "has not
    // seen yet" what another console just did.
    page.gate = { hold: false, held: [], route: null };
    await page.routeWebSocket(/\/ws/, (ws) => {
      page.gate.route = ws;
      const upstream = ws.connectToServer();
      upstream.onMessage((m) => (page.gate.hold ? page.gate.held.push(m) : ws.send(m)));
    });
    page.gate.release = () => {
      page.gate.hold = false;
      for (const m of page.gate.held.splice(0)) page.gate.route.send(m);
    };
  }
  if (login) await apiLogin(page, server.url, user);
  const response = await page.goto(`${server.url}/console`);
  const csp = response.headers()['content-security-policy'] ?? '';
  for (const directive of CSP_MUST_HAVE) assert.ok(csp.includes(directive), `the console page is served with ${directive} (got "${csp}")`);
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), csp);
  if (login) await page.waitForSelector('#conn[data-state="open"]');
  return page;
}

const card = (page, id) => page.locator(`#queue-list .q-card[data-id="${id}"]`);

async function selectQuestion(page, id) {
  await card(page, id).click();
  await page.waitForSelector(`#d-title:has-text("#${id} ")`);
}

// Reads a question as the server has it now, through the page's own session.
async function serverQuestion(page, id) {
  const r = await page.request.get(`${server.url}/api/questions/${id}`);
  assert.equal(r.status(), 200);
  return r.json();
}

async function rundownOrder(page) {
  const r = await page.request.get(`${server.url}/api/rundown`);
  return (await r.json()).questions.map((q) => q.id);
}

function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], 'no script errors or CSP violations on the page');
}

test('login form, then a voter question appears on the open console within 1 s', async () => {
  const page = await openConsole(users.mod1, { login: false, viewport: { width: 1280, height: 800 } });
  try {
    await page.waitForSelector('#login-form');
    await page.fill('#login-user', 'mod1');
    await page.fill('#login-password', 'sai-mat-khau');
    await page.click('#login-form button[type="submit"]');
    await page.waitForSelector('#login-error:not([hidden])');
    assert.match(await page.textContent('#login-error'), /Sai tên đăng nhập hoặc mật khẩu/);
    await page.fill('#login-password', users.mod1.password);
    await page.click('#login-form button[type="submit"]');
    await page.waitForSelector('#conn[data-state="open"]');
    assert.match(await page.textContent('#who'), /mod1 · biên tập viên/);
    assert.match(await page.textContent('#conn'), /đã kết nối/);

    const q = await voterQuestion();
    await card(page, q.id).waitFor({ timeout: 3000 });
    const elapsed = Date.now() - q.acceptedAt;
    assert.ok(elapsed < 1000, `question #${q.id} appeared ${elapsed} ms after its 201`);
    const badge = card(page, q.id).locator('.badge');
    assert.equal(await badge.textContent(), 'chờ duyệt');

    // Search without diacritics finds "Đường ĐT743 … Hòa Phú".
    await page.fill('#f-text', 'duong dt743 hoa phu');
    await card(page, q.id).waitFor();
    await page.fill('#f-text', 'khong co cau nay');
    await card(page, q.id).waitFor({ state: 'detached' });
    await page.fill('#f-text', '');
    await card(page, q.id).waitFor();
    // The search is the server's: the counts follow its answer, a moment after the typing stops.
    const pendingCount = page.locator('.state-filter[data-state="pending"] .n');
    await eventually(async () => assert.ok(Number(await pendingCount.textContent()) >= 1), 'the pending count includes the new question');
    await screenshot(page, 'console-1280-live');

    // Shortcut overlay (after Esc leaves the search box), closed by Esc.
    await page.keyboard.press('?');
    assert.equal(await page.locator('#dlg-help[open]').count(), 0, 'typing ? in the search box is not a shortcut');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.waitForSelector('#dlg-help[open]');
    await screenshot(page, 'console-help-overlay');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#dlg-help:not([open])', { state: 'attached' });
    assertNoProblems(page);
  } finally {
    await page.context().close();
  }
});

test('moderator approves and edits for air; producer opens a show, queues and orders the rundown', async () => {
  const prod = await openConsole(users.prod);
  const mod = await openConsole(users.mod1, { viewport: { width: 1280, height: 900 } });
  try {
    // No show yet: the producer gets the control to open one.
    await prod.click('#open-show');
    await prod.waitForSelector('#dlg-show[open]');
    await prod.fill('#show-name', 'Đối thoại với cử tri — thử nghiệm');
    await prod.click('#show-form button[type="submit"]');
    await prod.waitForSelector('#show-title:has-text("Đối thoại với cử tri — thử nghiệm")');
    await mod.waitForSelector('#show-title:has-text("Đối thoại với cử tri — thử nghiệm")');
    await prod.waitForSelector('#conn[data-state="open"]');
    await mod.waitForSelector('#conn[data-state="open"]');

    const a = await voterQuestion('Khu công nghiệp');
    const b = await voterQuestion('Hồ sơ cấp giấy');
    await card(mod, a.id).waitFor();

    // Moderator: select with the mouse, approve with A, edit with E.
    await selectQuestion(mod, a.id);
    await mod.keyboard.press('a');
    await mod.waitForSelector('#d-state:has-text("đã duyệt")');
    const original = (await serverQuestion(mod, a.id)).text;
    const onAir = 'Cơ quan nào kiểm tra khói có mùi hôi từ khu công nghiệp ở Dĩ An?';
    await mod.keyboard.press('e');
    await mod.waitForSelector('#dlg-edit[open]');
    assert.equal(await mod.textContent('#edit-original'), original);
    await mod.fill('#edit-text', onAir);
    await mod.keyboard.press('Control+Enter');
    await mod.waitForSelector(`#d-onair:text-is("${onAir}")`);
    assert.equal(await mod.textContent('#d-original'), original, 'the original is kept and shown');
    assert.equal(await mod.isVisible('#d-original-wrap'), true);
    // A moderator may not build the rundown: Q explains instead of failing silently.
    await mod.keyboard.press('q');
    await mod.waitForSelector('.notice.error:has-text("Chỉ nhà sản xuất")');
    // Topic and agency: with agencies configured, a choice among them (the server takes no other name).
    assert.deepEqual(await mod.$$eval('#d-agency option', (os) => os.map((o) => o.value)), ['', ...config.agencies]);
    await mod.selectOption('#d-agency', 'Sở Tài nguyên và Môi trường');
    await mod.click('#d-fields-save');
    await eventually(async () => assert.equal((await serverQuestion(mod, a.id)).agency, 'Sở Tài nguyên và Môi trường'), 'agency saved');
    await screenshot(mod, 'console-1280-moderator-detail');

    // Producer: the edit arrived live; queue A with Q; approve and queue B too.
    await card(prod, a.id).locator('.chip.edited').waitFor();
    await selectQuestion(prod, a.id);
    await prod.keyboard.press('q');
    await prod.locator(`#rundown-list .rd-item[data-id="${a.id}"]`).waitFor();
    await selectQuestion(prod, b.id);
    await prod.keyboard.press('a');
    await prod.waitForSelector('#d-state:has-text("đã duyệt")');
    await prod.keyboard.press('q');
    await prod.locator(`#rundown-list .rd-item[data-id="${b.id}"]`).waitFor();

    const qa = await serverQuestion(prod, a.id);
    assert.equal(qa.state, 'queued');
    assert.equal(qa.on_air_text, onAir);
    assert.equal(qa.text, original, 'the voter original is unchanged on the server');
    assert.equal(qa.agency, 'Sở Tài nguyên và Môi trường');
    assert.ok(qa.history.some((h) => h.actor === 'mod1' && h.to === 'approved'));
    assert.ok(qa.history.some((h) => h.actor === 'prod' && h.to === 'queued'));
    assert.deepEqual(await rundownOrder(prod), [a.id, b.id]);

    // Keyboard: Alt+↑ on the selected rundown item (B) moves it up.
    await prod.locator(`#rundown-list .rd-item[data-id="${b.id}"]`).focus();
    await prod.keyboard.press('Alt+ArrowUp');
    await eventually(async () => assert.deepEqual(await rundownOrder(prod), [b.id, a.id]), 'Alt+↑ reordered the rundown');
    // "Next": A goes to the top.
    await prod.locator(`#rundown-list .rd-item[data-id="${a.id}"] .rd-move[data-action="top"]`).click();
    await eventually(async () => assert.deepEqual(await rundownOrder(prod), [a.id, b.id]), 'mark next');
    // The page shows the new order before the drag starts (a drag over a list being redrawn goes astray).
    await prod.waitForSelector(`#rundown-list .rd-item:first-child[data-id="${a.id}"]`);
    // Drag and drop B above A.
    await prod.locator(`#rundown-list .rd-item[data-id="${b.id}"] .rd-text`).dragTo(prod.locator(`#rundown-list .rd-item[data-id="${a.id}"]`), {
      targetPosition: { x: 20, y: 5 },
    });
    await eventually(async () => assert.deepEqual(await rundownOrder(prod), [b.id, a.id]), 'drag and drop reordered the rundown');
    await prod.waitForSelector(`#rundown-list .rd-item:first-child[data-id="${b.id}"]`);
    await screenshot(prod, 'console-1920-producer');
    assertNoProblems(prod);
    assertNoProblems(mod);
  } finally {
    await prod.context().close();
    await mod.context().close();
  }
});

test('two moderators on one question: the second is told who handled it, the first action stands', async () => {
  const first = await openConsole(users.mod1, { viewport: { width: 1280, height: 900 } });
  const second = await openConsole(users.mod2, { viewport: { width: 1280, height: 900 }, hold: true });
  try {
    const q = await voterQuestion();
    await card(first, q.id).waitFor();
    await card(second, q.id).waitFor();
    await selectQuestion(second, q.id);
    await second.waitForSelector('#d-history li'); // its detail fetch is done: nothing refreshes it now
    await selectQuestion(first, q.id);

    // mod2's screen still shows the question as pending while mod1 approves it.
    second.gate.hold = true;
    await first.keyboard.press('a');
    await first.waitForSelector('#d-state:has-text("đã duyệt")');
    assert.equal(await second.textContent('#d-state'), 'chờ duyệt');

    await second.keyboard.press('r');
    await second.waitForSelector('#dlg-reject[open]');
    await second.click('#reject-reasons [data-reason="Không đủ thông tin"]');
    await second.click('#reject-form button[type="submit"]');
    const message = second.locator('.notice.conflict');
    await message.waitFor();
    assert.match(await message.textContent(), /Câu hỏi đã được mod1 xử lý/);
    assert.match(await message.textContent(), /đã duyệt/);
    // The item is refreshed from the server even before the held frames arrive.
    await second.waitForSelector('#d-state:has-text("đã duyệt")');
    await second.waitForSelector('#d-note:has-text("mod1")');
    await screenshot(second, 'console-conflict');

    const onServer = await serverQuestion(second, q.id);
    assert.equal(onServer.state, 'approved');
    assert.equal(onServer.updated_by, 'mod1');
    assert.equal(onServer.version, 2);
    assert.ok(!onServer.history.some((h) => h.to === 'rejected'), 'the second action never overwrote the first');

    second.gate.release();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await card(second, q.id).locator('.badge').textContent(), 'đã duyệt');
    assertNoProblems(first);
    assertNoProblems(second);
  } finally {
    await first.context().close();
    await second.context().close();
  }
});

test('after a dropped connection every question is shown exactly once', async () => {
  const page = await openConsole(users.mod1, { viewport: { width: 1280, height: 900 } });
  try {
    const before = await voterQuestion();
    await card(page, before.id).waitFor();
    const posted = [before.id];

    // 1. The network goes away (context offline), questions arrive meanwhile.
    await page.context().setOffline(true);
    await page.waitForSelector('#conn[data-state="lost"]');
    assert.match(await page.textContent('#conn'), /mất kết nối, đang kết nối lại/);
    for (let i = 0; i < 3; ++i) posted.push((await voterQuestion()).id);
    await page.context().setOffline(false);

    // 2. The socket is dropped under the page while questions are being posted.
    await eventually(async () => assert.equal(await page.getAttribute('#conn', 'data-state'), 'open'), 'reconnected');
    const burst = Promise.all([0, 1, 2].map(() => voterQuestion()));
    await page.evaluate(() => window.__sockets.at(-1).close());
    posted.push(...(await burst).map((q) => q.id));
    for (let i = 0; i < 2; ++i) posted.push((await voterQuestion()).id);

    for (const id of posted) await card(page, id).waitFor({ timeout: 5000 });
    await page.waitForSelector('#conn[data-state="open"]');
    for (const id of posted) assert.equal(await card(page, id).count(), 1, `question #${id} shown once`);
    const ids = await page.$$eval('#queue-list .q-card', (cards) => cards.map((c) => c.dataset.id));
    assert.equal(new Set(ids).size, ids.length, 'no card is shown twice');
    // Every reconnect asked for what it missed instead of starting over.
    const reconnects = page.wsUrls.slice(1);
    assert.ok(reconnects.length >= 2, `reconnected ${reconnects.length} times`);
    assert.ok(reconnects.every((u) => /[?&]since=\d+/.test(u)), reconnects.join(' '));
    // Nothing missed either: the console is at the server's last event and agrees with its list.
    const { last_seq: lastSeq } = await (await fetch(`${server.url}/healthz`)).json();
    await eventually(async () => assert.equal(Number(await page.getAttribute('#conn', 'data-seq')), lastSeq), 'console reached the last event');
    const list = await (await page.request.get(`${server.url}/api/questions?limit=500`)).json();
    const shown = new Set(ids.map(Number));
    for (const q of list.questions) if (q.show_id !== null || posted.includes(q.id)) assert.ok(shown.has(q.id), `#${q.id} missing after reconnect`);
    await screenshot(page, 'console-after-reconnect');
    // A reconnect tried while the context was offline is logged by Chromium itself as a
    // console error: the network loss this test made, not a fault of the page.
    page.problems = page.problems.filter((p) => !/WebSocket connection .* net::ERR_INTERNET_DISCONNECTED$/.test(p));
    assertNoProblems(page);
  } finally {
    await page.context().close();
  }
});

test('voter text that looks like HTML is shown as text and never runs', async () => {
  const page = await openConsole(users.mod1);
  try {
    const texts = [
      '<script>window.__xss = 1</script> Khi nào sửa đường?',
      '<img src=x onerror="window.__xss = 2"> ảnh',
      '"><svg onload="window.__xss = 3"> đường',
    ];
    for (const a of readJsonl('adversarial.jsonl')) {
      if (a.text_repeat) texts.push(a.text_repeat.repeat(a.repeat));
      else if (a.text_nfd_of) texts.push(a.text_nfd_of.normalize('NFD'));
      else if (a.text.trim()) texts.push(a.text);
    }
    const ids = [];
    for (const text of texts) {
      const r = await fetch(`${server.url}/api/questions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text, name: '<b>Kẻ xấu</b>', area: '<i>Dĩ An</i>' }),
      });
      if (r.status === 201) ids.push((await r.json()).id);
    }
    assert.ok(ids.length >= texts.length - 1, 'the server accepted the adversarial questions');
    for (const id of ids) await card(page, id).waitFor();

    const scriptCard = card(page, ids[0]);
    assert.match(await scriptCard.locator('.q-text').textContent(), /^<script>window.__xss = 1<\/script>/);
    assert.match(await card(page, ids[1]).locator('.q-text').textContent(), /<img src=x onerror=/);
    assert.match(await scriptCard.locator('.q-meta').textContent(), /<b>Kẻ xấu<\/b>/);
    assert.equal(await page.locator('#queue-list script, #queue-list img, #queue-list svg, #queue-list b, #queue-list i').count(), 0);

    // Detail panel and the edit dialog too.
    await selectQuestion(page, ids[1]);
    assert.match(await page.textContent('#d-onair'), /<img src=x onerror=/);
    await page.keyboard.press('e');
    await page.waitForSelector('#dlg-edit[open]');
    assert.match(await page.textContent('#edit-original'), /<img src=x onerror=/);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#dlg-edit:not([open])', { state: 'attached' });
    // Typing in an input never triggers shortcuts.
    await page.fill('#f-text', '');
    await page.focus('#f-text');
    await page.keyboard.type('ar');
    assert.equal(await page.locator('#dlg-reject[open]').count(), 0);
    assert.equal(await page.textContent('#d-state'), 'chờ duyệt');
    await page.fill('#f-text', '');

    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'no voter-supplied script ran');
    await screenshot(page, 'console-1920-adversarial');
    assertNoProblems(page);
  } finally {
    await page.context().close();
  }
});

test('merge a duplicate into the suggested question', async () => {
  const page = await openConsole(users.mod1);
  try {
    const base = 'Cầu An Phú xuống cấp, nhiều vết nứt, khi nào tỉnh gia cố lại?';
    const first = await submit({ text: base, topic: 'giao thông', name: 'Ngô Văn Lực' });
    const second = await submit({ text: `${base}  `, topic: 'giao thông', name: 'Ẩn danh' });
    await card(page, second.id).waitFor();
    assert.equal((await serverQuestion(page, second.id)).similar_to, first.id, 'the server suggests the earlier twin');
    await card(page, second.id).locator(`.similar-hint:has-text("#${first.id}")`).waitFor();
    await selectQuestion(page, second.id);
    await page.waitForSelector('#d-similar:not([hidden])');
    assert.equal(await page.textContent('#d-similar-count'), '1 cử tri hỏi câu này');
    assert.equal(await page.textContent('#d-similar-text'), base);
    // M opens the merge dialog with the suggestion filled in.
    await page.keyboard.press('m');
    await page.waitForSelector('#dlg-merge[open]');
    assert.equal(await page.inputValue('#merge-into'), String(first.id));
    assert.match(await page.textContent('#merge-target'), /gợi ý trùng/);
    await page.click('#merge-form button[type="submit"]');
    await eventually(async () => assert.equal((await serverQuestion(page, first.id)).duplicate_count, 1), 'merged');
    assert.equal((await serverQuestion(page, second.id)).state, 'merged');
    await card(page, first.id).locator('.dup:has-text("2 cử tri hỏi câu này")').waitFor();
    assert.equal(await card(page, second.id).locator('.badge').textContent(), 'đã gộp');
    assertNoProblems(page);
  } finally {
    await page.context().close();
  }
});

test('intake pause switch (producer) reaches the other consoles', async (t) => {
  const probe = await fetch(`${server.url}/api/intake`);
  if (probe.status === 404) return t.skip('this server has no /api/intake yet (see CONSOLE_NEEDS.md)');
  const prod = await openConsole(users.prod, { viewport: { width: 1280, height: 900 } });
  const mod = await openConsole(users.mod1, { viewport: { width: 1280, height: 900 } });
  try {
    await prod.waitForSelector('#intake-toggle:not([hidden])');
    await prod.waitForSelector('#rundown-list .rd-item');
    await screenshot(prod, 'console-1280-producer');
    assert.equal(await prod.getAttribute('#intake-toggle', 'aria-checked'), 'true');
    await prod.click('#intake-toggle');
    await prod.waitForSelector('#intake-toggle[aria-checked="false"]');
    await mod.waitForSelector('#intake-badge:not([hidden])', { timeout: 2000 });
    // Paused: the public form is refused politely.
    const refused = await fetch(`${server.url}/api/questions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Câu hỏi lúc tạm dừng' }),
    });
    assert.equal(refused.status, 503);
    await screenshot(mod, 'console-1280-intake-paused');
    const r = await prod.request.get(`${server.url}/api/intake`);
    assert.equal((await r.json()).paused, true);
    await prod.click('#intake-toggle');
    await mod.waitForSelector('#intake-badge', { state: 'hidden', timeout: 2000 });
    assertNoProblems(prod);
    assertNoProblems(mod);
  } finally {
    await prod.context().close();
    await mod.context().close();
  }
});
