// Viewers' polls across the pages, against a real votercast server and Debian's
// Chromium: the producer writes, edits and opens a poll on /console; voters on their
// phones (separate browser contexts: separate devices) vote through the voter card
// (voter_poll.js, added to the voter page as it is served) and one more by the API;
// the consoles and the control room follow the counts live; the operator puts the
// poll on the programme, shows the final result and hides it; the producer closes
// the poll and the voters are told. Votes sent without the device cookie the voter
// page gives are refused, and the producer's console says how many and why. A poll
// title that looks like HTML stays text.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test polls.test.mjs
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { addStaff, apiLogin, eventually, launchBrowser, openPage, openShow, screenshot, startServer, staticDir, staticSources } from './harness.mjs';

const TITLE = 'Bạn có hài lòng với tiến độ sửa đường ĐT743? <img src=x onerror=alert(1)>';
const OPTIONS = [
  ['A', 'Hài lòng'],
  ['B', 'Chưa hài lòng'],
  ['C', 'Chưa có ý kiến'],
];
const PHONE = { width: 390, height: 844 };

let server;
let browser;
let users;
let api; // Node-side staff API clients by user name
const pages = {}; // pages kept open across the tests: what they show must arrive live
let poll; // the poll as the server has it

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ users, api } = await addStaff(server, [['prod', 'producer'], ['op', 'operator'], ['mod', 'moderator']]));
  await openShow(api.prod, 'Đối thoại với cử tri — bình chọn');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// ---- helpers ------------------------------------------------------------------------

// A new device's cookie, as the voter page's load gives it.
async function deviceCookie() {
  const r = await fetch(`${server.url}/api/polls/current`);
  assert.equal(r.status, 200);
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('vc_device='));
  assert.ok(cookie, 'the poll GET gives a device cookie');
  return cookie.split(';')[0];
}

// A vote sent from Node, as a script would: with a cookie in `headers` or without one.
function postVote(pollId, option, headers = {}) {
  return fetch(`${server.url}/api/polls/${pollId}/vote`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ option }),
  });
}

// A vote from a device that has never voted (it loaded the page first).
async function voteByApi(pollId, option) {
  const r = await postVote(pollId, option, { Cookie: await deviceCookie() });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  assert.equal(body.counted, true);
  return body;
}

async function serverPolls() {
  const r = await api.prod('GET', '/api/polls');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.polls;
}

async function scene() {
  const r = await api.op('GET', '/api/program/scene');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.scene;
}

