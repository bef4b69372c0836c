// The caller's page (/call/{token}): turns on the camera and microphone, shows the
// caller their own picture, joins (the link's one use), then keeps a socket to the
// studio (/call/{token}/ws) that says where they are: waiting, on air, call over.
// WebRTC signalling goes over that socket: the page offers, the studio answers
// (docs/CALLINS.md, "Signalling"). Everything from the server is shown as text.

const token = decodeURIComponent(location.pathname.match(/^\/call\/([^/]+)\/?$/)?.[1] ?? '');
const $ = (id) => document.getElementById(id);

const MAX_RECONNECTS = 5;
const PING_MS = 20000;

// Capped at 720p; a weak connection asks for 360p (the studio scales what arrives).
export function mediaConstraints(connection = navigator.connection) {
  const weak = connection && (['slow-2g', '2g', '3g'].includes(connection.effectiveType) || connection.downlink < 1.5);
  return {
    audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    video: {
      facingMode: 'user',
      width: { ideal: weak ? 640 : 1280, max: 1280 },
      height: { ideal: weak ? 360 : 720, max: 720 },
      frameRate: { ideal: 25, max: 30 },
    },
  };
}

// [what happened, what to do], Vietnamese first with English beside.
export function describeMediaError(error) {
  switch (error?.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return [
        'Bạn chưa cho phép dùng camera và micrô. / Camera and microphone permission was refused.',
        'Bấm vào biểu tượng ổ khóa hoặc camera cạnh địa chỉ trang, chọn "Cho phép" cho camera và micrô, rồi bấm "Thử lại". ' +
          '/ Allow the camera and microphone in the browser (the lock or camera icon by the address), then try again.',
      ];
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return [
        'Không tìm thấy camera hoặc micrô trên thiết bị này. / No camera or microphone was found.',
        'Hãy dùng điện thoại có camera trước, hoặc cắm camera và micrô rồi bấm "Thử lại". / Use a phone with a front camera, or connect one and try again.',
      ];
    case 'NotReadableError':
    case 'TrackStartError':
      return [
        'Camera hoặc micrô đang được ứng dụng khác sử dụng. / The camera or microphone is in use by another app.',
        'Hãy đóng ứng dụng gọi điện hoặc quay phim khác rồi bấm "Thử lại". / Close other call or camera apps, then try again.',
      ];
    default:
      return [
        'Không bật được camera và micrô. / The camera and microphone could not be started.',
        `Bấm "Thử lại", hoặc mở liên kết bằng Chrome, Firefox hoặc Safari mới nhất. (${error?.name ?? 'Error'}) / Try again, or use a current browser.`,
      ];
  }
}

function setStatus(text, cls = '') {
  const status = $('status');
  status.textContent = text;
  status.className = `call-status ${cls}`.trim();
}

function showProblem(text, help = '', retry = true) {
  $('problem-text').textContent = text;
  $('problem-help').textContent = help;
  $('problem').hidden = false;
  $('retry').hidden = !retry;
}

function clearProblem() {
  $('problem').hidden = true;
  $('retry').hidden = true;
}

const WAITING = 'Đang chờ kết nối với trường quay / Waiting for the studio to connect';
const ON_AIR = 'Bạn đang lên sóng / You are on air';

let stream = null;
let socket = null;
let peer = null;
let ended = false;
let reconnects = 0;
// STUN and TURN servers from the studio's hello: a phone behind a NAT that blocks UDP
// reaches the studio only through TURN.
let iceServers = [];
let pingTimer = 0;

function showState(state) {
  const onAir = state === 'on_air';
  $('self-view').dataset.state = onAir ? 'on_air' : 'waiting';
  $('on-air-badge').hidden = !onAir;
  setStatus(onAir ? ON_AIR : WAITING, onAir ? 'on-air' : '');
}

function endCall(message) {
  ended = true;
  clearInterval(pingTimer);
  peer?.close();
  peer = null;
  for (const track of stream?.getTracks() ?? []) track.stop();
  $('studio-sound').srcObject = null;
  $('self-view').dataset.state = 'ended';
  $('on-air-badge').hidden = true;
  setStatus(message, 'ended');
}

