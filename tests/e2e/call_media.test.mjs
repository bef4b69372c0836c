// A video caller's browser reaches the studio (docs/CALLINS.md, "The studio's answer"):
// Debian's Chromium, with a fake camera playing a clip whose frames carry a QR code of
// their number (made here by gst-launch), joins with a call link; the server answers its
// offer, ICE connects on 127.0.0.1 with host candidates only, and the screener's
// GET /api/callers/{id}/call shows the link connected with frames arriving. Killing that
// browser shows the caller lost within about a second, then gone.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test call_media.test.mjs
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { apiClient, eventually, openConsoleAs, openPage, screenshot, startServer } from './harness.mjs';

const PHONE = { width: 390, height: 844 };

let server;
let clipDir;
let clip;
let api;
let screenerUser;

// 4 s of 640×480 at 25 fps, each frame stamped with its number, as I420 y4m ("C420"):
// what --use-file-for-fake-video-capture plays, over and over.
function makeClip(dir) {
  const path = join(dir, 'caller.y4m');
  const r = spawnSync(
    'gst-launch-1.0',
    ['-q', 'videotestsrc', 'num-buffers=100', 'pattern=smpte', '!', 'video/x-raw,width=640,height=480,framerate=25/1',
      '!', 'debugqroverlay', '!', 'videoconvert', '!', 'video/x-raw,format=I420', '!', 'y4menc', '!', 'filesink',
      `location=${path}`],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`gst-launch could not make the clip: ${r.stderr}`);
  assert.ok(statSync(path).size > 640 * 480 * 1.5 * 90, 'the clip has its frames');
  return path;
}

