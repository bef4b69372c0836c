// The console's agency and warning-flag filters (f-agency, f-flag) against a real votercast
// server and Debian's Chromium: the list and the state counts are the server's for the
// chosen agency or flag, and live questions are let in, held behind the "câu hỏi mới" pill,
// or kept out the way the server would filter them.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test console_filters.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { apiClient, eventually, launchBrowser, openConsoleAs, readJsonl, screenshot, startServer, submitQuestion } from './harness.mjs';

const ROADS = 'Sở Giao thông Vận tải';
const HEALTH = 'Sở Y tế';
const config = {
  topics: ['giao thông', 'đất đai', 'môi trường', 'y tế'],
  areas: ['TP. Thủ Dầu Một', 'TP. Dĩ An', 'TP. Thuận An'],
  agencies: [ROADS, 'Sở Tài nguyên và Môi trường', HEALTH],
  // Every voter of these tests posts from this one address: none is another's repeat.
  intake: { collapse_repeats: false },
};
const PROFANITY = readJsonl('adversarial.jsonl').find((a) => a.why.startsWith('profanity')).text;
const SPAM = 'Vay tiền nhanh không cần thế chấp, lãi suất thấp, xem ngay tại vaynhanh.xyz';

let server;
let browser;
let staff; // a moderator's API calls from Node: the agency assigned, a question approved
const users = {};
const seeds = {};
const samples = readJsonl('questions.vi.jsonl').filter((q) => q.channel === 'web');
let nextSample = 0;

// A voter's question (the next sample unless the text is given); resolves to its id.
async function ask(text) {
  const sample = samples[nextSample++ % samples.length];
  const { id } = await submitQuestion(server.url, { name: sample.name, area: sample.area, topic: sample.topic, text: text ?? sample.text });
  return id;
}

// Changes a question through the API the console's detail panel uses, at its current version.
async function change(id, path, body) {
  const { version } = (await staff('GET', `/api/questions/${id}`)).body;
  const r = await staff(path === '' ? 'PATCH' : 'POST', `/api/questions/${id}${path}`, { ...body, version });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}
const assign = (id, agency) => change(id, '', { agency });

