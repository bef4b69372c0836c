// What the video-call tests play and measure (issue 15): clips whose frames carry a QR
// code of their number and name, tone bursts for a fake microphone, a Chromium with those
// as its camera and microphone, zbar reading a PNG, and a WebAudio ear on a page's stream.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { openPage } from './harness.mjs';

function gst(args, what) {
  const r = spawnSync('gst-launch-1.0', ['-q', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gst-launch could not make ${what}: ${r.stderr}`);
}

// 4 s of 640x360 at 25 fps, each frame stamped with a QR code of its number and `name`,
// large enough (5 px a module) to stay readable once scaled and through VP8. 16:9, as the
// call page asks for 1280x720 and Chromium crops a 4:3 clip to that (cutting the QR code).
// SMPTE 75% bars, without the noise patch of "smpte", which no encoder can squeeze into the
// few hundred kbit/s a browser starts a call with. I420 y4m ("C420"), what
// --use-file-for-fake-video-capture plays, over and over.
export function makeQrClip(dir, name) {
  const path = join(dir, `${name}.y4m`);
  gst(['videotestsrc', 'num-buffers=100', 'pattern=smpte75', '!', 'video/x-raw,width=640,height=360,framerate=25/1',
    '!', 'debugqroverlay', `name=${name}`, 'pixel-size=5', 'x=30', 'y=10', '!', 'videoconvert', '!', 'video/x-raw,format=I420',
    '!', 'y4menc', '!', 'filesink', `location=${path}`], 'the clip');
  assert.ok(statSync(path).size > 640 * 360 * 1.5 * 90, 'the clip has its frames');
  return path;
}

// A "voice": `hz` peaking at -10 dBFS, in bursts of 400 ms with 400 ms pauses, 6 s, mono
// 48 kHz WAV. Bursts, because a browser's noise suppression takes a steady tone for noise
// and fades it out within seconds.
export function makeToneBursts(dir, name, hz) {
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
    const v = on ? Math.round(0.316 * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)) : 0;
    wav.writeInt16LE(v, 44 + i * 2);
  }
  const path = join(dir, `${name}.wav`);
  writeFileSync(path, wav);
  return path;
}

// A Chromium whose camera plays `clip` (if given) and whose microphone plays `voice`, with
// permission granted, sound allowed without a click, loopback candidates allowed and not
// hidden behind mDNS names (webrtcbin cannot resolve a .local candidate).
export function launchWithMedia({ clip, voice }) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      ...(clip ? [`--use-file-for-fake-video-capture=${clip}`] : []), `--use-file-for-fake-audio-capture=${voice}`,
      '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
    ],
  });
}

// A caller the screener (`screener`, an apiClient) logs and makes a call link for, whose
// phone, a Chromium of its own playing `clip` and `voice`, opens the link on the server at
// `url`: { id, browser, phone }. The call then connects by itself. `prepare(page)` runs on
// the phone's page before it loads.
export async function phoneIn({ screener, url, name, area, clip, voice, prepare }) {
  const caller = await screener('POST', '/api/callers', { name, area });
  assert.equal(caller.status, 201, JSON.stringify(caller.body));
  const id = caller.body.id;
  const link = await screener('POST', `/api/callers/${id}/call-link`);
  assert.equal(link.status, 201, JSON.stringify(link.body));
  const browser = await launchWithMedia({ clip, voice });
  const phone = await openPage(browser, { viewport: { width: 390, height: 844 } });
  if (prepare) await prepare(phone);
  await phone.goto(link.body.url.replace(/^https?:\/\/[^/]+/, url));
  return { id, browser, phone };
}

// The QR codes zbar (GStreamer's element) reads in `rect` of a PNG of size `frame`:
// [{name, number}], the clip's name (lower case) and the frame's BUFFERCOUNT.
export function qrCodesIn(dir, png, frame, rect = { x: 0, y: 0, ...frame }) {
  const file = join(dir, 'frame.png');
  writeFileSync(file, png);
  const r = spawnSync('gst-launch-1.0', ['-m', 'filesrc', `location=${file}`, '!', 'pngdec', '!', 'videoconvert', '!',
    'videocrop', `left=${rect.x}`, `top=${rect.y}`, `right=${frame.width - rect.x - rect.width}`,
    `bottom=${frame.height - rect.y - rect.height}`, '!', 'videoconvert', '!', 'zbar', '!', 'fakesink'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`zbar: ${r.stderr}`);
  return [...r.stdout.matchAll(/BUFFERCOUNT\\":(\d+).*?NAME\\":\\"([A-Za-z-]+)/g)]
    .map((m) => ({ name: m[2].toLowerCase(), number: Number(m[1]) })); // debugqroverlay writes NAME in capitals
}

// The QR codes in the picture the page's <video id=`elementId`> shows now, of size `frame`
// ([] before it has one), read as qrCodesIn reads them (its PNG written in `dir`).
export async function qrCodesInVideo(page, elementId, dir, frame) {
  const dataUrl = await page.evaluate((id) => {
    const video = document.getElementById(id);
    if (!video.videoWidth) return null;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0);
    return canvas.toDataURL('image/png');
  }, elementId);
  if (!dataUrl) return [];
  return qrCodesIn(dir, Buffer.from(dataUrl.split(',')[1], 'base64'), frame);
}

// What a page hears on the media element `elementId` plays: the level (dB) at each of
// `frequencies`, through a WebAudio analyser made the first time; null before it has a stream.
export function hear(page, elementId, frequencies) {
  return page.evaluate(async ({ elementId, frequencies }) => {
    const stream = document.getElementById(elementId).srcObject;
    if (!stream || stream.getAudioTracks().length === 0) return null;
    window.ears ??= {};
    if (window.ears[elementId]?.stream !== stream) {
      const context = new AudioContext({ sampleRate: 48000 });
      const analyser = context.createAnalyser();
      analyser.fftSize = 8192;
      analyser.smoothingTimeConstant = 0.5;
      context.createMediaStreamSource(stream).connect(analyser);
      window.ears[elementId] = { stream, context, analyser };
    }
    const { context, analyser } = window.ears[elementId];
    await context.resume();
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    return frequencies.map((hz) => {
      const i = Math.round((hz * analyser.fftSize) / context.sampleRate);
      return Math.max(bins[i - 1], bins[i], bins[i + 1]);
    });
  }, { elementId, frequencies });
}