// Any JavaScript dialog is a problem: an injected alert(1) would show as one.
function watchDialogs(page) {
  page.on('dialog', (d) => {
    page.problems.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return page;
}

async function openConsole(user, viewport = { width: 1920, height: 1080 }) {
  const page = watchDialogs(await openPage(browser, { viewport }));
  await apiLogin(page, server.url, user);
  const response = await page.goto(`${server.url}/console`);
  assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  await page.waitForSelector('#conn[data-state="open"]');
  await page.click('#tab-polls');
  await page.waitForSelector('#polls-view:not([hidden])');
  await page.evaluate(() => (window.__sameDocument = true));
  return page;
}

async function openControl(user, viewport = { width: 1920, height: 1080 }) {
  const page = watchDialogs(await openPage(browser, { viewport }));
  await apiLogin(page, server.url, user);
  const response = await page.goto(`${server.url}/control`);
  assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  await page.waitForSelector('#connection.pill-ok', { timeout: 10000 });
  await page.waitForSelector('section.layer[data-layer="bug"][data-on-air="true"]');
  await page.evaluate(() => (window.__sameDocument = true));
  return page;
}

// The voter page as the server serves it: index.html carries the poll card's script.
// `beforeLoad` may route requests before the page's scripts run.
async function openVoter({ beforeLoad } = {}) {
  const page = watchDialogs(await openPage(browser, { viewport: PHONE }));
  await beforeLoad?.(page);
  const first = page.waitForResponse((r) => r.url().endsWith('/api/polls/current'));
  const response = await page.goto(`${server.url}/`);
  assert.match(response.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  await first;
  await page.waitForSelector('#binh-chon', { state: 'attached' });
  return page;
}

const pollCard = (page, id) => page.locator(`#polls-list .p-card[data-id="${id}"]`);
const optionButton = (page, code) => page.locator(`#binh-chon .vp-option[data-code="${code}"]`);

// {code: "67%"} from a console card, the control room or a voter card.
async function percentsOn(page, rowSelector, pctSelector) {
  return page.$$eval(
    rowSelector,
    (rows, pct) => Object.fromEntries(rows.map((r) => [r.dataset.code, r.querySelector(pct).textContent])),
    pctSelector,
  );
}

function noProblems(...list) {
  for (const page of list) assert.deepEqual(page.problems, [], 'no script errors, CSP violations or dialogs on the page');
}

async function stillSameDocument(page) {
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
}

// ---- tests --------------------------------------------------------------------------

test('percentages are whole numbers adding up to 100 by largest remainder, as the programme draws them', async () => {
  // The module touches no DOM when loaded (nor does what it imports): load the served file.
  const { percentages, checkPoll } = await import(pathToFileURL(join(staticDir, 'console_polls.js')).href);
  const of = (...votes) => percentages(votes.map((votes) => ({ votes })));
  assert.deepEqual(of(2, 1, 0), [67, 33, 0]);
  assert.deepEqual(of(1, 1, 1), [34, 33, 33], 'ties go to the earlier option');
  assert.deepEqual(of(0, 0), [0, 0], 'no votes: all 0');
  assert.deepEqual(of(1, 0, 0, 0, 0, 0), [100, 0, 0, 0, 0, 0]);
  assert.deepEqual(of(1, 2, 4), [14, 29, 57]);
  for (const votes of [[3, 3, 3, 1], [7, 11, 13, 17, 19, 23], [1234, 2345], [1, 1, 1, 1, 1, 1]])
    assert.equal(of(...votes).reduce((a, b) => a + b, 0), 100, votes.join());
  assert.match(checkPoll({ title: 'T', options: [{ code: 'A', label: 'x' }, { code: 'A', label: 'y' }] }).message, /bị trùng/);
  assert.match(checkPoll({ title: 'T', options: [{ code: 'Ă', label: 'x' }, { code: 'B', label: 'y' }] }).message, /không dấu/);
  assert.equal(checkPoll({ title: 'T', options: [{ code: 'A', label: 'x' }, { code: 'B', label: 'y' }] }), null);
});

test('votes refused are told by reason, with Vietnamese thousands, and only when there are some', async () => {
  const { refusedText } = await import(pathToFileURL(join(staticDir, 'console_polls.js')).href);
  assert.equal(
    refusedText({ cross_origin: 37, no_device: 1204, too_many_votes: 5, already_voted: 0 }),
    'Phiếu bị từ chối: 1.204 không có cookie thiết bị, 37 từ trang khác, 5 quá giới hạn',
  );
  assert.equal(refusedText({ no_device: 0, cross_origin: 0 }), '');
  assert.equal(refusedText(undefined), '');
  assert.equal(refusedText({ made_up: 3, already_voted: 2 }), 'Phiếu bị từ chối: 2 đã bình chọn trước đó');
});

test('with no poll open the voter card stays hidden; the producer writes a poll on the console', async () => {
  pages.voterA = await openVoter();
  assert.equal(await pages.voterA.isHidden('#binh-chon'), true, 'no open poll: no card');
  assert.equal(await pages.voterA.isVisible('#question-form'), true, 'the question form is untouched');
  assert.equal(
    await pages.voterA.evaluate(() => [...document.styleSheets].some((s) => s.href?.endsWith('/voter_poll.css'))),
    true,
    'the card links its own stylesheet',
  );

  const page = (pages.prod = await openConsole(users.prod));
  assert.equal(await page.getAttribute('#tab-polls', 'aria-selected'), 'true');
  assert.equal(await page.isHidden('#layout'), true);
  assert.equal(await page.isVisible('#poll-editor'), true);
  assert.equal(await page.locator('#pf-options .pf-option').count(), 2, 'two option rows to start with');
  assert.deepEqual(await page.$$eval('#pf-options .pf-code', (i) => i.map((x) => x.value)), ['A', 'B']);
  assert.equal(await page.isDisabled('#pf-options .pf-remove >> nth=0'), true, 'never fewer than 2 options');

  // Missing labels: said at the field, in Vietnamese, and nothing is sent.
  await page.fill('#pf-title', TITLE);
  await page.click('#pf-submit');
  const formError = page.locator('#poll-form .form-error');
  await formError.waitFor();
  assert.equal(await formError.textContent(), 'Lựa chọn 1: nhập nội dung.');
  assert.equal(await page.getAttribute('#pf-options .pf-option >> nth=0 >> .pf-label', 'aria-invalid'), 'true');
  assert.deepEqual(await serverPolls(), [], 'nothing was created');

  await page.fill('#pf-options .pf-option >> nth=0 >> .pf-label', OPTIONS[0][1]);
  await page.fill('#pf-options .pf-option >> nth=1 >> .pf-label', OPTIONS[1][1]);
  // Add two rows (codes offered C, D), drop the fourth.
  await page.click('#pf-add-option');
  await page.click('#pf-add-option');
  assert.deepEqual(await page.$$eval('#pf-options .pf-code', (i) => i.map((x) => x.value)), ['A', 'B', 'C', 'D']);
  await page.click('#pf-options .pf-option >> nth=3 >> .pf-remove');
  assert.equal(await page.locator('#pf-options .pf-option').count(), 3);
  // A duplicate code (typed in lower case: upper-cased as typed) is refused before sending.
  await page.fill('#pf-options .pf-option >> nth=2 >> .pf-code', 'b');
  assert.equal(await page.inputValue('#pf-options .pf-option >> nth=2 >> .pf-code'), 'B');
  await page.fill('#pf-options .pf-option >> nth=2 >> .pf-label', 'Ý kiến khác');
  await page.click('#pf-submit');
  await page.waitForFunction(() => /Mã “B” bị trùng/.test(document.querySelector('#poll-form .form-error').textContent));
  assert.equal(await page.getAttribute('#pf-options .pf-option >> nth=2 >> .pf-code', 'aria-invalid'), 'true');
  await page.fill('#pf-options .pf-option >> nth=2 >> .pf-code', 'c');
  await page.selectOption('#pf-revote', 'last');
  await page.click('#pf-submit');

  const card = page.locator('#polls-list .p-card');
  await card.first().waitFor();
  assert.equal(await card.count(), 1);
  assert.equal(await formError.isHidden(), true);
  assert.equal(await page.inputValue('#pf-title'), '', 'the form is ready for the next poll');
  const polls = await serverPolls();
  assert.equal(polls.length, 1);
  poll = polls[0];
  assert.equal(poll.title, TITLE, 'stored as typed');
  assert.deepEqual(poll.options.map((o) => [o.code, o.label]), [['A', 'Hài lòng'], ['B', 'Chưa hài lòng'], ['C', 'Ý kiến khác']]);
  assert.equal(poll.state, 'draft');
  assert.equal(poll.revote, 'last');
  assert.equal(poll.updated_by, 'prod');

  // The title that looks like HTML is text on the console.
  const c = pollCard(page, poll.id);
  assert.equal(await c.getAttribute('data-state'), 'draft');
  assert.equal(await c.locator('.p-title').textContent(), TITLE);
  assert.equal(await c.locator('.p-st').textContent(), 'Nháp');
  assert.equal(await page.locator('#polls-view img').count(), 0, 'no element was injected');
  assert.equal(await c.locator('.p-sms-text').textContent(), 'Soạn BC A / BC B / BC C');
  noProblems(pages.voterA, page);
});

test('the producer edits the draft; a save over someone else’s change is refused, reloaded and said so', async () => {
  assert.ok(poll, 'needs the previous test');
  const page = pages.prod;
  await pollCard(page, poll.id).locator('button[data-action="edit"]').click();
  assert.equal(await page.textContent('#poll-editor-heading'), `Sửa bản nháp #${poll.id}`);
  assert.equal(await page.inputValue('#pf-title'), TITLE);
  assert.equal(await page.inputValue('#pf-options .pf-option >> nth=2 >> .pf-label'), 'Ý kiến khác');
  await page.fill('#pf-options .pf-option >> nth=2 >> .pf-label', 'Không ý kiến');

  // Meanwhile the draft is changed from elsewhere (another producer's session).
  const options = poll.options.map(({ code, label }) => ({ code, label: code === 'C' ? 'Ý kiến khác (ghi rõ)' : label }));
  const other = await api.prod('PATCH', `/api/polls/${poll.id}`, { version: poll.version, options });
  assert.equal(other.status, 200, JSON.stringify(other.body));

  await page.click('#pf-submit');
  await page.locator('.notice.conflict').filter({ hasText: 'Đã tải lại' }).waitFor();
  assert.match(await page.textContent('#poll-form .form-error'), /xung đột phiên bản/);
  // The form now shows what the server has, not what would have overwritten it.
  assert.equal(await page.inputValue('#pf-options .pf-option >> nth=2 >> .pf-label'), 'Ý kiến khác (ghi rõ)');
  assert.equal((await serverPolls())[0].options[2].label, 'Ý kiến khác (ghi rõ)');

  await page.fill('#pf-options .pf-option >> nth=2 >> .pf-label', OPTIONS[2][1]);
  await page.click('#pf-submit');
  await page.locator('.notice:not(.conflict):not(.error)').filter({ hasText: 'Đã lưu bản nháp' }).waitFor();
  poll = (await serverPolls())[0];
  assert.deepEqual(poll.options.map((o) => [o.code, o.label]), OPTIONS);
  assert.equal(poll.state, 'draft');
  await page.waitForFunction(() => document.querySelector('#poll-editor-heading').textContent === 'Tạo bình chọn mới');
  assert.equal(await page.inputValue('#pf-title'), '', 'the form is back to a new poll');
  await pollCard(page, poll.id).locator('.p-label').filter({ hasText: OPTIONS[2][1] }).waitFor();
  noProblems(page);
});

test('the poll opens; two phones vote on the card and one by the API; consoles and the control room follow live', async () => {
  assert.ok(poll, 'needs the previous tests');
  const prod = pages.prod;
  pages.mod = await openConsole(users.mod, { width: 1280, height: 900 });
  pages.control = await openControl(users.op);
  // Moderators watch the results; writing and opening polls is the producer's.
  assert.equal(await pages.mod.isHidden('#poll-editor'), true);
  assert.equal(await pages.mod.isVisible('#polls-readonly'), true);
  assert.equal(await pollCard(pages.mod, poll.id).locator('button').count(), 0, 'no actions for a moderator');
  assert.equal(await pages.control.isVisible('#poll-empty'), true, 'the control room has no open poll yet');
  assert.equal(await pages.control.isDisabled('#poll-show'), true);

  await pollCard(prod, poll.id).locator('button[data-action="open"]').click();
  await prod.waitForSelector(`#polls-list .p-card[data-id="${poll.id}"][data-state="open"]`);
  assert.equal((await serverPolls())[0].state, 'open');
  assert.equal(await prod.isVisible('#tab-polls-live'), true);
  assert.equal(await pollCard(prod, poll.id).locator('.p-st').textContent(), 'Đang mở');
  await pages.mod.waitForSelector(`#polls-list .p-card[data-id="${poll.id}"][data-state="open"]`);
  await pages.control.waitForSelector('#poll-state[data-state="open"]');
  assert.equal(await pages.control.textContent('#poll-title'), TITLE);
  assert.equal(await pages.control.locator('#room img:not(#pgm):not(#pvw)').count(), 0);

  // The phone that was open before shows the poll at its next refresh (every ~5 s).
  const voterA = pages.voterA;
  await voterA.waitForSelector('#binh-chon:not([hidden])', { timeout: 8000 });
  assert.equal(await voterA.textContent('#binh-chon .vp-title'), TITLE);
  assert.equal(await voterA.locator('#binh-chon img').count(), 0);
  assert.deepEqual(await voterA.locator('#binh-chon .vp-option').allTextContents(), OPTIONS.map(([c, l]) => `${c} — ${l}`));
  assert.equal(await voterA.isHidden('#binh-chon .vp-results'), true, 'no percentages before voting');
  await screenshot(voterA, 'polls-voter-choosing-phone');

  // A second phone; its first vote meets a busy server (429) and is asked to wait.
  const voterB = (pages.voterB = await openVoter());
  await voterB.waitForSelector('#binh-chon:not([hidden])');
  await voterB.route('**/api/polls/*/vote', (route) =>
    route.fulfill({
      status: 429,
      headers: { 'Retry-After': '1' },
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'too_many_votes', message: 'Quá nhiều lượt bình chọn' } }),
    }),
  );
  await optionButton(voterB, 'B').click();
  await voterB.waitForSelector('#binh-chon .vp-message[data-kind="wait"]');
  assert.match(await voterB.textContent('#binh-chon .vp-message'), /chờ 1 giây rồi bấm lại — lượt của bạn chưa được ghi nhận/);
  assert.equal(await optionButton(voterB, 'B').isDisabled(), true, 'the buttons rest for Retry-After');
  assert.equal((await serverPolls())[0].total, 0, 'nothing was counted');
  await voterB.unroute('**/api/polls/*/vote');
  await voterB.waitForSelector('#binh-chon .vp-option[data-code="B"]:not([disabled])', { timeout: 3000 });
  await optionButton(voterB, 'B').click();
  await voterB.waitForSelector('#binh-chon .vp-voted:not([hidden])');
  assert.equal(await voterB.textContent('#binh-chon .vp-voted'), 'Bạn đã bình chọn: B — Chưa hài lòng');
  assert.equal(await voterB.isHidden('#binh-chon .vp-message'), true, 'the wait message is gone');

  await optionButton(voterA, 'A').click();
  await voterA.waitForSelector('#binh-chon .vp-voted:not([hidden])');
  assert.equal(await voterA.textContent('#binh-chon .vp-voted'), 'Bạn đã bình chọn: A — Hài lòng');
  assert.equal(await voterA.isHidden('#binh-chon .vp-options'), true);

  await voteByApi(poll.id, 'a'); // a third device, by code in lower case
  const stored = (await serverPolls())[0];
  assert.equal(stored.total, 3);
  assert.deepEqual(stored.options.map((o) => o.votes), [2, 1, 0]);

  const expected = { A: '67%', B: '33%', C: '0%' };
  for (const page of [prod, pages.mod]) {
    const total = pollCard(page, poll.id).locator('.p-total');
    await eventually(async () => assert.equal(await total.textContent(), 'Tổng: 3 lượt bình chọn'), 'console total', 5000);
    assert.deepEqual(await percentsOn(page, `#polls-list .p-card[data-id="${poll.id}"] .p-row`, '.p-pct'), expected);
    assert.deepEqual(await percentsOn(page, `#polls-list .p-card[data-id="${poll.id}"] .p-row`, '.p-votes'), { A: '2', B: '1', C: '0' });
  }
  await eventually(async () => assert.equal(await pages.control.textContent('#poll-total'), 'Tổng: 3 lượt bình chọn'), 'control total');
  assert.deepEqual(await percentsOn(pages.control, '#poll-results .poll-row', '.poll-pct'), expected);
  // Bars as wide as their percentage.
  const widths = await pages.control.$$eval('#poll-results .poll-fill', (fills) => fills.map((f) => f.style.width));
  assert.deepEqual(widths, ['67%', '33%', '0%']);

  // The phones show the percentages with their refresh, adding up to 100.
  for (const voter of [voterA, voterB]) {
    await eventually(async () => assert.deepEqual(await percentsOn(voter, '#binh-chon .vp-row', '.vp-pct'), expected), 'voter percentages', 8000);
    assert.match(await voter.textContent('#binh-chon .vp-total'), /^Tổng: 3 lượt bình chọn/);
  }
  assert.equal(await voterA.getAttribute('#binh-chon .vp-row.mine', 'data-code'), 'A');

  for (const page of [prod, pages.mod, pages.control]) await stillSameDocument(page);
  await screenshot(prod, 'polls-console-producer-1920');
  await screenshot(pages.mod, 'polls-console-moderator-1280');
  await screenshot(voterA, 'polls-voter-voted-phone');
  noProblems(voterA, voterB, prod, pages.mod, pages.control);
});

