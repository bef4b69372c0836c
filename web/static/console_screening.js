// The screener's view of a waiting video caller (issue 15): the caller's picture and voice
// in the Người gọi tab, and the screener's microphone back to them (talk-back). The server
// offers a WebRTC link over the console's own stream (/ws, web/live/screening_room.hpp);
// this page answers. One caller at a time: watching another ends the first.
//
// ctx: { send(frame) → bool, notice, $, nameOf(id) }

const STATE_TEXT = {
  connecting: 'Đang kết nối hình và tiếng…',
  connected: 'Đang xem và nghe người gọi',
  lost: 'Mất kết nối tới bàn sàng lọc, đang chờ…',
};

export function createScreeningDesk(ctx) {
  const { $, notice } = ctx;
  let callerId = null; // the caller being screened
  let pc = null;
  let mic = null; // the talk-back microphone while on
  let audioSender = null;
  let pending = []; // ICE candidates that came before the offer was applied

  function show(state, text) {
    const panel = $('screen-panel');
    panel.hidden = callerId === null;
    panel.dataset.state = state;
    $('screen-state').textContent = text ?? STATE_TEXT[state] ?? '';
  }

  function start(caller) {
    close();
    callerId = caller.id;
    $('screen-name').textContent = caller.name;
    $('screen-talk').disabled = true;
    show('connecting');
    if (!ctx.send({ type: 'screen.start', caller_id: caller.id })) {
      callerId = null;
      show('idle');
      notice('Mất kết nối với máy chủ: chưa xem được người gọi. / Not connected.', 'error');
    }
  }

  // Ends the view here; tells the server unless it ended there.
  function stop({ tell = true } = {}) {
    if (callerId !== null && tell) ctx.send({ type: 'screen.stop', caller_id: callerId });
    close();
    show('idle');
  }

  function close() {
    talkOff();
    pc?.close();
    pc = null;
    audioSender = null;
    pending = [];
    const video = $('screen-video');
    video.srcObject = null;
    callerId = null;
  }

  async function onOffer(frame) {
    const remote = new MediaStream();
    const video = $('screen-video');
    // The studio's STUN and TURN servers, for a console off the studio's network.
    pc = new RTCPeerConnection({ iceServers: Array.isArray(frame.ice_servers) ? frame.ice_servers : [] });
    const mine = pc;
    pc.ontrack = (e) => {
      remote.addTrack(e.track);
      video.srcObject = remote;
      video.play().catch(() => {});
    };
    pc.onicecandidate = (e) => {
      if (e.candidate && mine === pc)
        ctx.send({ type: 'screen.ice', caller_id: callerId, candidate: e.candidate.candidate, sdpMLineIndex: e.candidate.sdpMLineIndex });
    };
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: frame.sdp });
      if (mine !== pc) return;
      // The audio goes both ways: the caller's voice here, the screener's back on demand.
      const audio = pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
      if (audio) {
        audio.direction = 'sendrecv';
        audioSender = audio.sender;
      }
      await pc.setLocalDescription(await pc.createAnswer());
      if (mine !== pc) return;
      ctx.send({ type: 'screen.answer', caller_id: callerId, sdp: pc.localDescription.sdp });
      for (const c of pending) await pc.addIceCandidate(c);
      pending = [];
      $('screen-talk').disabled = !audioSender;
    } catch (e) {
      if (mine !== pc) return;
      const id = callerId;
      stop();
      notice(`Trình duyệt không mở được hình người gọi #${id}: ${e.message}`, 'error');
    }
  }

  async function onCandidate(frame) {
    const c = { candidate: frame.candidate, sdpMLineIndex: frame.sdpMLineIndex };
    if (!pc || !pc.remoteDescription) return pending.push(c);
    try {
      await pc.addIceCandidate(c);
    } catch {
      // A candidate of a link that has just been replaced: nothing to do.
    }
  }

  // Frames of the console's stream whose type starts with "screen.".
  function onFrame(frame) {
    if (frame.caller_id !== callerId) return;
    switch (frame.type) {
      case 'screen.offer':
        return onOffer(frame);
      case 'screen.ice':
        return onCandidate(frame);
      case 'screen.state':
        return show(frame.state);
      case 'screen.ended':
        stop({ tell: false });
        return notice(frame.message || 'Đã dừng xem người gọi.', frame.code === 'caller_left' ? 'ok' : 'error');
      default:
    }
  }

  // A new socket: the server ended the view with the old one.
  function onSocketOpen() {
    if (callerId !== null) stop({ tell: false });
  }

  async function toggleTalk() {
    if (mic) return talkOff();
    if (!audioSender) return;
    try {
      mic = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    } catch (e) {
      mic = null;
      const refused = e.name === 'NotAllowedError' || e.name === 'SecurityError';
      return notice(refused
        ? 'Trình duyệt không cho dùng micrô: hãy cho phép micrô cho trang này. / Microphone permission refused.'
        : `Không mở được micrô: ${e.message}`, 'error');
    }
    if (!audioSender) return talkOff();
    await audioSender.replaceTrack(mic.getAudioTracks()[0]);
    const b = $('screen-talk');
    b.setAttribute('aria-pressed', 'true');
    b.textContent = '🎙 Đang nói với người gọi — bấm để tắt';
  }

  function talkOff() {
    audioSender?.replaceTrack(null).catch(() => {});
    mic?.getTracks().forEach((t) => t.stop());
    mic = null;
    const b = $('screen-talk');
    b.setAttribute('aria-pressed', 'false');
    b.textContent = '🎙 Nói với người gọi';
  }

  function wire() {
    $('screen-talk').addEventListener('click', toggleTalk);
    $('screen-close').addEventListener('click', () => stop());
    window.addEventListener('pagehide', () => stop());
  }

  return { wire, start, stop, onFrame, onSocketOpen, get callerId() { return callerId; } };
}
