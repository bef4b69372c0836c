// A real video caller taken to air, all the way through (issue 15, docs/CALLINS.md):
// Debian's Chromium plays a clip whose frames carry a QR code of their number and of the
// phone, and 600 Hz bursts as its microphone; a second phone calls in and waits. The
// operator takes the first caller to air side by side; zbar
// (GStreamer's zbar element) reads the QR code from frame.png inside the caller's part of
// the programme, and again a moment later with a later number; the programme's level rises
// with the caller's voice; and the phone hears the programme (the test input's 1 kHz
// line-up tone) without its own 600 Hz (mix-minus), measured with a WebAudio analyser.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test call_on_air.test.mjs
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { hear, makeQrClip, makeToneBursts, phoneIn, qrCodesIn } from './call_fixtures.mjs';
import { addStaff, eventually, openShow, screenshot, startServer } from './harness.mjs';

// The programme at 1280x720: side by side, the caller's place is (976, 246) 896x504 of
// 1920x1080, here (651, 164) 597x336.
const FORMAT = { width: 1280, height: 720 };
const CALLER_RECT = { x: 651, y: 164, width: 597, height: 336 };

let server;
let dir;
const clips = {};
let voice;
let users;
let api;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'votercast-on-air-'));
  for (const name of ['phone-a', 'phone-b']) clips[name] = makeQrClip(dir, name);
  voice = makeToneBursts(dir, 'voice', 600);
  server = await startServer({
    extraArgs: ['--format', `${FORMAT.width}x${FORMAT.height}@25`],
    config: { calls: { ice_addresses: ['127.0.0.1'] } },
  });
  ({ users, api } = await addStaff(server, [['screener', 'screener'], ['op', 'operator'], ['prod', 'producer']]));
  await openShow(api.prod, 'Đối thoại với cử tri — người gọi lên sóng');
});

after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const programmeLevel = async () => (await api.op('GET', '/api/program/health')).body.programme.audio_level.rms_db;

// What the phone hears from the studio: the level (dB) at 600 Hz and 1 kHz.
async function listen(phone) {
  const levels = await hear(phone, 'studio-sound', [600, 1000]);
  return levels && { voice: levels[0], programme: levels[1] };
}

// A caller whose phone joins: { id, browser, phone }.
const callIn = (name, clip) => phoneIn({ screener: api.screener, url: server.url, name, area: 'TP. Thuận An', clip, voice });

// The screener's view of a call once it is connected with pictures and sound.
const connected = (id) => eventually(async () => {
  const r = await api.screener('GET', `/api/callers/${id}/call`);
  return r.status === 200 && r.body.state === 'connected' && r.body.frames_received > 0 ? r.body : null;
}, `caller ${id}'s call connected with pictures`, 20000);

test("a caller's picture, voice and return audio, from a real browser to the programme, another waiting", async () => {
  const before = await eventually(async () => {
    const db = await programmeLevel();
    return db > -30 ? db : null;
  }, "the test input's line-up tone in the programme", 10000);

  const calls = [];
  try {
    calls.push(await callIn('Trần Văn Hùng', clips['phone-a']));
    calls.push(await callIn('Lê Thị Bích', clips['phone-b']));
    const [{ id, phone }, waiting] = calls;
    const call = await connected(id);
    assert.ok(call.audio.frames_received > 0, 'the voice reaches the studio');
    const waitingCall = await connected(waiting.id);
    // Pictures at a usable rate: the browser's bandwidth estimate climbs (transport-cc)
    // and no keyframe storm holds it at a few frames a second.
    await new Promise((r) => setTimeout(r, 2000));
    const twoSecondsOn = (await api.screener('GET', `/api/callers/${id}/call`)).body;
    assert.ok(twoSecondsOn.frames_received - call.frames_received >= 16,
      `${twoSecondsOn.frames_received - call.frames_received} pictures in 2 s`);
    // Screened, next, and on air with the picture, side by side.
    let c = (await api.screener('GET', `/api/callers/${id}`)).body;
    for (const to of ['screened', 'next']) {
      const r = await api.screener('POST', `/api/callers/${id}/transition`, { to, version: c.version });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      c = r.body;
    }
    const onAir = await api.op('POST', `/api/callers/${id}/transition`,
      { to: 'on_air', version: c.version, video: true, layout: 'side_by_side' });
    assert.equal(onAir.status, 200, JSON.stringify(onAir.body));
    await eventually(async () => (await api.op('GET', '/api/program/health')).body.graphics.generation.on_air
      >= onAir.body.scene_generation, 'the take on the programme', 5000);
    await eventually(() => phone.evaluate(() => document.getElementById('self-view').dataset.state === 'on_air'),
      'the phone says it is on air', 5000);

    // The caller's QR code, read inside the caller's place, and a later one after it.
    const frameNumbers = async () => {
      const r = await api.op('GET', '/api/program/frame.png');
      assert.equal(r.status, 200);
      return qrCodesIn(dir, r.bytes, FORMAT, CALLER_RECT);
    };
    const first = await eventually(async () => {
      const n = await frameNumbers();
      return n.length === 1 ? n[0] : null;
    }, "zbar reads the caller's QR code from frame.png in the caller's place", 10000);
    assert.equal(first.name, 'phone-a', "the caller on air, not the one waiting");
    const later = await eventually(async () => {
      const n = await frameNumbers();
      return n.length === 1 && n[0].number !== first.number ? n[0] : null;
    }, 'a later frame of the clip on air', 10000);
    assert.equal(later.name, 'phone-a');

    // The other caller waits, connected, their pictures still arriving, off air.
    const stillWaiting = await eventually(async () => {
      const r = await api.screener('GET', `/api/callers/${waiting.id}/call`);
      return r.body.state === 'connected' && r.body.frames_received > waitingCall.frames_received ? r.body : null;
    }, 'the waiting caller stays connected', 10000);
    assert.ok(stillWaiting.last_frame_age_ms < 2000, JSON.stringify(stillWaiting));
    assert.equal(await waiting.phone.evaluate(() => document.getElementById('self-view').dataset.state), 'waiting');
    await screenshot(phone, 'call-on-air-phone');

    // The voice in the programme: its level rises above the line-up tone's.
    const mixed = await eventually(async () => {
      const db = await programmeLevel();
      return db > before + 3 ? db : null;
    }, `the caller's voice raises the programme's level above ${before} dBFS`, 10000);
    assert.ok(mixed > before + 3, `${before} -> ${mixed}`);

    // The phone hears the programme without its own voice.
    const heard = await eventually(async () => {
      const ear = await listen(phone);
      return ear && ear.programme > -60 ? ear : null;
    }, 'the programme heard on the phone', 15000);
    assert.ok(heard.programme - heard.voice > 30, `mix-minus: 1 kHz at ${heard.programme} dB, own 600 Hz at ${heard.voice} dB`);
    assert.deepEqual(phone.problems, []);
    assert.deepEqual(waiting.phone.problems, []);

    // The call ends: picture and voice go.
    const now = (await api.op('GET', `/api/callers/${id}`)).body;
    const done = await api.op('POST', `/api/callers/${id}/transition`, { to: 'done', version: now.version });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    await eventually(async () => (await programmeLevel()) < before + 1, 'the voice goes with the call', 5000);
    await eventually(async () => (await frameNumbers()).length === 0, 'the picture goes with the call', 5000);
  } finally {
    for (const { browser } of calls) await browser.close().catch(() => {});
  }
});
