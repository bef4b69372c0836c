// Joining a video call-in (docs/CALLINS.md, "Joining") in Debian's Chromium with its fake
// camera and microphone: the screener's console makes a call link (address, short code,
// QR code), a phone opens it, sees its own picture and "Đang chờ kết nối với trường
// quay", the console shows the caller waiting for video, and taking them to air tells
// the phone "Bạn đang lên sóng". A phone whose browser refuses the camera says so.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test call_links.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { addStaff, apiLogin, eventually, openPage, openShow, screenshot, startServer } from './harness.mjs';

const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--use-fake-device-for-media-stream'];
const PHONE = { width: 390, height: 844 };

let server;
let browser; // camera and microphone allowed, fake devices
let users;
let api;

function launch(extraArgs) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [...BROWSER_ARGS, ...extraArgs],
  });
}

before(async () => {
  server = await startServer();
  browser = await launch(['--use-fake-ui-for-media-stream']);
  ({ users, api } = await addStaff(server, [['screener', 'screener'], ['prod', 'producer']]));
  await openShow(api.prod, 'Đối thoại với cử tri — gọi video');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function logCaller(name) {
  const r = await api.screener('POST', '/api/callers', { name, area: 'TP. Dĩ An', phone: '0912 345 678' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

// The link's token: the console shows public_url's address, the test's server is on another port.
const tokenOf = (url) => url.match(/\/call\/([A-Za-z0-9_-]{43})$/)?.[1];

test('the console makes a link, the phone shows its picture and waits, the console sees it waiting', async () => {
  const caller = await logCaller('Nguyễn Thị Hằng <b>x</b>');
  const console_ = await openPage(browser, { viewport: { width: 1400, height: 950 } });
  await apiLogin(console_, server.url, users.screener);
  await console_.goto(`${server.url}/console`);
  await console_.waitForSelector('#conn[data-state="open"]');
  await console_.click('#tab-callers');
  const card = console_.locator(`.c-card[data-id="${caller.id}"]`);
  await card.locator('button[data-action="call-link"]').click();
  await console_.waitForSelector('#dlg-call-link[open]');
  const url = await console_.inputValue('#call-link-url');
  const token = tokenOf(url);
  assert.ok(token, url);
  assert.match(await console_.textContent('#call-link-code'), /^\d{3} \d{3}$/);
  assert.equal(await console_.textContent('#call-link-name'), 'Nguyễn Thị Hằng <b>x</b>', 'caller text stays text');
  // A QR code was drawn: dark and light modules on the canvas.
  const qr = await console_.evaluate(() => {
    const c = document.getElementById('call-link-qr');
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 128) dark += 1;
    return { size: c.width, dark, total: data.length / 4 };
  });
  assert.ok(qr.size >= 25 && qr.dark > qr.total / 5 && qr.dark < qr.total * 0.8, JSON.stringify(qr));
  // Texting the link needs a gateway that sends: none here, so the console says so and the
  // link stays (docs/API.md; the SMS itself: integration_tests SmsRealKannelSendsms).
  assert.equal(await console_.isDisabled('#call-link-sms'), false, 'the caller left a number');
  await console_.click('#call-link-sms');
  await console_.waitForSelector('.notice.error:has-text("Chưa cấu hình cổng gửi SMS")');
  assert.equal(await console_.inputValue('#call-link-url'), url, 'no new link');
  await eventually(async () => (await card.textContent()).includes('Đã gửi link video'), 'the card says a link was sent');

  const phone = await openPage(browser, { viewport: PHONE });
  const response = await phone.goto(`${server.url}/call/${token}`);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['referrer-policy'], 'no-referrer');
  await eventually(() => phone.evaluate(() => document.getElementById('self').videoWidth > 0), 'the phone shows its own picture', 10000);
  await eventually(
    async () => (await phone.textContent('#status')).includes('Đang chờ kết nối với trường quay'),
    'the phone waits for the studio',
    10000,
  );
  const size = await phone.evaluate(() => {
    const v = document.getElementById('self');
    return [v.videoWidth, v.videoHeight];
  });
  assert.ok(size[0] <= 1280 && size[1] <= 720, `capped at 720p: ${size}`);
  assert.equal(await phone.textContent('#greeting'), 'Xin chào Nguyễn Thị Hằng <b>x</b>. / Hello Nguyễn Thị Hằng <b>x</b>.');

  // Waiting, or already connected: the studio answers the phone's offer at once.
  const joined = /Đang chờ video|Đã kết nối video/;
  await eventually(async () => joined.test(await card.textContent()), 'the console shows the caller waiting for video');
  await eventually(async () => joined.test(await console_.textContent('#call-link-video')), 'the dialog follows');
  await screenshot(console_, 'call-link-console');
  await screenshot(phone, 'call-link-phone-waiting');

  // The studio takes them to air: the phone says so.
  for (const [who, to] of [['screener', 'screened'], ['screener', 'next'], ['prod', 'on_air']]) {
    const now = await api[who]('GET', `/api/callers/${caller.id}`);
    const r = await api[who]('POST', `/api/callers/${caller.id}/transition`, { to, version: now.body.version });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  await eventually(async () => (await phone.textContent('#status')).includes('Bạn đang lên sóng'), 'the phone is told it is on air');
  assert.equal(await phone.isVisible('#on-air-badge'), true);
  await screenshot(phone, 'call-link-phone-on-air');

  // The phone hangs up: the console sees the caller gone.
  await phone.context().close();
  // Its media either said goodbye (left) or stopped (lost, then left once the link ends).
  await eventually(async () => /Đã rời cuộc gọi video|Mất kết nối/.test(await card.textContent()), 'the console sees the phone leave');
  assert.deepEqual(console_.problems, []);
  assert.deepEqual(phone.problems, []);
  await console_.context().close();
  // Off air again, for the next test.
  const now = await api.prod('GET', `/api/callers/${caller.id}`);
  await api.prod('POST', `/api/callers/${caller.id}/transition`, { to: 'done', version: now.body.version });
});

test('a phone that refuses the camera is told so, and its link is not used up', async () => {
  const caller = await logCaller('Trần Văn Hùng');
  const link = await api.screener('POST', `/api/callers/${caller.id}/call-link`);
  assert.equal(link.status, 201, JSON.stringify(link.body));
  const denying = await launch(['--deny-permission-prompts']);
  try {
    const phone = await openPage(denying, { viewport: PHONE });
    await phone.goto(`${server.url}/call/${tokenOf(link.body.url)}`);
    await phone.waitForSelector('#problem:not([hidden])', { timeout: 10000 });
    assert.match(await phone.textContent('#problem-text'), /Bạn chưa cho phép dùng camera và micrô/);
    assert.match(await phone.textContent('#problem-help'), /Cho phép/);
    assert.equal(await phone.isVisible('#retry'), true);
    await screenshot(phone, 'call-link-phone-refused');
    assert.deepEqual(phone.problems, []);
  } finally {
    await denying.close();
  }
  const now = await api.screener('GET', `/api/callers/${caller.id}`);
  assert.equal(now.body.video, 'invited', 'no join without a camera');
});