// The studio could not take the call (the server's {"type":"error"} with one of these
// codes): the page says so, and "Thử lại" reconnects and offers afresh.
const CALL_PROBLEMS = {
  call_failed: 'Mạng của bạn có thể đang chặn cuộc gọi. Hãy bấm "Thử lại", hoặc đổi sang 4G hay Wi-Fi khác. / Your network may be blocking the call: try again, or another network.',
  bad_offer: 'Hãy mở liên kết bằng Chrome, Firefox hoặc Safari mới nhất rồi bấm "Thử lại". / Open the link in a current browser and try again.',
  calls_full: 'Xin chờ ít phút rồi bấm "Thử lại". / Wait a few minutes, then try again.',
};

const BLOCKED = [
  'Không truyền được hình và tiếng tới trường quay. / The call could not connect.',
  'Mạng của bạn có thể đang chặn cuộc gọi. Hãy thử đổi sang 4G hoặc Wi-Fi khác, rồi bấm "Thử lại". / Your network may be blocking the call: try another network, then try again.',
];

function send(message) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

// The page offers its camera and microphone; the studio answers over the socket and
// candidates go both ways. A page whose media still flows when its socket comes back
// keeps it (the studio keeps its side too); otherwise it offers afresh.
async function offer() {
  if (!window.RTCPeerConnection || !stream) return;
  if (peer?.connectionState === 'connected') return;
  peer?.close();
  const pc = new RTCPeerConnection({ iceServers });
  peer = pc;
  for (const track of stream.getTracks()) pc.addTrack(track, stream);
  // What the studio sends back: the programme's sound without the caller's voice.
  pc.ontrack = (e) => {
    if (peer !== pc || e.track.kind !== 'audio') return;
    const sound = $('studio-sound');
    sound.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    sound.play().catch(() => {});  // a page that has the microphone may play sound
  };
  pc.onicecandidate = (e) => {
    if (e.candidate) send({ type: 'ice', candidate: e.candidate.candidate, sdpMLineIndex: e.candidate.sdpMLineIndex });
  };
  pc.onconnectionstatechange = () => {
    if (peer !== pc) return;
    // For the tests and the page's style: new, connecting, connected, disconnected, failed.
    $('self-view').dataset.media = pc.connectionState;
    if (pc.connectionState === 'connected') clearProblem();
    if (pc.connectionState === 'failed') showProblem(...BLOCKED);
  };
  const description = await pc.createOffer();
  await pc.setLocalDescription(description);
  send({ type: 'offer', sdp: description.sdp });
}

async function onMessage(text) {
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    return;
  }
  if (m.type === 'hello') {
    reconnects = 0;
    if (Array.isArray(m.ice_servers)) iceServers = m.ice_servers;
    clearProblem();
    if (m.name) {
      $('greeting').textContent = `Xin chào ${m.name}. / Hello ${m.name}.`;
      $('greeting').hidden = false;
    }
    showState(m.state);
    offer().catch(() => {});
  } else if (m.type === 'state') {
    showState(m.state);
  } else if (m.type === 'answer' && peer) {
    await peer.setRemoteDescription({ type: 'answer', sdp: m.sdp });
  } else if (m.type === 'ice' && peer && m.candidate) {
    await peer.addIceCandidate({ candidate: m.candidate, sdpMLineIndex: m.sdpMLineIndex ?? 0 });
  } else if (m.type === 'error' && CALL_PROBLEMS[m.code]) {
    // The studio gave up on this offer: its side is gone, so is ours.
    peer?.close();
    peer = null;
    $('self-view').dataset.media = 'failed';
    showProblem(m.message || BLOCKED[0], CALL_PROBLEMS[m.code]);
  } else if (m.type === 'ended') {
    endCall(m.message || 'Cuộc gọi đã kết thúc. / The call is over.');
  }
}

