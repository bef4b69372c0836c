// Cụm câu hỏi and actions on many questions, in Debian's Chromium: the realistic questions
// grouped as they arrive (the SMS without diacritics with the rest), the largest cluster
// first, merged whole from one console while another console's counts follow, a cluster
// opened in the queue, and a shift-click selection approved in one step.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test clusters.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { apiClient, eventually, launchBrowser, openConsoleAs, readJsonl, screenshot, startServer, submitQuestion } from './harness.mjs';

let server;
let browser;
const users = {};
const road = [];
const others = [];

before(async () => {
  // Every voter of these tests posts from this one address: none is another's repeat.
  server = await startServer({ config: { intake: { collapse_repeats: false } } });
  browser = await launchBrowser();
  for (const [name, role] of [['mod1', 'moderator'], ['mod2', 'moderator'], ['prod', 'producer']]) users[name] = server.addUser(name, role);
  const producer = await apiClient(server.url, users.prod);
  assert.equal((await producer('POST', '/api/shows', { title: 'Đối thoại với cử tri — cụm câu hỏi' })).status, 201);
  const rows = readJsonl('questions.vi.jsonl');
  // Road ĐT743 asked three ways (one an SMS text without diacritics), each twice; the rest once.
  for (let round = 0; round < 2; ++round)
    for (const [i, row] of rows.entries()) {
      const isRoad = i === 0 || i === 10 || i === 15;
      if (round === 1 && !isRoad) continue;
      const { id } = await submitQuestion(server.url, { name: `Cử tri ${round}`, area: row.area || 'Phường Hòa Phú', text: row.text });
      (isRoad ? road : others).push(id);
    }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const openConsole = (user) => openConsoleAs(browser, server.url, user);

const count = async (page, state) => Number((await page.textContent(`.state-filter[data-state="${state}"] .n`)).replace(/\D/g, ''));
const card = (page, id) => page.locator(`#queue-list .q-card[data-id="${id}"]`);

test('the largest cluster first; merged whole on one console, the other console counts it', async () => {
  const mod1 = await openConsole(users.mod1);
  const mod2 = await openConsole(users.mod2);
  try {
    await eventually(async () => assert.equal(await count(mod2, 'pending'), road.length + others.length), 'all pending on mod2');
    await mod1.click('#tab-clusters');
    const first = mod1.locator('#clusters-list .cluster-card').first();
    await first.waitFor();
    assert.equal(Number(await first.getAttribute('data-id')), Math.min(...road));
    assert.match(await first.locator('.c-voters').textContent(), /^6 cử tri hỏi câu này · 6 câu chờ duyệt/);
    assert.match(await first.locator('.c-text').textContent(), /^Đường ĐT743/);
    assert.match(await mod1.textContent('#tab-clusters-count'), /\(\d+\)/);
    await screenshot(mod1, 'console-clusters');

    // Open it: its six questions in the queue, the SMS among them.
    await first.locator('[data-action="open"]').click();
    await mod1.waitForSelector('#queue-cluster:not([hidden])');
    await eventually(async () => assert.equal(await mod1.locator('#queue-list .q-card').count(), 6), 'the cluster in the queue');
    for (const id of road) await card(mod1, id).waitFor();

    // The whole queue by cluster size: the road's six first, oldest first; a new question
    // waits behind the pill, where the server ranks it.
    await mod2.selectOption('#f-order', 'largest');
    await eventually(async () => {
      const ids = await mod2.locator('#queue-list .q-card').evaluateAll((cards) => cards.slice(0, 6).map((c) => Number(c.dataset.id)));
      assert.deepEqual(ids, [...road].sort((a, b) => a - b));
    }, 'the largest cluster at the top');
    const { id: late } = await submitQuestion(server.url, { name: 'Cử tri muộn', area: 'Phường Hòa Phú', text: 'Xin hỏi thủ tục cấp phép xây nhà trên đất nông nghiệp ở ấp 4 thế nào?' });
    others.push(late);
    await mod2.locator('#queue-new:has-text("1 câu hỏi mới")').waitFor();
    await mod2.click('#queue-new');
    await eventually(async () => assert.equal(await card(mod2, late).count(), 1), 'the pill brought it in');
    await mod2.selectOption('#f-order', 'newest');

    // Merge it whole from its tab.
    await mod1.click('#tab-clusters');
    await first.locator('[data-action="merge"]').click();
    await mod1.waitForSelector('#dlg-confirm[open]');
    await mod1.click('#confirm-form button[type="submit"]');
    await mod1.locator('.notice:has-text("Đã gộp 5 câu")').waitFor();
    await eventually(async () => assert.notEqual(Number(await mod1.locator('#clusters-list .cluster-card').first().getAttribute('data-id')), Math.min(...road)), 'the merged cluster left the list');

    // The other console: five merged, five fewer pending, and the first question speaks for six.
    await eventually(async () => assert.equal(await count(mod2, 'merged'), 5), 'mod2 counted the merge');
    assert.equal(await count(mod2, 'pending'), road.length + others.length - 5);
    await card(mod2, Math.min(...road)).locator('.dup:has-text("6 cử tri hỏi câu này")').waitFor();
    assert.deepEqual(mod1.problems, []);
    assert.deepEqual(mod2.problems, []);
  } finally {
    await mod1.context().close();
    await mod2.context().close();
  }
});

test('a shift-click selection is approved in one step', async () => {
  const page = await openConsole(users.mod1);
  try {
    await page.click('.state-filter[data-state="pending"]');
    // The pending view comes from the server: wait for its cards, not the ones before it.
    const ids = await eventually(async () => {
      const cards = await page.$$eval('#queue-list .q-card', (list) => list.map((c) => [Number(c.dataset.id), c.dataset.state]));
      assert.ok(cards.length >= 4 && cards.every(([, s]) => s === 'pending'), JSON.stringify(cards));
      assert.equal(await page.getAttribute('#queue-list', 'aria-busy'), 'false');
      return cards.map(([id]) => id);
    }, 'the pending view');
    await card(page, ids[0]).click();
    await card(page, ids[2]).click({ modifiers: ['Shift'] });
    await page.waitForSelector('#bulk-bar:not([hidden])');
    assert.match(await page.textContent('#bulk-count'), /Đã chọn 3 câu/);
    await page.click('#bulk-approve');
    await page.locator('.notice:has-text("Đã duyệt 3 câu")').waitFor();
    const moderator = await apiClient(server.url, users.mod1);
    for (const id of ids.slice(0, 3)) assert.equal((await moderator('GET', `/api/questions/${id}`)).body.state, 'approved');
    assert.equal((await moderator('GET', `/api/questions/${ids[3]}`)).body.state, 'pending', 'only the three picked');
    await page.waitForSelector('#bulk-bar[hidden]', { state: 'attached' });
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});
