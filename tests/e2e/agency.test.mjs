// The agencies' page (/agency) against a real votercast server and Debian's
// Chromium: an agency officer logs in, sees only their agency's forwarded
// question (overdue ones marked), answers it, and the voter's ticket page shows
// the answer; the public archive lists it.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test agency.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';

import { launchBrowser, openPage, screenshot, startServer, submitQuestion } from './harness.mjs';

const ROADS = 'Sở Giao thông Vận tải';
const HEALTH = 'Sở Y tế';
const config = {
  topics: ['giao thông', 'y tế'],
  areas: ['Phường Hòa Phú', 'TP. Dĩ An'],
  agencies: [ROADS, HEALTH],
};
const CSP_MUST_HAVE = ["script-src 'self'", "style-src 'self'", "connect-src 'self'", "object-src 'none'"];

let server;
let browser;
let roads;
let producerCookie;

before(async () => {
  server = await startServer({ config });
  browser = await launchBrowser();
  roads = server.addUser('sogtvt', 'agency', undefined, { agency: ROADS });
  server.addUser('soyte', 'agency', undefined, { agency: HEALTH });
  const producer = server.addUser('sanxuat', 'producer');
  const r = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ user: producer.name, password: producer.password }),
  });
  assert.equal(r.status, 200);
  producerCookie = r.headers.get('set-cookie').split(';')[0];
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function producerApi(method, path, body) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', Origin: server.url, Cookie: producerCookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await r.json();
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${JSON.stringify(data)}`);
  return data;
}

// A voter's question, approved and forwarded by the producer.
async function forwardedQuestion(fields, agency, due_date) {
  const submitted = await submitQuestion(server.url, fields);
  await producerApi('POST', `/api/questions/${submitted.id}/transition`, { to: 'approved', version: 1 });
  const body = { to: 'forwarded', version: 2, agency };
  if (due_date) body.due_date = due_date;
  await producerApi('POST', `/api/questions/${submitted.id}/transition`, body);
  return submitted;
}

// The province's date `days` from now ("YYYY-MM-DD").
function localDate(days) {
  return new Date(Date.now() + days * 86400000 + 7 * 3600000).toISOString().slice(0, 10);
}

test('an agency officer answers their question and the voter sees the answer on the ticket page', async () => {
  const mine = await forwardedQuestion(
    {
      name: 'Trần Hữu Quynh',
      phone: '0912345678',
      area: 'Phường Hòa Phú',
      topic: 'giao thông',
      text: 'Khi nào sửa Đường ĐT743 đoạn qua <img src=x onerror=alert(1)> Hòa Phú?',
    },
    ROADS,
    localDate(5),
  );
  const overdueSoon = await forwardedQuestion(
    { area: 'TP. Dĩ An', topic: 'giao thông', text: 'Đèn tín hiệu ngã tư 550 hỏng' },
    ROADS,
    localDate(0),
  );
  const theirs = await forwardedQuestion({ area: 'TP. Dĩ An', topic: 'y tế', text: 'Trạm y tế thiếu thuốc' }, HEALTH);

  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  try {
    const response = await page.goto(`${server.url}/agency`);
    const csp = response.headers()['content-security-policy'] ?? '';
    for (const directive of CSP_MUST_HAVE) assert.ok(csp.includes(directive), `served with ${directive} (got "${csp}")`);

    // The login form, as an officer would use it.
    await page.waitForSelector('#login-form');
    await page.fill('#login-user', roads.name);
    await page.fill('#login-password', 'sai-mat-khau');
    await page.click('#login-form button[type="submit"]');
    await page.waitForSelector('#login-error:not([hidden])');
    await page.fill('#login-password', roads.password);
    await page.click('#login-form button[type="submit"]');
    await page.waitForSelector('#app:not([hidden])');
    assert.equal(await page.textContent('#agency-name'), ROADS);

    // Only this agency's questions, the earliest due first.
    const cards = page.locator('#list .card');
    await cards.first().waitFor();
    assert.deepEqual(await cards.evaluateAll((els) => els.map((e) => Number(e.dataset.id))), [overdueSoon.id, mine.id]);
    assert.equal(await page.locator(`#list .card[data-id="${theirs.id}"]`).count(), 0, "another agency's question is not shown");
    const card = page.locator(`#list .card[data-id="${mine.id}"]`);
    assert.equal(
      await card.locator('.question').textContent(),
      'Khi nào sửa Đường ĐT743 đoạn qua <img src=x onerror=alert(1)> Hòa Phú?',
      'voter text shown as text',
    );
    assert.equal(await card.locator('img').count(), 0);
    assert.match(await card.locator('.due').textContent(), new RegExp(`Hạn trả lời: ${localDate(5).split('-').reverse().join('/')}`));
    assert.match(await card.textContent(), /giao thông/);
    assert.match(await card.textContent(), /Phường Hòa Phú/);
    assert.match(await card.textContent(), new RegExp(`Mã ${mine.ticket}`));
    assert.equal(await card.locator('.overdue-badge').count(), 0);
    assert.match(await page.textContent('#count-forwarded'), /\(2\)/);

    // Write the answer: the count follows, then send it.
    const answer = 'Sở GTVT đã giao Ban Quản lý dự án thảm nhựa Đường ĐT743 trong quý I/2027.\nXin cảm ơn cử tri.';
    const send = card.locator('button[type="submit"]');
    assert.ok(await send.isDisabled(), 'nothing to send yet');
    await card.locator('textarea').fill(answer);
    assert.equal(await card.locator('.counter').textContent(), `${[...answer].length}/5000 ký tự`);
    await screenshot(page, 'agency-forwarded-1280');
    await send.click();
    await card.waitFor({ state: 'detached' });
    await page.waitForSelector('.notice:has-text("Đã gửi trả lời")');
    assert.match(await page.textContent('#count-answered'), /\(1\)/);

    // The "Đã trả lời" tab.
    await page.click('#tab-answered');
    const answered = page.locator(`#list .card[data-id="${mine.id}"]`);
    await answered.waitFor();
    assert.equal(await answered.locator('.answer-text').textContent(), answer);
    assert.match(await answered.locator('.answered-when').textContent(), /^Trả lời lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}/);
    await screenshot(page, 'agency-answered-1280');
    assert.deepEqual(page.problems, [], 'no script errors or CSP violations on the page');
  } finally {
    await page.context().close();
  }

  // The voter's ticket page, on a phone, without JavaScript.
  const voter = await openPage(browser, { viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  try {
    await voter.goto(`${server.url}/t/${mine.ticket}`);
    assert.match(await voter.textContent('#status'), /Đã có trả lời/);
    assert.equal(await voter.textContent('#answer .answer-text'), 'Sở GTVT đã giao Ban Quản lý dự án thảm nhựa Đường ĐT743 trong quý I/2027.\nXin cảm ơn cử tri.');
    assert.match(await voter.textContent('#answer .answered-when'), new RegExp(`^Trả lời của ${ROADS} lúc \\d\\d:\\d\\d ngày \\d\\d/\\d\\d/\\d{4}$`));
    await screenshot(voter, 'agency-voter-ticket-answered');

    // ... and the public archive, searched without diacritics; the name was not allowed.
    await voter.goto(`${server.url}/answers?q=duong+dt743`);
    const item = voter.locator(`#answers #q${mine.id}`);
    assert.match(await item.textContent(), /Cử tri ở Phường Hòa Phú hỏi:/);
    assert.doesNotMatch(await item.textContent(), /Trần Hữu Quynh|0912/);
    assert.equal(await voter.locator('#answers .archive-item').count(), 1);
    await screenshot(voter, 'answers-archive-phone');
  } finally {
    await voter.context().close();
  }
});

