// A video caller on Firefox (issue 15: "current Chromium, Firefox and Safari"): Debian's
// Firefox ESR, with its fake camera and 1 kHz microphone, joins with a call link. Its
// offer is not Chromium's (other payload types and extensions); the server answers it and
// ICE connects on 127.0.0.1. The screener sees pictures arriving at a usable rate, and the
// voice; taken to air, the page says so and receives the studio's return audio with its
// level (headless Firefox has no sound device to play it on). A Firefox that blocks the
// camera shows its message. Safari cannot run here (docs/CALLINS.md, "Browsers").
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test call_firefox.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { firefoxPath, inboundAudio, launchFirefox, openFirefoxPage, watchPeerConnections } from './firefox.mjs';
import { addStaff, eventually, openShow, screenshot, startServer } from './harness.mjs';

let server;
let api;

before(async () => {
  assert.ok(existsSync(firefoxPath), `${firefoxPath}: scripts/install-deps test installs firefox-esr`);
  // With the programme (small), whose mix-minus is the caller's return.
  server = await startServer({ extraArgs: ['--format', '640x360@25'], config: { calls: { ice_addresses: ['127.0.0.1'] } } });
  ({ api } = await addStaff(server, [['screener', 'screener'], ['prod', 'producer'], ['op', 'operator']]));
  await openShow(api.prod, 'Đối thoại với cử tri — gọi video từ Firefox');
});

after(async () => {
  await server?.stop();
});

async function callerWithLink(name) {
  const caller = await api.screener('POST', '/api/callers', { name, area: 'TP. Dĩ An' });
  assert.equal(caller.status, 201, JSON.stringify(caller.body));
  const link = await api.screener('POST', `/api/callers/${caller.body.id}/call-link`);
  assert.equal(link.status, 201, JSON.stringify(link.body));
  return { id: caller.body.id, url: link.body.url.replace(/^https?:\/\/[^/]+/, server.url) };
}

const callOf = async (id) => (await api.screener('GET', `/api/callers/${id}/call`)).body;
const text = (page, id) => page.$eval(`#${id}`, (e) => e.textContent);

test('a Firefox caller connects, is seen and heard, goes to air and hears the studio', async () => {
  const { id, url } = await callerWithLink('Võ Thị Ngọc Ánh');
  const browser = await launchFirefox();
  try {
    const phone = await openFirefoxPage(browser);
    await watchPeerConnections(phone);
    await phone.goto(url);
    await eventually(async () => /Đang chờ kết nối với trường quay/.test(await text(phone, 'status')),
      'the page says the caller waits for the studio', 10000);
    const first = await eventually(async () => {
      const call = await callOf(id);
      return call.state === 'connected' && call.frames_received > 0 ? call : null;
    }, "the screener sees Firefox's call connected with pictures", 20000);
    assert.equal(first.codec, 'VP8');
    await new Promise((r) => setTimeout(r, 2000));
    const later = await callOf(id);
    assert.ok(later.frames_received - first.frames_received >= 16,
      `${later.frames_received - first.frames_received} pictures in 2 s`);
    assert.ok(later.audio.frames_received > 0 && later.audio.peak_db > -40, `the voice: ${JSON.stringify(later.audio)}`);
    assert.equal(await phone.$eval('#self-view', (e) => e.dataset.media), 'connected');

    let c = (await api.screener('GET', `/api/callers/${id}`)).body;
    for (const to of ['screened', 'next']) {
      const r = await api.screener('POST', `/api/callers/${id}/transition`, { to, version: c.version });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      c = r.body;
    }
    const onAir = await api.op('POST', `/api/callers/${id}/transition`, { to: 'on_air', version: c.version, video: true });
    assert.equal(onAir.status, 200, JSON.stringify(onAir.body));
    await eventually(async () => /Bạn đang lên sóng/.test(await text(phone, 'status')), 'the page says on air', 5000);
    const heard = await eventually(async () => {
      const audio = await inboundAudio(phone);
      return audio && audio.level > 0.01 ? audio : null;
    }, "the studio's return audio arriving in Firefox with its level", 15000);
    assert.ok(heard.samples > 0 && heard.energy > 0, JSON.stringify(heard));
    await screenshot(phone, 'call-firefox-on-air');
    assert.deepEqual(phone.problems, []);

    const now = (await api.op('GET', `/api/callers/${id}`)).body;
    const done = await api.op('POST', `/api/callers/${id}/transition`, { to: 'done', version: now.version });
    assert.equal(done.status, 200, JSON.stringify(done.body));
  } finally {
    await browser.close().catch(() => {});
  }
});

test('a Firefox that blocks the camera tells the caller, and the link is not used up', async () => {
  const { id, url } = await callerWithLink('Đặng Văn Lâm');
  const browser = await launchFirefox({ media: 'refused' });
  try {
    const phone = await openFirefoxPage(browser);
    await phone.goto(url);
    await phone.waitForSelector('#problem:not([hidden])', { timeout: 10000 });
    assert.match(await text(phone, 'problem-text'), /Bạn chưa cho phép dùng camera và micrô/);
    assert.deepEqual(phone.problems, []);
  } finally {
    await browser.close().catch(() => {});
  }
  assert.equal((await api.screener('GET', `/api/callers/${id}`)).body.video, 'invited', 'no join without a camera');
});
