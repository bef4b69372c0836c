// The screener sees, hears and talks to a waiting video caller (issue 15): two Chromium
// phones play QR clips (phone-a, phone-b) with 600 Hz bursts as their voice and wait; the
// screener's console, in its own Chromium whose microphone plays 1500 Hz bursts, presses
// "Xem & nghe" on the first caller. The console's <video> plays the caller's picture: zbar
// reads phone-a's QR code, then a later number, from frames drawn off that element; its
// WebAudio analyser hears the caller's 600 Hz. With talk-back on, the first phone hears
// 1500 Hz, and the second phone does not. Watching the second caller moves the view
// there; closing it ends the screening on the server.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test call_screening.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { hear, launchWithMedia, makeQrClip, makeToneBursts, phoneIn, qrCodesInVideo } from './call_fixtures.mjs';
import { addStaff, eventually, openConsoleAs, openShow, screenshot, startServer } from './harness.mjs';

const SCREEN = { width: 480, height: 270 }; // what the screener's link sends (ScreenerLinkSettings)

let server;
let dir;
const clips = {};
let voice;
let talk;
let users;
let api;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'votercast-screening-'));
  for (const name of ['phone-a', 'phone-b']) clips[name] = makeQrClip(dir, name);
  voice = makeToneBursts(dir, 'voice', 600);
  talk = makeToneBursts(dir, 'talk', 1500);
  server = await startServer({ config: { calls: { ice_addresses: ['127.0.0.1'] } } });
  ({ users, api } = await addStaff(server, [['screener', 'screener'], ['prod', 'producer']]));
  await openShow(api.prod, 'Đối thoại với cử tri — sàng lọc người gọi video');
});

after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// A caller whose phone joins and connects: { id, browser, phone }.
async function callIn(name, clip) {
  const call = await phoneIn({ screener: api.screener, url: server.url, name, area: 'TX. Bến Cát', clip, voice });
  await eventually(async () => {
    const r = await api.screener('GET', `/api/callers/${call.id}/call`);
    return r.status === 200 && r.body.state === 'connected' && r.body.frames_received > 0;
  }, `${name}'s call connected with pictures`, 20000);
  return call;
}

// The QR codes in the picture the console's <video> shows now.
const codesOnDesk = (desk) => qrCodesInVideo(desk, 'screen-video', dir, SCREEN);

const screeners = async (id) => (await api.screener('GET', `/api/callers/${id}/call`)).body.screeners;

test('the screener sees and hears a waiting caller, talks to them, and moves on to the next', async () => {
  const browsers = [];
  try {
    const a = await callIn('Nguyễn Thị Hồng', clips['phone-a']);
    browsers.push(a.browser);
    const b = await callIn('Phạm Văn Toàn', clips['phone-b']);
    browsers.push(b.browser);

    const deskBrowser = await launchWithMedia({ voice: talk });
    browsers.push(deskBrowser);
    const desk = await openConsoleAs(deskBrowser, server.url, users.screener);
    await desk.click('#tab-callers');
    const watch = (id) => desk.click(`.c-card[data-id="${id}"] button[data-action="screen"]`);
    await watch(a.id);

    await desk.waitForSelector('#screen-panel[data-state="connected"]', { timeout: 15000 });
    await eventually(() => desk.evaluate(() => document.getElementById('screen-video').videoWidth === 480),
      'the caller\'s picture at the screening size', 10000);
    const first = await eventually(async () => {
      const codes = await codesOnDesk(desk);
      return codes.length === 1 ? codes[0] : null;
    }, "zbar reads the caller's QR code off the desk's video", 10000);
    assert.equal(first.name, 'phone-a');
    const later = await eventually(async () => {
      const codes = await codesOnDesk(desk);
      return codes.length === 1 && codes[0].number !== first.number ? codes[0] : null;
    }, 'a later frame of the caller on the desk', 10000);
    assert.equal(later.name, 'phone-a');
    assert.equal(await screeners(a.id), 1);

    // The caller's voice on the desk.
    const heard = await eventually(async () => {
      const levels = await hear(desk, 'screen-video', [600]);
      return levels && levels[0] > -60 ? levels : null;
    }, "the caller's 600 Hz on the desk", 15000);
    assert.ok(heard[0] > -60, `${heard[0]} dB`);

    // Talk-back: the first phone hears the screener; the second, waiting, does not.
    await desk.click('#screen-talk');
    await desk.waitForSelector('#screen-talk[aria-pressed="true"]');
    const told = await eventually(async () => {
      const levels = await hear(a.phone, 'studio-sound', [1500]);
      return levels && levels[0] > -60 ? levels : null;
    }, "the screener's 1500 Hz on the caller's phone", 15000);
    assert.ok(told[0] > -60, `${told[0]} dB`);
    const other = await hear(b.phone, 'studio-sound', [1500]);
    assert.ok(other !== null && other[0] < -80, `the waiting caller hears nothing: ${other}`);
    await screenshot(desk, 'call-screening-desk');

    // The next caller: the view moves, the first screening ends.
    await watch(b.id);
    const next = await eventually(async () => {
      const codes = await codesOnDesk(desk);
      return codes.length === 1 && codes[0].name === 'phone-b' ? codes[0] : null;
    }, "the second caller's picture on the desk", 15000);
    assert.equal(next.name, 'phone-b');
    assert.equal(await desk.getAttribute('#screen-talk', 'aria-pressed'), 'false', 'talk-back starts off');
    assert.equal(await screeners(a.id), 0);
    assert.equal(await screeners(b.id), 1);

    await desk.click('#screen-close');
    await desk.waitForSelector('#screen-panel', { state: 'hidden' });
    await eventually(async () => (await screeners(b.id)) === 0, 'the screening ends on the server', 5000);
    assert.deepEqual(desk.problems, []);
    assert.deepEqual(a.phone.problems, []);
    assert.deepEqual(b.phone.problems, []);
  } finally {
    for (const browser of browsers) await browser.close().catch(() => {});
  }
});