test('an overdue question is marked "Quá hạn" and the overdue filter keeps only those', async () => {
  const late = await forwardedQuestion({ area: 'TP. Dĩ An', topic: 'giao thông', text: 'Cầu Ông Cộ xuống cấp' }, ROADS, localDate(0));
  const onTime = await forwardedQuestion({ area: 'TP. Dĩ An', topic: 'giao thông', text: 'Vỉa hè bị lấn chiếm' }, ROADS, localDate(9));
  // Two days pass for the late one: its due date moves back in the live database.
  const moved = spawnSync('sqlite3', ['-cmd', '.timeout 5000', server.db,
    `UPDATE questions SET due_at = ${Date.now() - 2 * 86400000} WHERE id = ${late.id}`], { encoding: 'utf8' });
  assert.equal(moved.status, 0, moved.stderr);

  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  try {
    const login = await page.request.post(`${server.url}/api/login`, {
      data: { user: roads.name, password: roads.password },
      headers: { Origin: server.url },
    });
    assert.equal(login.status(), 200);
    await page.goto(`${server.url}/agency`);
    const card = page.locator(`#list .card[data-id="${late.id}"]`);
    await card.waitFor();
    assert.equal(await card.locator('.overdue-badge').textContent(), 'Quá hạn');
    assert.ok(await card.evaluate((e) => e.classList.contains('overdue')));
    assert.equal(await page.locator('#list .card').first().getAttribute('data-id'), String(late.id), 'the late one first');
    assert.equal(await page.locator(`#list .card[data-id="${onTime.id}"] .overdue-badge`).count(), 0);
    await screenshot(page, 'agency-overdue-1280');

    await page.check('#overdue-only');
    await page.locator(`#list .card[data-id="${onTime.id}"]`).waitFor({ state: 'detached' });
    assert.deepEqual(await page.locator('#list .card').evaluateAll((els) => els.map((e) => Number(e.dataset.id))), [late.id]);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});

test('an agency officer who signs in on /console is taken to /agency', async () => {
  const page = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${server.url}/console`);
    await page.waitForSelector('#login-form');
    await page.fill('#login-user', roads.name);
    await page.fill('#login-password', roads.password);
    await page.click('#login-form button[type="submit"]');
    await page.waitForURL(`${server.url}/agency`);
    await page.waitForSelector('#app:not([hidden])');
    assert.equal(await page.textContent('#agency-name'), ROADS);
    // Signed in already: straight there.
    await page.goto(`${server.url}/console`);
    await page.waitForURL(`${server.url}/agency`);
    assert.deepEqual(page.problems, []);
  } finally {
    await page.context().close();
  }
});
