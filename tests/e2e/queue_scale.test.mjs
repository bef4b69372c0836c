// The console on a national-size show (20,000 questions) in Debian's Chromium: the newest
// question is on screen at once, a search finds one from the middle, the keyboard walks past
// the first page, a new question waits behind the "câu hỏi mới" pill without moving the
// moderator's selection, and a merge on one console moves the counts on another.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test queue_scale.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { apiClient, eventually, launchBrowser, openConsoleAs, readJsonl, screenshot, startServer, submitQuestion } from './harness.mjs';

const QUESTIONS = 20000;
const NEEDLE_AT = 10000;
const NEEDLE = 'Xóm Bàu Trâm ngập nước mỗi khi mưa lớn, bao giờ có cống thoát?';

let server;
let browser;
const users = {};
let newest = 0;
let needleId = 0;

// The test's voters all come from 127.0.0.1: the per-address limit is lifted for them. The
// seeding is not what is tested: commits skip the fsync of each batch.
const config = {
  durability: 'normal',
  intake: { questions_per_ip: { burst: 1000000000, per_second: 1000000000 }, collapse_repeats: false },
};

before(async () => {
  server = await startServer({ config });
  browser = await launchBrowser();
  for (const [name, role] of [['mod1', 'moderator'], ['mod2', 'moderator'], ['prod', 'producer']]) users[name] = server.addUser(name, role);
  const producer = await apiClient(server.url, users.prod);
  assert.equal((await producer('POST', '/api/shows', { title: 'Dân hỏi, Bộ trưởng trả lời' })).status, 201);
  const samples = readJsonl('questions.vi.jsonl');
  let next = 0;
  const started = Date.now();
  // 64 voters at once, each question its own (a number after the sample).
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let i = next++; i < QUESTIONS; i = next++) {
        const sample = samples[i % samples.length];
        const text = i === NEEDLE_AT ? NEEDLE : `${sample.text} (phiếu ${i})`;
        const { id } = await submitQuestion(server.url, { name: sample.name, area: sample.area, topic: sample.topic, text });
        if (i === NEEDLE_AT) needleId = id;
        newest = Math.max(newest, id);
      }
    }),
  );
  console.log(`seeded ${QUESTIONS} questions in ${Date.now() - started} ms`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const openConsole = (user) => openConsoleAs(browser, server.url, user, { open: false });

const card = (page, id) => page.locator(`#queue-list .q-card[data-id="${id}"]`);
const cardIds = (page) => page.$$eval('#queue-list .q-card', (cards) => cards.map((c) => Number(c.dataset.id)));
const selectedTitle = (page) => page.textContent('#d-title');
const count = async (page, state) => Number((await page.textContent(`.state-filter[data-state="${state}"] .n`)).replace(/\D/g, ''));

test('the newest question of a 20,000-question show is on screen at once, counted exactly', async () => {
  const page = await openConsole(users.mod1);
  try {
    const started = Date.now();
    await page.goto(`${server.url}/console`);
    await card(page, newest).waitFor({ timeout: 10000 });
    const elapsed = Date.now() - started;
    console.log(`first list with the newest question: ${elapsed} ms`);
    assert.ok(elapsed < 3000, `the newest question took ${elapsed} ms to show`);
    assert.equal((await cardIds(page))[0], newest, 'newest first');
    assert.ok((await cardIds(page)).length <= 200, 'a window, not the show');
    await eventually(async () => assert.equal(await count(page, ''), QUESTIONS), 'all counted');
    assert.equal(await count(page, 'pending'), QUESTIONS);
    assert.match(await page.textContent('#tab-questions-count'), /20\.000 chờ duyệt|20000 chờ duyệt/);

    // A search without diacritics finds the one question from the middle of the show.
    await page.fill('#f-text', 'bau tram ngap');
    await card(page, needleId).waitFor();
    await eventually(async () => assert.deepEqual(await cardIds(page), [needleId]), 'only the needle');
    assert.equal(await count(page, ''), 1);
    await screenshot(page, 'console-20000-search');
    await page.fill('#f-text', '');
    await eventually(async () => assert.equal((await cardIds(page))[0], newest), 'back to the newest');

    // J walks past the first page (50): the next one is read on the way.
    await card(page, newest).click();
    for (let i = 0; i < 60; ++i) await page.keyboard.press('j');
    await eventually(async () => {
      const ids = await cardIds(page);
      assert.ok(ids.length > 50, `${ids.length} cards read`);
      assert.match(await selectedTitle(page), new RegExp(`#${ids[60]} `));
    }, 'the 61st question selected');
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});

test('a new question waits behind the pill without moving the selection; a merge moves the counts elsewhere', async () => {
  const page = await openConsole(users.mod1);
  const other = await openConsole(users.mod2);
  try {
    await page.goto(`${server.url}/console`);
    await other.goto(`${server.url}/console`);
    await card(page, newest).waitFor();
    await card(other, newest).waitFor();
    const chosen = (await cardIds(page))[3];
    await card(page, chosen).click();
    await page.waitForSelector(`#d-title:has-text("#${chosen} ")`);
    const top = await page.$eval('#queue-list', (list) => list.querySelector(`[data-id]`).dataset.id);

    const fresh = await submitQuestion(server.url, { text: 'Câu hỏi mới giữa lúc biên tập: khi nào có nước sạch ở xã An Bình?' });
    await page.waitForSelector('#queue-new:not([hidden])');
    assert.match(await page.textContent('#queue-new'), /1 câu hỏi mới/);
    assert.equal(await card(page, fresh.id).count(), 0, 'not pushed in under the moderator');
    assert.equal(await page.$eval('#queue-list', (list) => list.querySelector(`[data-id]`).dataset.id), top);
    assert.match(await selectedTitle(page), new RegExp(`#${chosen} `));
    await screenshot(page, 'console-20000-new-pill');
    await page.click('#queue-new');
    await card(page, fresh.id).waitFor();
    assert.equal((await cardIds(page))[0], fresh.id);
    assert.match(await selectedTitle(page), new RegExp(`#${chosen} `), 'the selection stayed');
    assert.equal(await page.isHidden('#queue-new'), true);

    // A merge on this console: the other console's counts follow.
    const mergedBefore = await count(other, 'merged');
    const moderator = await apiClient(server.url, users.mod1);
    const [into, from] = (await cardIds(page)).slice(5, 7);
    const r = await moderator('POST', `/api/questions/${from}/merge`, { into, version: 1 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await eventually(async () => assert.equal(await count(other, 'merged'), mergedBefore + 1), 'the other console counted the merge');
    await eventually(async () => assert.equal(await count(other, 'pending'), QUESTIONS + 1 - 1 - mergedBefore), 'and one pending fewer');
    assert.deepEqual(page.problems, []);
    assert.deepEqual(other.problems, []);
  } finally {
    await page.context().close();
    await other.context().close();
  }
});
