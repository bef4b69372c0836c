// The staff pages' live link to /ws. The server sends a snapshot (or, to a page that
// says ?since=<last seq>, a `replay` notice and the events it missed), then every
// committed event in seq order, frames outside the event log (poll.tally) and a
// heartbeat. This module keeps the last seq, reconnects by itself with a growing delay
// and resumes from that seq, and notices a link that died without closing.
//
// createLiveSocket({ onFrame, onStatus, onOpen, stillSignedIn, retryMs }):
//   onFrame(frame)      a snapshot, an event not seen before, or a frame without a seq
//                       (poll.tally); never a heartbeat, replay or resync notice
//   onStatus(status)    'connecting' | 'open' | 'lost', for the page's indicator
//   onOpen()            each time a socket opens (first time and every reconnect)
//   stillSignedIn()     async, asked when a socket was refused before it opened (an
//                       expired session looks like that); false stops the retries
//   retryMs             { first, max }: the delay before the first retry, doubling up to max
// returns { start(), stop({ forget }), reconnect({ fromSnapshot }), send(frame), lastSeq }
//   start()             connect now (resuming from the last seq, if any)
//   stop({ forget })    close, no retries; forget: the next start begins with a snapshot
//   reconnect({ fromSnapshot })  drop the socket and connect again at once
//   send(frame)         sends a JSON message up the open socket (the screening's
//                       signalling); false when no socket is open
// What differs between the pages is in their options: the console applies the events it
// is replayed and retries fast (the defaults); the control room re-reads its state on
// every open (onOpen) and so retries more slowly (control.js says why).

// The server sends a heartbeat every 15 s (ws_heartbeat_seconds); this much silence
// means a dead link that TCP has not noticed yet (a laptop that slept, a NAT that forgot).
const SILENCE_MS = 40000;
// A page hidden this long (a laptop lid, another tab) may hold a link that died meanwhile.
const HIDDEN_MS = 30000;

export function createLiveSocket({
  onFrame,
  onStatus = () => {},
  onOpen = () => {},
  stillSignedIn = async () => true,
  retryMs = { first: 250, max: 5000 },
}) {
  let ws = null;
  let wanted = false; // the page wants a link: a close means "retry"
  let lastSeq = null; // the last event received; null until a snapshot arrived
  let retries = 0;
  let timer = null;
  let lost = false; // 'lost' was said and nothing opened since
  let lastFrameAt = 0;
  let hiddenAt = 0;

  function status(s) {
    lost = s === 'lost';
    onStatus(s);
  }

  function connect() {
    clearTimeout(timer);
    wanted = true;
    const url = new URL(lastSeq === null ? '/ws' : `/ws?since=${lastSeq}`, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    // A retry keeps saying "lost" until it succeeds, rather than flicker to "connecting".
    if (!lost) status('connecting');
    const sock = new WebSocket(url);
    ws = sock;
    let opened = false;
    sock.addEventListener('open', () => {
      if (sock !== ws) return;
      opened = true;
      lastFrameAt = Date.now();
      retries = 0;
      status('open');
      onOpen();
    });
    sock.addEventListener('message', (e) => {
      if (sock !== ws) return; // a socket we already replaced
      lastFrameAt = Date.now();
      let frame;
      try {
        frame = JSON.parse(e.data);
      } catch {
        return;
      }
      receive(frame);
    });
    sock.addEventListener('close', async () => {
      if (sock !== ws) return;
      ws = null;
      if (!wanted) return;
      status('lost');
      // Refused before opening: maybe the session expired rather than the network.
      const signedIn = opened || (await stillSignedIn());
      if (!wanted || ws) return; // stopped or started again meanwhile
      if (!signedIn) {
        wanted = false; // the page asks for the password; signing in starts the link again
        return;
      }
      scheduleRetry();
    });
  }

  function receive(frame) {
    switch (frame.type) {
      case 'heartbeat': // only proof of life (lastFrameAt); its seq is the server's idea of ours
      case 'replay': // the missed events follow, each with its seq
        return;
      case 'resync':
        // We fell too far behind; the server closes the socket. Start over from a snapshot.
        lastSeq = null;
        retries = 0;
        return;
      case 'snapshot':
        lastSeq = frame.seq;
        onFrame(frame);
        return;
      default:
    }
    if (typeof frame.seq !== 'number') return onFrame(frame); // outside the event log
    // Replay and live stream never overlap on the server, but a forced reconnect may
    // deliver an event twice across two sockets: pass each seq on once.
    if (lastSeq !== null && frame.seq <= lastSeq) return;
    lastSeq = frame.seq;
    onFrame(frame);
  }

  function scheduleRetry() {
    clearTimeout(timer);
    // first, 2×first, 4×first … up to max, with jitter so the pages do not all come back at once.
    const delay = Math.min(retryMs.max, retryMs.first * 2 ** retries) * (0.75 + Math.random() / 2);
    retries += 1;
    timer = setTimeout(connect, delay);
  }

  function drop() {
    const old = ws;
    ws = null;
    old?.close();
  }

  function restart() {
    drop();
    retries = 0;
    connect();
  }

  function start() {
    lost = false; // a page starting its link (signed in again) says "connecting" afresh
    restart();
  }

  function stop({ forget = false } = {}) {
    wanted = false;
    clearTimeout(timer);
    if (forget) lastSeq = null;
    drop();
  }

  function reconnect({ fromSnapshot = false } = {}) {
    if (!wanted) return;
    if (fromSnapshot) lastSeq = null;
    restart();
  }

  // A laptop that slept or a network that came back: do not wait for the backoff timer
  // (or for a half-dead TCP connection to time out): reconnect with ?since=.
  window.addEventListener('online', () => reconnect());
  window.addEventListener('offline', () => {
    if (!wanted) return;
    status('lost');
    ws?.close(); // its close handler schedules the retry
  });
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) hiddenAt = Date.now();
    else if (hiddenAt && Date.now() - hiddenAt > HIDDEN_MS) reconnect();
  });
  setInterval(() => {
    if (ws && ws.readyState === WebSocket.OPEN && Date.now() - lastFrameAt > SILENCE_MS) {
      status('lost');
      reconnect();
    }
  }, 5000);

  function send(frame) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  return {
    start,
    stop,
    reconnect,
    send,
    get lastSeq() {
      return lastSeq;
    },
  };
}