test('votes without the page’s device cookie are refused; the producer’s console shows how many and why', async () => {
  assert.ok(pages.prod, 'needs the previous tests');
  const { prod, voterB } = pages;
  const refusedLine = pollCard(prod, poll.id).locator('.p-refused');
  assert.equal(await refusedLine.isHidden(), true, 'nothing refused yet: no line');

  // A script posting votes, as a voting "service" would: no cookie, a forged one, another site's page.
  for (let i = 0; i < 3; i++) {
    const r = await postVote(poll.id, 'C');
    const body = await r.json();
    assert.equal(r.status, 403);
    assert.equal(body.error.code, 'no_device');
    assert.equal(r.headers.get('set-cookie'), null, 'a vote gives no device');
  }
  const forged = await postVote(poll.id, 'C', { Cookie: 'vc_device=AAAAAAAAAAAAAAAAAAAAAA.1795000000000.AAAAAAAAAAAAAAAAAAAAAA' });
  assert.equal(forged.status, 403);
  const cookie = await deviceCookie();
  const crossSite = await postVote(poll.id, 'C', { Cookie: cookie, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
  assert.equal(crossSite.status, 403);
  assert.equal((await crossSite.json()).error.code, 'cross_origin');

  const expected = 'Phiếu bị từ chối: 4 không có cookie thiết bị, 1 từ trang khác';
  for (const page of [prod, pages.mod]) {
    const line = pollCard(page, poll.id).locator('.p-refused');
    await eventually(async () => assert.equal(await line.textContent(), expected), 'refused line', 5000);
    assert.equal(await line.isVisible(), true);
  }
  const stored = (await serverPolls())[0];
  assert.equal(stored.total, 3, 'none of them counted');
  assert.deepEqual(stored.refused, { no_device: 4, cross_origin: 1, too_many_votes: 0, already_voted: 0, poll_not_open: 0, unknown_option: 0 });
  assert.equal(await pollCard(prod, poll.id).locator('.p-total').textContent(), 'Tổng: 3 lượt bình chọn');
  await screenshot(prod, 'polls-console-refused-1920');

  // A phone whose cookie lapsed (a page left open past its lifetime; here the server is made
  // to say so once) asks the poll's GET for a new one and sends its vote again by itself.
  let refusedOnce = false;
  const votesSent = [];
  voterB.on('request', (r) => r.url().endsWith('/vote') && votesSent.push(r.url()));
  await voterB.route('**/api/polls/*/vote', (route) => {
    if (refusedOnce) return route.continue();
    refusedOnce = true;
    return route.fulfill({
      status: 403,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'no_device', message: 'Chưa nhận ra thiết bị của bạn' } }),
    });
  });
  await voterB.click('#binh-chon .vp-change');
  await optionButton(voterB, 'B').click(); // the same choice again: the counts stay as they are
  await voterB.waitForSelector('#binh-chon .vp-voted:not([hidden])');
  assert.equal(await voterB.textContent('#binh-chon .vp-voted'), 'Bạn đã bình chọn: B — Chưa hài lòng');
  assert.equal(await voterB.isHidden('#binh-chon .vp-message'), true, 'no error shown');
  assert.equal(votesSent.length, 2, 'refused once, sent again once');
  await voterB.unroute('**/api/polls/*/vote');
  assert.equal((await serverPolls())[0].total, 3);
  noProblems(prod, pages.mod, voterB);
});

