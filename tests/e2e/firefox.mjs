// Debian's Firefox ESR for the page tests, driven by puppeteer-core over WebDriver BiDi
// (Playwright drives only its own patched Firefox, which is downloaded from a CDN). Fake
// camera and microphone (a moving test picture and a 1 kHz tone), granted or refused;
// loopback ICE candidates allowed and not hidden behind mDNS names (webrtcbin cannot
// resolve a .local candidate). Pages record their script errors in page.problems, as
// harness.mjs's openPage does.
import puppeteer from 'puppeteer-core';

export const firefoxPath = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

export function launchFirefox({ media = 'granted' } = {}) {
  const refused = media === 'refused';
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath,
    headless: true,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': !refused,
      // 2: block, as a caller who pressed "Block" on the prompt.
      ...(refused ? { 'permissions.default.camera': 2, 'permissions.default.microphone': 2 } : {}),
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
      'media.peerconnection.ice.loopback': true,
      'media.peerconnection.ice.obfuscate_host_addresses': false,
    },
  });
}

export async function openFirefoxPage(browser, { viewport = { width: 390, height: 844 } } = {}) {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  return page;
}

// Keeps the page's RTCPeerConnections in window.__peerConnections; before it loads.
export function watchPeerConnections(page) {
  return page.evaluateOnNewDocument(() => {
    const Original = window.RTCPeerConnection;
    window.__peerConnections = [];
    window.RTCPeerConnection = function (...args) {
      const pc = new Original(...args);
      window.__peerConnections.push(pc);
      return pc;
    };
    window.RTCPeerConnection.prototype = Original.prototype;
  });
}

// What the page's newest peer connection has received of audio (its inbound-rtp stats):
// { samples, energy, level } or null. Headless Firefox has no sound device, so its
// AudioContext never runs and a WebAudio ear (call_fixtures.mjs) hears nothing: the
// receiver's own level is what shows the sound arriving.
export function inboundAudio(page) {
  return page.evaluate(async () => {
    const pc = window.__peerConnections?.at(-1);
    if (!pc) return null;
    let audio = null;
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio')
        audio = { packets: s.packetsReceived, samples: s.totalSamplesReceived, energy: s.totalAudioEnergy, level: s.audioLevel };
    });
    return audio;
  });
}
