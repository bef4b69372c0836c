// The voter's pages in a real browser: the question form with and without
// JavaScript, the ticket page, voter text shown as text, and a paused intake.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiLogin, launchBrowser, openPage, readJsonl, screenshot, startServer } from './harness.mjs';

let server;
let browser;
let producer;
const questions = readJsonl('questions.vi.jsonl').filter((q) => q.channel === 'web');
const adversarial = readJsonl('adversarial.jsonl');

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  producer = server.addUser('sanxuat', 'producer');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function ticketStatus(ticket) {
  const r = await fetch(`${server.url}/api/tickets/${ticket}`);
  assert.equal(r.status, 200);
  return r.json();
}

async function setIntake(paused) {
  const page = await openPage(browser);
  await apiLogin(page, server.url, producer);
  const r = await page.request.put(`${server.url}/api/intake`, { data: { paused }, headers: { Origin: server.url } });
  assert.equal(r.status(), 200, await r.text());
  await page.context().close();
}

test('a voter sends a question from a phone and gets a ticket that leads to its status', async () => {
  const page = await openPage(browser, { viewport: { width: 390, height: 844 } });
  const response = await page.goto(server.url + '/');
  assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
  const q = questions[0];
  await page.fill('#name', q.name);
  await page.fill('#phone', q.phone);
  await page.fill('#area', q.area);
  await page.fill('#topic', q.topic);
  await page.fill('#text', q.text);
  assert.equal(await page.textContent('#counter'), `Còn ${1000 - [...q.text.normalize('NFC')].length} ký tự`);
  await screenshot(page, 'voter-form-phone');
  await page.click('#send');
  await page.waitForSelector('#sent:not([hidden])');
  const ticket = (await page.textContent('#ticket')).trim();
  assert.match(ticket, /^[0-9A-Z]{8}$/);
  const fontSize = await page.$eval('#ticket', (el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(fontSize >= 32, `the ticket is big (${fontSize}px)`);
  await screenshot(page, 'voter-ticket-phone');

  const status = await ticketStatus(ticket);
  assert.equal(status.text, q.text.normalize('NFC'));
  assert.equal(status.status, 'received');

  await page.click('#ticket-link');
  await page.waitForURL(`**/t/${ticket}`);
  assert.match(await page.textContent('#status'), /Đã tiếp nhận/);
  assert.equal(await page.textContent('#text'), q.text.normalize('NFC'));
  await screenshot(page, 'voter-ticket-status');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the form refuses an empty or too long question before sending, in Vietnamese', async () => {
  const page = await openPage(browser);
  await page.goto(server.url + '/');
  await page.click('#send');
  assert.match(await page.textContent('#text-error'), /Vui lòng nhập nội dung/);
  const long = adversarial.find((a) => a.text_repeat);
  // maxlength stops typing at 1000; a pasted-in value beyond it is still caught.
  await page.$eval('#text', (el, v) => { el.removeAttribute('maxlength'); el.value = v; el.dispatchEvent(new Event('input')); },
    long.text_repeat.repeat(long.repeat));
  assert.match(await page.textContent('#counter'), /Vượt quá/);
  await page.click('#send');
  assert.match(await page.textContent('#text-error'), /dài quá 1000 ký tự/);
  await page.fill('#text', 'Câu hỏi hợp lệ');
  await page.fill('#phone', '12345');
  await page.click('#send');
  assert.match(await page.textContent('#phone-error'), /Số điện thoại chưa đúng/);
  assert.equal(await page.isHidden('#sent'), true);
  await page.context().close();
});

test('without JavaScript the form posts and the server answers with the ticket page', async () => {
  const page = await openPage(browser, { javaScriptEnabled: false });
  await page.goto(server.url + '/');
  const q = questions[1];
  await page.fill('#name', q.name);
  await page.fill('#text', q.text);
  await Promise.all([page.waitForNavigation(), page.click('#send')]);
  const ticket = (await page.textContent('#ticket')).trim();
  assert.match(ticket, /^[0-9A-Z]{8}$/);
  assert.equal((await ticketStatus(ticket)).text, q.text.normalize('NFC'));
  await screenshot(page, 'voter-nojs-sent');

  // Looking a ticket up by the form, typed in lower case with a space.
  await page.goto(server.url + '/');
  await page.fill('#lookup-code', `${ticket.slice(0, 4).toLowerCase()} ${ticket.slice(4)}`);
  await Promise.all([page.waitForNavigation(), page.click('#lookup button')]);
  assert.ok(page.url().endsWith(`/t/${ticket}`), page.url());

  // An empty question comes back as a page that says why.
  await page.goto(server.url + '/');
  await page.fill('#text', '   ');
  const [response] = await Promise.all([page.waitForNavigation(), page.click('#send')]);
  assert.equal(response.status(), 400);
  assert.match(await page.textContent('#error'), /Vui lòng nhập nội dung câu hỏi/);
  await page.context().close();
});

test('voter text that looks like HTML is shown as text on every voter page', async () => {
  const script = adversarial.find((a) => /<script>/.test(a.text ?? ''));
  const img = '<img src=x onerror="window.__pwned=1"> Khi nào sửa cầu?';
  for (const text of [script.text, img]) {
    const page = await openPage(browser);
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
    await page.goto(server.url + '/');
    await page.fill('#text', text);
    await page.click('#send');
    await page.waitForSelector('#sent:not([hidden])');
    const ticket = (await page.textContent('#ticket')).trim();
    await page.goto(`${server.url}/t/${ticket}`);
    assert.equal(await page.textContent('#text'), text);
    assert.equal(await page.$('#text img'), null);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(dialogs, 0);
    await screenshot(page, `voter-markup-as-text-${text.startsWith('<script') ? 'script' : 'img'}`);
    await page.context().close();
  }
});

test('an unknown ticket gets a page that says so', async () => {
  const page = await openPage(browser);
  const response = await page.goto(`${server.url}/t/ZZZZZZZZ`);
  assert.equal(response.status(), 404);
  assert.match(await page.textContent('h1'), /Không tìm thấy mã ZZZZZZZZ/);
  await page.context().close();
});

test('while the producer pauses intake the page says so politely and the server answers 503', async () => {
  await setIntake(true);
  try {
    const page = await openPage(browser);
    await page.goto(server.url + '/');
    await page.waitForSelector('#paused:not([hidden])');
    assert.match(await page.textContent('#paused'), /tạm ngừng nhận câu hỏi/);
    assert.equal(await page.isDisabled('#send'), true);
    await screenshot(page, 'voter-intake-paused');
    await page.context().close();

    const api = await fetch(`${server.url}/api/questions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: questions[2].text }),
    });
    assert.equal(api.status, 503);
    assert.equal((await api.json()).error.code, 'intake_paused');

    const nojs = await openPage(browser, { javaScriptEnabled: false });
    await nojs.goto(server.url + '/');
    await nojs.fill('#text', questions[2].text);
    const [response] = await Promise.all([nojs.waitForNavigation(), nojs.click('#send')]);
    assert.equal(response.status(), 503);
    assert.match(await nojs.textContent('#error'), /tạm ngừng nhận câu hỏi/);
    await nojs.context().close();
  } finally {
    await setIntake(false);
  }
  const reopened = await fetch(`${server.url}/api/questions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text: questions[2].text }),
  });
  assert.equal(reopened.status, 201);
});