test('the operator puts the poll on the programme; its bars follow the votes; KẾT QUẢ CUỐI, F7; the producer watches', async () => {
  assert.ok(pages.control, 'needs the previous test');
  const control = pages.control;
  const section = control.locator('section.layer[data-layer="poll"]');
  assert.equal(await section.getAttribute('data-on-air'), 'false');
  await control.click('#poll-show');
  await control.waitForSelector('section.layer[data-layer="poll"][data-on-air="true"]');
  assert.equal(await control.textContent('#poll-mode'), 'ĐANG BÌNH CHỌN');
  assert.equal(await control.getAttribute('#poll-show', 'aria-pressed'), 'true');
  await control.waitForSelector('#tallies li[data-layer="poll"][data-on-air="true"]');
  let s = await scene();
  assert.equal(s.poll.visible, true);
  assert.equal(s.poll.final, false);
  assert.equal(s.poll.title, TITLE);
  assert.deepEqual(s.poll.options.map((o) => [o.code, o.label, o.votes]), [['A', 'Hài lòng', 2], ['B', 'Chưa hài lòng', 1], ['C', 'Chưa có ý kiến', 0]]);

  // A fourth vote: the programme's bars and the control room follow, with no click.
  await voteByApi(poll.id, 'C');
  await eventually(async () => assert.deepEqual((await scene()).poll.options.map((o) => o.votes), [2, 1, 1]), 'the scene follows the votes');
  await eventually(async () => assert.equal(await control.textContent('#poll-total'), 'Tổng: 4 lượt bình chọn'), 'control total 4');
  assert.deepEqual(await percentsOn(control, '#poll-results .poll-row', '.poll-pct'), { A: '50%', B: '25%', C: '25%' });

  // The producer's control room: the same results, nothing to press.
  const producer = await openControl(users.prod, { width: 1280, height: 900 });
  try {
    await producer.waitForSelector('#readonly-note:not([hidden])');
    await producer.waitForSelector('section.layer[data-layer="poll"][data-on-air="true"]');
    await eventually(async () => assert.equal(await producer.textContent('#poll-total'), 'Tổng: 4 lượt bình chọn'), 'producer control total');
    for (const id of ['#poll-show', '#poll-final', '#poll-hide']) assert.equal(await producer.isDisabled(id), true, id);
    assert.equal(await producer.isEnabled('section.layer[data-layer="poll"] button[data-action="preview"]'), true, 'PREVIEW changes nothing on air');
    const before = await scene();
    await producer.locator('h1').click();
    await producer.keyboard.press('F7');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await scene(), before, 'the producer’s keys change nothing');
    await screenshot(producer, 'polls-control-producer-1280');
    noProblems(producer);
  } finally {
    await producer.context().close();
  }

  await control.click('#poll-final');
  await control.waitForSelector('#poll-mode[data-final="true"]');
  assert.equal(await control.textContent('#poll-mode'), 'KẾT QUẢ CUỐI CÙNG');
  assert.equal(await control.getAttribute('#poll-final', 'aria-pressed'), 'true');
  s = await scene();
  assert.equal(s.poll.visible, true);
  assert.equal(s.poll.final, true);

  // F7 takes it off, and on again live (not final).
  await control.locator('h1').click();
  await control.keyboard.press('F7');
  await control.waitForSelector('section.layer[data-layer="poll"][data-on-air="false"]');
  assert.equal((await scene()).poll.visible, false);
  await control.keyboard.press('F7');
  await control.waitForSelector('section.layer[data-layer="poll"][data-on-air="true"]');
  s = await scene();
  assert.equal(s.poll.visible, true);
  assert.equal(s.poll.final, false);
  assert.equal(await control.textContent('#poll-mode'), 'ĐANG BÌNH CHỌN');
  await screenshot(control, 'polls-control-operator-1920');
  noProblems(control);
});

