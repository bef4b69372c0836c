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
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { addStaff, eventually, openPage, openShow, screenshot, startServer } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
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

function gst(args, what) {
  const r = spawnSync('gst-launch-1.0', ['-q', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gst-launch could not make ${what}: ${r.stderr}`);
}

// 4 s of 640x360 at 25 fps, each frame stamped with a QR code of its number, large enough
// (5 px a module) to stay readable once scaled into the programme and through VP8. 16:9,
// as the page asks for 1280x720 and Chromium crops a 4:3 clip to that (cutting the QR code).
// SMPTE 75% bars, without the noise patch of "smpte", which no encoder can squeeze into the
// few hundred kbit/s a browser starts a call with.
function makeClip(name) {
  const path = join(dir, `${name}.y4m`);
  gst(['videotestsrc', 'num-buffers=100', 'pattern=smpte75', '!', 'video/x-raw,width=640,height=360,framerate=25/1',
    '!', 'debugqroverlay', `name=${name}`, 'pixel-size=5', 'x=30', 'y=10', '!', 'videoconvert', '!', 'video/x-raw,format=I420',
    '!', 'y4menc', '!', 'filesink', `location=${path}`], 'the clip');
  assert.ok(statSync(path).size > 640 * 360 * 1.5 * 90, 'the clip has its frames');
  return path;
}

// The caller's "voice": 600 Hz peaking at -10 dBFS, in bursts of 400 ms with 400 ms
// pauses, 6 s, mono 48 kHz WAV. Bursts, because a browser's noise suppression takes a
// steady tone for noise and fades it out within seconds.
function makeVoice() {
  const rate = 48000;
  const samples = rate * 6;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const on = Math.floor(i / (rate * 0.4)) % 2 === 0;
    const v = on ? Math.round(0.316 * 32767 * Math.sin((2 * Math.PI * 600 * i) / rate)) : 0;
    wav.writeInt16LE(v, 44 + i * 2);
  }
  const path = join(dir, 'voice.wav');
  writeFileSync(path, wav);
  return path;
}

// The QR codes zbar reads in the given rectangle of a PNG: [{phone, number}], the clip's
// name and the BUFFERCOUNT.
function qrNumbersIn(png, rect) {
  const file = join(dir, 'frame.png');
  writeFileSync(file, png);
  const r = spawnSync('gst-launch-1.0', ['-m', 'filesrc', `location=${file}`, '!', 'pngdec', '!', 'videoconvert', '!',
    'videocrop', `left=${rect.x}`, `top=${rect.y}`, `right=${FORMAT.width - rect.x - rect.width}`,
    `bottom=${FORMAT.height - rect.y - rect.height}`, '!', 'videoconvert', '!', 'zbar', '!', 'fakesink'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`zbar: ${r.stderr}`);
  return [...r.stdout.matchAll(/BUFFERCOUNT\\":(\d+).*?NAME\\":\\"([A-Za-z-]+)/g)]
    .map((m) => ({ phone: m[2].toLowerCase(), number: Number(m[1]) })); // debugqroverlay writes NAME in capitals
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'votercast-on-air-'));
  for (const name of ['phone-a', 'phone-b']) clips[name] = makeClip(name);
  voice = makeVoice();
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

async function launchPhone(clip) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${clip}`, `--use-file-for-fake-audio-capture=${voice}`,
      '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
}

const programmeLevel = async () => (await api.op('GET', '/api/program/health')).body.programme.audio_level.rms_db;

// What the phone hears from the studio: the analyser's level (dB) at 600 Hz and 1 kHz.
function listen(phone) {
  return phone.evaluate(async () => {
    const stream = document.getElementById('studio-sound').srcObject;
    if (!stream) return null;
    window.studioEar ??= (() => {
      const context = new AudioContext({ sampleRate: 48000 });
      const analyser = context.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0.5;
      context.createMediaStreamSource(stream).connect(analyser);
      return { context, analyser };
    })();
    const { context, analyser } = window.studioEar;
    await context.resume();
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    const at = (hz) => {
      const i = Math.round((hz * analyser.fftSize) / context.sampleRate);
      return Math.max(bins[i - 1], bins[i], bins[i + 1]);
    };
    return { voice: at(600), programme: at(1000) };
  });
}

// A caller with a call link, whose phone joins and connects: { id, browser, phone }.
async function callIn(name, clip) {
  const caller = await api.screener('POST', '/api/callers', { name, area: 'TP. Thuận An' });
  assert.equal(caller.status, 201, JSON.stringify(caller.body));
  const id = caller.body.id;
  const link = await api.screener('POST', `/api/callers/${id}/call-link`);
  assert.equal(link.status, 201, JSON.stringify(link.body));
  const browser = await launchPhone(clip);
  const phone = await openPage(browser, { viewport: PHONE });
  await phone.goto(link.body.url.replace(/^https?:\/\/[^/]+/, server.url));
  return { id, browser, phone };
}

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
      return qrNumbersIn(r.bytes, CALLER_RECT);
    };
    const first = await eventually(async () => {
      const n = await frameNumbers();
      return n.length === 1 ? n[0] : null;
    }, "zbar reads the caller's QR code from frame.png in the caller's place", 10000);
    assert.equal(first.phone, 'phone-a', "the caller on air, not the one waiting");
    const later = await eventually(async () => {
      const n = await frameNumbers();
      return n.length === 1 && n[0].number !== first.number ? n[0] : null;
    }, 'a later frame of the clip on air', 10000);
    assert.equal(later.phone, 'phone-a');

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