// Lets the socket go without the reconnects its close would start ("Thử lại" while open).
function dropSocket() {
  if (!socket) return;
  const old = socket;
  socket = null;
  old.onclose = null;
  old.onmessage = null;
  clearInterval(pingTimer);
  old.close();
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(`${scheme}//${location.host}/call/${encodeURIComponent(token)}/ws`);
  let opened = false;
  socket.onopen = () => {
    opened = true;
    clearInterval(pingTimer);
    pingTimer = setInterval(() => send({ type: 'ping' }), PING_MS);
  };
  // One message at a time: a candidate is added only once the answer is set.
  let inbox = Promise.resolve();
  socket.onmessage = (e) => {
    inbox = inbox.then(() => onMessage(e.data)).catch(() => {});
  };
  socket.onclose = () => {
    clearInterval(pingTimer);
    if (ended) return;
    if (reconnects >= MAX_RECONNECTS) {
      showProblem(
        'Không kết nối được với trường quay. / Could not reach the studio.',
        'Mạng của bạn có thể đang chặn cuộc gọi. Hãy kiểm tra mạng rồi bấm "Thử lại". / Your network may be blocking the call: check it and try again.',
      );
      return;
    }
    if (opened) setStatus('Mất kết nối với trường quay, đang kết nối lại… / Reconnecting to the studio…');
    reconnects += 1;
    // The join below says why when the link no longer admits this phone.
    setTimeout(() => join().catch(() => {}), Math.min(1000 * 2 ** reconnects, 15000));
  };
}

// The link's one use (or this phone's return to it), then the socket.
async function join() {
  let r;
  try {
    r = await fetch(`/call/${encodeURIComponent(token)}/join`, { method: 'POST', credentials: 'same-origin' });
  } catch {
    showProblem('Không kết nối được với máy chủ. / Could not reach the server.', 'Kiểm tra mạng rồi bấm "Thử lại". / Check your connection and try again.');
    return;
  }
  if (!r.ok) {
    const body = await r.json().catch(() => ({}));
    const busy = r.status === 503;
    showProblem(body.error?.message ?? `Lỗi ${r.status}`, busy ? '' : 'Xin liên hệ ban biên tập. / Please contact the studio.', busy);
    if (!busy) endCall('Không vào được cuộc gọi. / Could not join the call.');
    return;
  }
  setStatus(WAITING);
  connect();
}

async function start() {
  clearProblem();
  ended = false;
  reconnects = 0;
  if (!token) {
    showProblem('Địa chỉ này thiếu liên kết gọi video. / This address has no call link.', 'Mở đúng liên kết bạn nhận được, hoặc nhập mã số tại /call. / Open the link you were sent, or enter your code at /call.', false);
    return;
  }
  if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) {
    showProblem(
      'Trang này chưa được mở qua kết nối an toàn (https), nên trình duyệt không cho dùng camera. / This page is not a secure context (https), so the camera cannot be used.',
      'Hãy mở lại đúng liên kết bắt đầu bằng https:// mà chương trình gửi cho bạn. / Open the https:// link you were sent.',
      false,
    );
    setStatus('Không thể bật camera. / The camera cannot be used.', 'ended');
    return;
  }
  setStatus('Đang bật camera và micrô… / Turning on your camera and microphone…');
  try {
    stream = await navigator.mediaDevices.getUserMedia(mediaConstraints());
  } catch (error) {
    const [text, help] = describeMediaError(error);
    showProblem(text, help);
    setStatus('Chưa bật được camera và micrô. / Camera and microphone are off.', 'ended');
    return;
  }
  $('self').srcObject = stream;
  $('self-view').dataset.state = 'waiting';
  await join();
}

if ($('self')) {
  $('retry').addEventListener('click', () => {
    reconnects = 0;
    if (stream && !ended) {
      dropSocket();
      return join();
    }
    for (const track of stream?.getTracks() ?? []) track.stop();
    stream = null;
    start();
  });
  window.addEventListener('pagehide', () => send({ type: 'bye' }));
  start();
}