test('the producer closes the poll: the programme turns final, the operator shows it and hides it, voters are told', async () => {
  assert.ok(pages.control, 'needs the previous tests');
  const { prod, control, voterA } = pages;
  // A phone still showing the open poll (its refresh held back) tries to vote after the close.
  let held = null;
  const late = await openVoter({
    beforeLoad: (page) =>
      page.route('**/api/polls/current', async (route) => {
        if (!held) held = await (await route.fetch()).text();
        await route.fulfill({ status: 200, contentType: 'application/json', body: held });
      }),
  });
  await late.waitForSelector('#binh-chon .vp-option[data-code="A"]');

  await pollCard(prod, poll.id).locator('button[data-action="close"]').click();
  await prod.waitForSelector('#dlg-confirm[open]');
  assert.match(await prod.textContent('#confirm-text'), /^Đóng bình chọn “Bạn có hài lòng.*<img src=x onerror=alert\(1\)>”\?/);
  await prod.click('#confirm-form button[type="submit"]');
  await prod.waitForSelector(`#polls-list .p-card[data-id="${poll.id}"][data-state="closed"]`);
  assert.equal((await serverPolls())[0].state, 'closed');
  assert.equal(await prod.isHidden('#tab-polls-live'), true);
  assert.equal(await pollCard(prod, poll.id).locator('.p-total').textContent(), 'Tổng: 4 lượt bình chọn');

  // On air, the bars turn to the final result by themselves; the control room shows it.
  await control.waitForSelector('#poll-state[data-state="closed"]');
  await control.waitForSelector('#poll-mode[data-final="true"]');
  assert.equal((await scene()).poll.final, true);
  await control.click('#poll-final');
  await control.waitForSelector('#poll-final[aria-pressed="true"]');
  const s = await scene();
  assert.equal(s.poll.visible, true);
  assert.equal(s.poll.final, true);
  assert.deepEqual(s.poll.options.map((o) => o.votes), [2, 1, 1]);
  assert.equal(await control.textContent('#poll-total'), 'Tổng: 4 lượt bình chọn');
  await screenshot(control, 'polls-control-final-1920');

  await control.click('#poll-hide');
  await control.waitForSelector('section.layer[data-layer="poll"][data-on-air="false"]');
  assert.equal((await scene()).poll.visible, false);
  assert.equal(await control.isHidden('#poll-mode'), true);
  assert.equal(await control.isDisabled('#poll-hide'), true);

  // The late phone's vote: 409, and the card says the poll has ended.
  await optionButton(late, 'A').click();
  await late.waitForSelector('#binh-chon .vp-ended:not([hidden])');
  assert.equal(await late.textContent('#binh-chon .vp-ended'), 'Cuộc bình chọn đã kết thúc. Cảm ơn bạn đã tham gia!');
  assert.equal(await late.isHidden('#binh-chon .vp-options'), true);
  assert.equal((await serverPolls())[0].total, 4, 'the late vote was not counted');

  // The phone that voted learns it at its next refresh, keeps its own choice shown, and gets the final result.
  const finalPercents = { A: '50%', B: '25%', C: '25%' };
  await voterA.waitForSelector('#binh-chon .vp-ended:not([hidden])', { timeout: 8000 });
  assert.equal(await voterA.textContent('#binh-chon .vp-voted'), 'Bạn đã bình chọn: A — Hài lòng');
  assert.equal(await voterA.textContent('#binh-chon .vp-title'), TITLE);
  assert.equal(await voterA.textContent('#binh-chon .vp-kicker'), 'Kết quả bình chọn');
  assert.deepEqual(await percentsOn(voterA, '#binh-chon .vp-row', '.vp-pct'), finalPercents);
  assert.equal(await voterA.textContent('#binh-chon .vp-total'), 'Kết quả cuối cùng · 4 lượt bình chọn');
  assert.equal(await voterA.isHidden('#binh-chon .vp-change'), true, 'no changing a vote in a closed poll');
  await screenshot(voterA, 'polls-voter-ended-phone');
  await screenshot(prod, 'polls-console-closed-1920');

  // A page opened now, by someone who never voted, shows the final result too, and nothing to press.
  const fresh = await openVoter();
  await fresh.waitForSelector('#binh-chon .vp-results:not([hidden])');
  assert.deepEqual(await percentsOn(fresh, '#binh-chon .vp-row', '.vp-pct'), finalPercents);
  assert.equal(await fresh.isHidden('#binh-chon .vp-options'), true);
  assert.equal(await fresh.isHidden('#binh-chon .vp-voted'), true);
  assert.equal(await fresh.textContent('#binh-chon .vp-total'), 'Kết quả cuối cùng · 4 lượt bình chọn');
  for (const page of [prod, pages.mod, control]) await stillSameDocument(page);
  noProblems(prod, pages.mod, control, voterA, pages.voterB, late, fresh);
});

test('the poll pages keep to the CSP: no inline script or style, text set as text', () => {
  const pages = staticSources('.html');
  const scripts = staticSources('.js');
  // The listing found the poll pages (a wrong folder would make every check below pass).
  for (const name of ['console.html', 'control.html']) assert.ok(pages.some((p) => p.name === name), name);
  for (const name of ['console_polls.js', 'control_poll.js', 'voter_poll.js']) assert.ok(scripts.some((s) => s.name === name), name);
  for (const { name, source } of pages)
    assert.doesNotMatch(source, /<style|\sstyle=|\son[a-z]+=|<script(?![^>]*\ssrc=)/i, `${name}: inline style or script`);
  for (const { name, source } of scripts)
    assert.doesNotMatch(source, /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|setAttribute\(['"]style/, name);
});