// A caller's phone: its own Chromium (so that the test can kill it), fake camera and
// microphone allowed, loopback candidates allowed and not hidden behind mDNS names
// (webrtcbin cannot resolve a .local candidate).
async function launchPhone() {
  const browserServer = await chromium.launchServer({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${clip}`,
      '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
  const browser = await chromium.connect(browserServer.wsEndpoint());
  return { browserServer, browser };
}

before(async () => {
  clipDir = mkdtempSync(join(tmpdir(), 'votercast-call-'));
  clip = makeClip(clipDir);
  // Host candidates on loopback only, as in every test here.
  server = await startServer({ config: { calls: { ice_addresses: ['127.0.0.1'] } } });
  screenerUser = server.addUser('screener', 'screener');
  const prod = server.addUser('prod', 'producer');
  api = { screener: await apiClient(server.url, screenerUser), prod: await apiClient(server.url, prod) };
  const show = await api.prod('POST', '/api/shows', { title: 'Đối thoại với cử tri — gọi video thật' });
  assert.equal(show.status, 201, JSON.stringify(show.body));
});

after(async () => {
  await server?.stop();
  if (clipDir) rmSync(clipDir, { recursive: true, force: true });
});

async function callerWithLink(name) {
  const caller = await api.screener('POST', '/api/callers', { name, area: 'TP. Thủ Dầu Một' });
  assert.equal(caller.status, 201, JSON.stringify(caller.body));
  const link = await api.screener('POST', `/api/callers/${caller.body.id}/call-link`);
  assert.equal(link.status, 201, JSON.stringify(link.body));
  const token = link.body.url.match(/\/call\/([A-Za-z0-9_-]{43})$/)[1];
  return { id: caller.body.id, token };
}

test('a real browser connects: the screener sees the link connected and frames arriving', async () => {
  const { id, token } = await callerWithLink('Lê Thị Thu Trang');
  const none = await api.screener('GET', `/api/callers/${id}/call`);
  assert.equal(none.status, 404);
  assert.equal(none.body.error.code, 'no_call');

  const { browserServer, browser } = await launchPhone();
  try {
    const phone = await openPage(browser, { viewport: PHONE });
    // What the page sends and hears on its socket.
    const sent = [];
    const heard = [];
    phone.on('websocket', (ws) => {
      ws.on('framesent', (f) => sent.push(JSON.parse(f.payload)));
      ws.on('framereceived', (f) => heard.push(JSON.parse(f.payload)));
    });
    await phone.goto(`${server.url}/call/${token}`);

    await eventually(
      () => phone.evaluate(() => document.getElementById('self-view').dataset.media === 'connected'),
      'the page reports its peer connection connected',
      20000,
    );
    const first = await eventually(async () => {
      const r = await api.screener('GET', `/api/callers/${id}/call`);
      return r.status === 200 && r.body.state === 'connected' && r.body.frames_received > 0 ? r.body : null;
    }, 'the screener sees the link connected with frames', 20000);
    assert.equal(first.caller_id, id);
    assert.equal(first.phone_connected, true);
    assert.match(first.codec, /^(VP8|H264)$/);
    assert.ok(first.bytes_received > 0, JSON.stringify(first));
    const later = await eventually(async () => {
      const r = await api.screener('GET', `/api/callers/${id}/call`);
      return r.body.frames_received >= first.frames_received + 25 ? r.body : null;
    }, 'frames keep arriving', 10000);
    assert.ok(later.last_frame_age_ms !== null && later.last_frame_age_ms < 1000, JSON.stringify(later));
    assert.ok(later.audio.frames_received > 0, 'the fake microphone is heard');

    // Signalling as documented: the answer first, then candidates; host candidates on
    // loopback both ways, none hidden behind an mDNS name.
    const fromStudio = heard.filter((m) => m.type === 'answer' || m.type === 'ice');
    assert.equal(fromStudio[0]?.type, 'answer', JSON.stringify(heard.map((m) => m.type)));
    assert.ok(fromStudio.some((m) => m.type === 'ice' && /127\.0\.0\.1 \d+ typ host/.test(m.candidate)));
    const ours = sent.filter((m) => m.type === 'ice' && m.candidate);
    assert.ok(ours.some((m) => /127\.0\.0\.1 \d+ typ host/.test(m.candidate)), JSON.stringify(ours));
    assert.ok(!ours.some((m) => /\.local /.test(m.candidate)), 'no mDNS candidates');
    assert.equal(sent.filter((m) => m.type === 'offer').length, 1);

    // The screener's console: the caller's card says the video is connected.
    await eventually(async () => (await api.screener('GET', `/api/callers/${id}`)).body.video === 'connected',
      "the caller's video reads connected", 5000);
    const console_ = await openConsoleAs(browser, server.url, screenerUser, { viewport: { width: 1400, height: 950 } });
    await console_.click('#tab-callers');
    const card = console_.locator(`.c-card[data-id="${id}"]`);
    await eventually(async () => (await card.textContent()).includes('Đã kết nối video'), 'the card shows the video connected');
    await screenshot(console_, 'call-media-console-connected');
    await screenshot(phone, 'call-media-phone-connected');
    assert.deepEqual(phone.problems, []);
    assert.deepEqual(console_.problems, []);

    // The browser is killed: no goodbye, its socket and its media stop at once.
    const killedAt = Date.now();
    browserServer.process().kill('SIGKILL');
    await eventually(async () => (await api.screener('GET', `/api/callers/${id}/call`)).body.state === 'lost',
      'the link is lost', 5000);
    const lostAfter = Date.now() - killedAt;
    assert.ok(lostAfter < 2500, `lost after ${lostAfter} ms`);
    await eventually(async () => (await api.screener('GET', `/api/callers/${id}`)).body.video === 'lost',
      "the caller's video reads lost", 5000);
    // Nobody comes back: the link ends and the caller has left.
    await eventually(async () => (await api.screener('GET', `/api/callers/${id}/call`)).status === 404,
      'the link ends', 25000);
    await eventually(async () => (await api.screener('GET', `/api/callers/${id}`)).body.video === 'left',
      "the caller's video reads left", 5000);
  } finally {
    await browser.close().catch(() => {});
    await browserServer.close().catch(() => {});
  }
});

test('the studio ends the call: the phone is told, the link goes at once', async () => {
  const { id, token } = await callerWithLink('Phạm Văn Đức');
  const { browserServer, browser } = await launchPhone();
  try {
    const phone = await openPage(browser, { viewport: PHONE });
    await phone.goto(`${server.url}/call/${token}`);
    await eventually(async () => (await api.screener('GET', `/api/callers/${id}/call`)).body.state === 'connected',
      'connected', 20000);
    // The studio ends the call: the phone is told, the link goes.
    const now = await api.screener('GET', `/api/callers/${id}`);
    const drop = await api.screener('POST', `/api/callers/${id}/transition`, { to: 'dropped', version: now.body.version });
    assert.equal(drop.status, 200, JSON.stringify(drop.body));
    await eventually(async () => (await api.screener('GET', `/api/callers/${id}/call`)).status === 404, 'the link ends', 3000);
    await eventually(() => phone.evaluate(() => document.getElementById('self-view').dataset.state === 'ended'),
      'the phone is told the call is over', 5000);
    await eventually(async () => (await api.screener('GET', `/api/callers/${id}`)).body.video === 'left',
      "the caller's video reads left", 5000);
  } finally {
    await browser.close().catch(() => {});
    await browserServer.close().catch(() => {});
  }
});
