// A phone and a screener's console that cannot reach the studio directly (issue 15's
// STUN/TURN): both Chromiums may use relayed candidates only (iceTransportPolicy "relay",
// as a network that blocks direct UDP leaves them), through Debian's coturn with a shared
// secret (use-auth-secret) on 127.0.0.1. The server hands each browser the call's own
// credentials: the phone in its hello, the console in screen.offer. The call connects and
// the console sees the caller's picture, each browser's selected candidate pair is a relay
// one, and coturn logged each browser's allocation under the call's name.
//
//   cd tests/e2e && VOTERCAST_BINARY=../../build/votercast node --test call_relay.test.mjs
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { launchWithMedia, makeQrClip, makeToneBursts, phoneIn, qrCodesInVideo } from './call_fixtures.mjs';
import { addStaff, eventually, openConsoleAs, openShow, startServer } from './harness.mjs';

const SECRET = 'bi-mat-chung-cua-dai-voi-coturn';
const SCREEN = { width: 480, height: 270 };

let server;
let turn;
let turnLog = '';
let dir;
let clip;
let voice;
let users;
let api;

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

// Every RTCPeerConnection the page makes uses relayed candidates only, and is kept in
// window.__pcs for the test to ask which candidate pair it chose.
async function relayOnly(page) {
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    window.__pcs = [];
    window.RTCPeerConnection = class extends Native {
      constructor(config = {}, ...rest) {
        super({ ...config, iceTransportPolicy: 'relay' }, ...rest);
        window.__pcs.push(this);
      }
    };
  });
}

// The local and remote candidate types of the pair each connection of the page chose.
const chosenPairs = (page) =>
  page.evaluate(async () => {
    const pairs = [];
    for (const pc of window.__pcs) {
      const stats = await pc.getStats();
      for (const s of stats.values()) {
        if (s.type !== 'transport' || !s.selectedCandidatePairId) continue;
        const pair = stats.get(s.selectedCandidatePairId);
        pairs.push({ local: stats.get(pair.localCandidateId)?.candidateType, state: pair.state });
      }
    }
    return pairs;
  });

before(async () => {
  assert.ok(existsSync('/usr/bin/turnserver'), 'coturn is not installed: scripts/install-deps test');
  dir = mkdtempSync(join(tmpdir(), 'votercast-relay-'));
  clip = makeQrClip(dir, 'phone-relay');
  voice = makeToneBursts(dir, 'voice', 600);
  const port = await freePort();
  turn = spawn('/usr/bin/turnserver', [
    '-n', '--listening-ip=127.0.0.1', `--listening-port=${port}`, '--relay-ip=127.0.0.1',
    '--min-port=49500', '--max-port=49600', '--use-auth-secret', `--static-auth-secret=${SECRET}`,
    '--realm=votercast.test', '--allow-loopback-peers', '--no-cli', '--no-tls', '--no-dtls',
    '--log-file=stdout', '--simple-log', '--verbose', `--userdb=${join(dir, 'turndb')}`,
    `--pidfile=${join(dir, 'turn.pid')}`,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  turn.stdout.on('data', (chunk) => { turnLog += chunk; });
  turn.stderr.on('data', (chunk) => { turnLog += chunk; });
  await eventually(() => turnLog.includes('Total General servers'), 'coturn listening', 10000);
  server = await startServer({
    config: { calls: { ice_addresses: ['127.0.0.1'], turn_server: `turn://127.0.0.1:${port}`, turn_secret: SECRET } },
  });
  ({ users, api } = await addStaff(server, [['screener', 'screener'], ['prod', 'producer']]));
  await openShow(api.prod, 'Đối thoại với cử tri — người gọi sau tường lửa');
});

after(async () => {
  await server?.stop();
  turn?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a phone and a console that can only use the relay connect through it with the call’s credentials', async () => {
  const browsers = [];
  try {
    const call = await phoneIn({
      screener: api.screener, url: server.url, name: 'Lê Thị Thu Hà', area: 'H. Dầu Tiếng', clip, voice,
      prepare: relayOnly,
    });
    browsers.push(call.browser);
    await eventually(async () => {
      const r = await api.screener('GET', `/api/callers/${call.id}/call`);
      return r.status === 200 && r.body.state === 'connected' && r.body.frames_received > 0;
    }, 'the call connected through the relay with pictures', 30000);
    assert.deepEqual((await chosenPairs(call.phone)).map((p) => p.local), ['relay'], 'the phone sends through coturn');

    const deskBrowser = await launchWithMedia({ voice });
    browsers.push(deskBrowser);
    const desk = await openConsoleAs(deskBrowser, server.url, users.screener, { open: false });
    await relayOnly(desk);
    await desk.goto(`${server.url}/console`);
    await desk.waitForSelector('#conn[data-state="open"]');
    await desk.click('#tab-callers');
    await desk.click(`.c-card[data-id="${call.id}"] button[data-action="screen"]`);
    await desk.waitForSelector('#screen-panel[data-state="connected"]', { timeout: 30000 });
    const seen = await eventually(async () => {
      const codes = await qrCodesInVideo(desk, 'screen-video', dir, SCREEN);
      return codes.length === 1 ? codes[0] : null;
    }, "the caller's QR code on the console, through the relay", 20000);
    assert.equal(seen.name, 'phone-relay');
    assert.deepEqual((await chosenPairs(desk)).map((p) => p.local), ['relay'], 'the console receives through coturn');

    // Both browsers allocated with the call's own name (coturn's user is "<expiry>:caller-<id>").
    const allocations = turnLog.match(new RegExp(`:caller-${call.id}>: incoming packet ALLOCATE processed, success`, 'g'));
    assert.ok(allocations && allocations.length >= 2, `the phone's and the console's allocations: ${allocations}`);
    assert.deepEqual(desk.problems, []);
    assert.deepEqual(call.phone.problems, []);
  } catch (error) {
    error.message += `\n--- coturn's log, its end:\n${turnLog.slice(-3000)}`;
    throw error;
  } finally {
    for (const browser of browsers) await browser.close().catch(() => {});
  }
});
