// The walk of one question through every page, in one real server running its
// programme: a voter sends it from a phone → it appears on the open consoles
// within a second → a moderator approves and edits it for air → the producer
// queues it → the control room takes it (F1) → the card is on the programme's
// frame, both control rooms show ON AIR, and the voter's ticket page says so.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiLogin, launchBrowser, meanDifference, openPage, programmeRegion, readJsonl, screenshot, startServer } from './harness.mjs';

let server;
let browser;
const users = {};
const question = readJsonl('questions.vi.jsonl').filter((q) => q.channel === 'web')[3];

before(async () => {
  server = await startServer({ extraArgs: ['--format', '640x360@25'] });
  browser = await launchBrowser();
  for (const [name, role] of [['bientap', 'moderator'], ['sanxuat', 'producer'], ['vanhanh', 'operator'], ['vanhanh2', 'operator']])
    users[name] = server.addUser(name, role);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function staffPage(user, path, viewport = { width: 1920, height: 1080 }) {
  const page = await openPage(browser, { viewport });
  await apiLogin(page, server.url, user);
  await page.goto(`${server.url}${path}`);
  return page;
}

test('one question from the voter’s phone to the programme', async () => {
  const producerApi = await openPage(browser);
  await apiLogin(producerApi, server.url, users.sanxuat);
  const show = await producerApi.request.post(`${server.url}/api/shows`, {
    data: { title: 'Đối thoại với cử tri — kỳ họp cuối năm' },
    headers: { Origin: server.url },
  });
  assert.equal(show.status(), 201);

  const moderator = await staffPage(users.bientap, '/console', { width: 1280, height: 900 });
  const producer = await staffPage(users.sanxuat, '/console');
  for (const page of [moderator, producer]) await page.waitForSelector('#conn[data-state="open"]');

  // The voter, on a phone.
  const voter = await openPage(browser, { viewport: { width: 390, height: 844 } });
  await voter.goto(`${server.url}/`);
  await voter.fill('#name', question.name);
  await voter.fill('#area', question.area);
  await voter.fill('#topic', question.topic);
  await voter.fill('#text', question.text);
  await voter.click('#send');
  await voter.waitForSelector('#sent:not([hidden])');
  const sentAt = Date.now();
  const ticket = (await voter.textContent('#ticket')).trim();

  // On both consoles within a second, without a reload.
  const cardOn = (page) => page.locator('#queue-list .q-card', { hasText: question.text.slice(0, 40) });
  await Promise.all([cardOn(moderator).waitFor({ timeout: 1000 }), cardOn(producer).waitFor({ timeout: 1000 })]);
  assert.ok(Date.now() - sentAt <= 1000, `shown ${Date.now() - sentAt} ms after the ticket`);
  const questionId = Number(await cardOn(moderator).getAttribute('data-id'));
  // From here by id: once edited, a card shows the text for air.
  const cardOf = (page) => page.locator(`#queue-list .q-card[data-id="${questionId}"]`);

  // The moderator approves it and edits it for air.
  await cardOf(moderator).click();
  await moderator.waitForSelector(`#d-title:has-text("#${questionId} ")`);
  await moderator.keyboard.press('a');
  await moderator.waitForSelector('#d-state:has-text("đã duyệt")');
  const forAir = 'Khi nào tỉnh sửa đường ĐT743 đoạn qua phường Hòa Phú?';
  await moderator.keyboard.press('e');
  await moderator.waitForSelector('#dlg-edit[open]');
  await moderator.fill('#edit-text', forAir);
  await moderator.keyboard.press('Control+Enter');
  await moderator.waitForSelector(`#d-onair:text-is("${forAir}")`);

  // The producer sees the edit arrive and queues it.
  await cardOf(producer).locator('.chip.edited').waitFor();
  await cardOf(producer).click();
  await producer.waitForSelector(`#d-title:has-text("#${questionId} ")`);
  await producer.keyboard.press('q');
  await producer.locator(`#rundown-list .rd-item[data-id="${questionId}"]`).waitFor();
  await screenshot(producer, 'journey-console-queued');

  // Two control rooms; the first takes the rundown's next question with F1.
  const controlA = await staffPage(users.vanhanh, '/control');
  const controlB = await staffPage(users.vanhanh2, '/control', { width: 1280, height: 900 });
  for (const page of [controlA, controlB]) await page.waitForSelector('#connection.pill-ok', { timeout: 10000 });
  const card = controlA.locator('section.layer[data-layer="question_card"]');
  await card.locator('[data-role="next"]').getByText(forAir).waitFor();
  const empty = await programmeRegion(controlA);
  await controlA.keyboard.press('F1');
  for (const page of [controlA, controlB])
    await page.waitForSelector('section.layer[data-layer="question_card"][data-on-air="true"]', { timeout: 5000 });

  // The card is on the programme: its region of the frame is no longer the empty picture.
  const deadline = Date.now() + 5000;
  let difference = 0;
  while (Date.now() < deadline && difference <= 20) difference = meanDifference(empty, await programmeRegion(controlA));
  assert.ok(difference > 20, `the card's region changed (mean difference ${difference.toFixed(1)})`);

  const onAir = await (await producerApi.request.get(`${server.url}/api/questions/${questionId}`)).json();
  assert.equal(onAir.state, 'on_air');
  assert.equal(onAir.on_air_text, forAir);
  const scene = await (await producerApi.request.get(`${server.url}/api/program/scene`)).json();
  assert.equal(scene.scene.question_card.text, forAir);
  assert.equal(scene.scene.question_card.asker, question.name);

  // The voter's ticket page follows.
  await voter.goto(`${server.url}/t/${ticket}`);
  assert.match(await voter.textContent('#status'), /Đang được trả lời trên sóng/);

  await screenshot(controlA, 'journey-control-on-air');
  await screenshot(controlB, 'journey-control-second-room');
  await screenshot(voter, 'journey-voter-on-air');
  for (const page of [moderator, producer, controlA, controlB, voter]) assert.deepEqual(page.problems, [], page.url());
});