before(async () => {
  server = await startServer({ config });
  browser = await launchBrowser();
  for (const [name, role] of [['mod1', 'moderator'], ['mod2', 'moderator']]) users[name] = server.addUser(name, role);
  staff = await apiClient(server.url, users.mod2);
  // Two for the roads department (one approved), one for health, one for nobody yet,
  // one rude and one spam.
  seeds.roadPending = await ask();
  await assign(seeds.roadPending, ROADS);
  seeds.roadApproved = await ask();
  await assign(seeds.roadApproved, ROADS);
  await change(seeds.roadApproved, '/transition', { to: 'approved' });
  seeds.health = await ask();
  await assign(seeds.health, HEALTH);
  seeds.unassigned = await ask();
  seeds.rude = await ask(PROFANITY);
  seeds.spam = await ask(SPAM);
  const flags = async (id) => (await staff('GET', `/api/questions/${id}`)).body.flags;
  assert.equal((await flags(seeds.rude)).profanity, true, 'the rude seed is flagged');
  assert.equal((await flags(seeds.spam)).spam, true, 'the spam seed is flagged');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const openConsole = (user) => openConsoleAs(browser, server.url, user);

const card = (page, id) => page.locator(`#queue-list .q-card[data-id="${id}"]`);
const cardIds = (page) => page.$$eval('#queue-list .q-card', (cards) => cards.map((c) => Number(c.dataset.id)));
const count = async (page, state) => Number((await page.textContent(`.state-filter[data-state="${state}"] .n`)).replace(/\D/g, ''));

// Chooses in a filter list, and waits for the server's page of that view to be asked for.
async function choose(page, select, value, param) {
  const asked = page.waitForRequest((r) => {
    const url = new URL(r.url());
    return url.pathname === '/api/queue' && url.searchParams.get(param) === (value || null);
  });
  await page.selectOption(select, value);
  await asked;
}

// The list shows exactly `ids` (newest first) and the counts are the server's for that view.
async function showsExactly(page, ids, counts, what) {
  await eventually(async () => {
    assert.deepEqual(await cardIds(page), ids);
    assert.equal(await page.getAttribute('#queue-list', 'aria-busy'), 'false');
    for (const [state, n] of Object.entries(counts)) assert.equal(await count(page, state), n, `count of '${state}'`);
    return true;
  }, what);
}

test('an agency filter lists only its questions, counted by the server; live questions follow it', async () => {
  const page = await openConsole(users.mod1);
  try {
    await card(page, seeds.spam).waitFor();
    assert.deepEqual(await page.$$eval('#f-agency option', (os) => os.map((o) => o.value)), ['', ...config.agencies]);
    assert.equal(await page.textContent('#f-agency option[value=""]'), 'Tất cả cơ quan');

    await choose(page, '#f-agency', ROADS, 'agency');
    await showsExactly(page, [seeds.roadApproved, seeds.roadPending], { '': 2, pending: 1, approved: 1 }, 'the roads department');
    await screenshot(page, 'console-filter-agency');
    await choose(page, '#f-agency', HEALTH, 'agency');
    await showsExactly(page, [seeds.health], { '': 1, pending: 1, approved: 0 }, 'the health department');

    // At the top with nothing selected: a question given to the roads department comes straight
    // in; one given to another department, or to none, stays out.
    await choose(page, '#f-agency', ROADS, 'agency');
    await showsExactly(page, [seeds.roadApproved, seeds.roadPending], { '': 2 }, 'the roads department again');
    const elsewhere = await ask();
    const roads = await ask();
    const nobody = await ask();
    await assign(elsewhere, HEALTH);
    await assign(roads, ROADS);
    await showsExactly(page, [roads, seeds.roadApproved, seeds.roadPending], { '': 3, pending: 2 }, 'the new roads question in');

    // With a question selected, a matching arrival waits behind the pill; a mismatch is not counted there.
    await card(page, seeds.roadPending).click();
    await page.waitForSelector(`#d-title:has-text("#${seeds.roadPending} ")`);
    const stray = await ask();
    const later = await ask();
    await assign(stray, HEALTH);
    await assign(later, ROADS);
    await page.waitForSelector('#queue-new:not([hidden])');
    await eventually(async () => assert.equal(await count(page, ''), 4), 'the later roads question counted');
    assert.match(await page.textContent('#queue-new'), /^↑ 1 câu hỏi mới$/);
    assert.deepEqual(await cardIds(page), [roads, seeds.roadApproved, seeds.roadPending], 'not pushed in under the moderator');
    await page.click('#queue-new');
    await showsExactly(page, [later, roads, seeds.roadApproved, seeds.roadPending], { '': 4, pending: 3 }, 'the pill taken');
    assert.match(await page.textContent('#d-title'), new RegExp(`#${seeds.roadPending} `), 'the selection stayed');

    // All agencies again: the ones kept out were only filtered.
    await choose(page, '#f-agency', '', 'agency');
    for (const id of [elsewhere, nobody, stray, seeds.unassigned]) await card(page, id).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});

test('a flag filter lists only the flagged questions, counted by the server; live questions follow it', async () => {
  const page = await openConsole(users.mod1);
  try {
    await card(page, seeds.spam).waitFor();
    assert.deepEqual(
      await page.$$eval('#f-flag option', (os) => os.map((o) => [o.value, o.textContent])),
      [['', 'Tất cả'], ['profanity', 'Ngôn từ thô tục'], ['spam', 'Nghi spam'], ['too_long', 'Quá dài']],
    );

    await choose(page, '#f-flag', 'spam', 'flag');
    await showsExactly(page, [seeds.spam], { '': 1, pending: 1 }, 'the spam');
    await choose(page, '#f-flag', 'profanity', 'flag');
    await showsExactly(page, [seeds.rude], { '': 1, pending: 1 }, 'the rude question');
    await screenshot(page, 'console-filter-flag');

    // A clean question stays out; a rude one comes straight in.
    const clean = await ask();
    const rude = await ask('Bọn quan chức khốn nạn, bao giờ mới sửa xong đường?');
    await showsExactly(page, [rude, seeds.rude], { '': 2, pending: 2 }, 'the new rude question in');
    assert.equal(await card(page, clean).count(), 0);

    // Both filters at once: rude and for the roads department, none until one is given to it.
    await choose(page, '#f-agency', ROADS, 'agency');
    await showsExactly(page, [], { '': 0 }, 'no rude question for the roads department');
    assert.equal(await page.textContent('#queue-empty'), 'Không có câu hỏi phù hợp bộ lọc.');
    await assign(seeds.rude, HEALTH);
    await assign(rude, ROADS);
    await showsExactly(page, [rude], { '': 1, pending: 1 }, 'the rude question given to the roads department');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});
