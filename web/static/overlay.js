// The on-air graphics as a transparent browser source (OBS, vMix, CasparCG).
//
// Read-only and token-protected: /overlay?token=T. The scene comes from
//   GET /api/program/scene?token=T            -> {"generation", "scene"}  (first picture)
//   GET /api/program/scene/events?token=T     -> text/event-stream, `data: <scene JSON>`
//                                                on every change, the current scene first
// and is drawn with HTML/CSS in the programme's layout (overlay.css). Voter text is
// only ever set with textContent.

import { encodeQr } from './qr_code.js';

const DESIGN_WIDTH = 1920;
const DESIGN_HEIGHT = 1080;

const token = new URLSearchParams(location.search).get('token') ?? '';
const stage = document.getElementById('stage');
const layers = Object.fromEntries([...stage.querySelectorAll('.layer')].map((e) => [e.dataset.layer, e]));
const field = (layer, name) => layers[layer].querySelector(`[data-f="${name}"]`);

let current = null; // the scene drawn now
let everReceived = false;

function text(element, value) {
  element.textContent = value ?? '';
}

// As the renderer does: control characters dropped, whitespace collapsed.
function onAirText(value) {
  return (value ?? '').normalize('NFC').replace(/[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, ' ').replace(/\s+/g, ' ').trim();
}

function setup(message) {
  const note = document.getElementById('setup');
  text(note, message);
  note.hidden = everReceived || !message;
}

// ---- scaling --------------------------------------------------------------------------

function fitStage() {
  const scale = Math.min(innerWidth / DESIGN_WIDTH, innerHeight / DESIGN_HEIGHT);
  stage.style.transform = `scale(${scale})`;
}

// ---- layers -------------------------------------------------------------------------

// Shrinks an element's text from max to min px until it fits maxHeight, then
// ellipsizes what still does not fit (as text_fit.cpp does). True if it fitted.
function fitText(element, max, min, maxHeight) {
  element.classList.remove('clamp');
  element.style.webkitLineClamp = '';
  element.style.maxHeight = '';
  for (let px = max; px >= min; px -= 1) {
    element.style.fontSize = `${px}px`;
    if (element.scrollHeight <= maxHeight) return true;
  }
  const lineHeight = parseFloat(getComputedStyle(element).lineHeight);
  element.classList.add('clamp');
  element.style.webkitLineClamp = String(Math.max(1, Math.floor(maxHeight / lineHeight)));
  element.style.maxHeight = `${maxHeight}px`;
  return false;
}

function drawQuestionCard(card) {
  const topic = onAirText(card.topic);
  text(field('question_card', 'topic'), topic || 'Câu hỏi của cử tri');
  field('question_card', 'kind').hidden = !topic;
  const asker = onAirText(card.asker);
  const area = onAirText(card.area);
  text(field('question_card', 'asker'), asker);
  text(field('question_card', 'area'), area);
  field('question_card', 'dot').hidden = !(asker && area);
  layers.question_card.querySelector('.qc-box').classList.toggle('no-head', !asker && !area);
  const body = field('question_card', 'text');
  text(body, onAirText(card.text));
  // The zone (386) less the tag (46), the padding (54), the header and its rules.
  const head = asker || area ? field('question_card', 'head').offsetHeight + 39 : 0;
  fitText(body, 54, 34, 386 - 46 - 54 - head);
}

function drawCallerVideo(call) {
  const element = layers.caller_video;
  element.classList.toggle('pip', call.layout !== 'side_by_side');
  element.classList.toggle('side-by-side', call.layout === 'side_by_side');
  const name = onAirText(call.name);
  text(field('caller_video', 'name'), name);
  field('caller_video', 'name').hidden = !name;
  field('caller_video', 'lost').hidden = !call.lost;
}

function drawLowerThird(caller) {
  text(field('lower_third', 'name'), onAirText(caller.name));
  text(field('lower_third', 'area'), onAirText(caller.area));
  text(field('lower_third', 'topic'), onAirText(caller.topic));
}

function drawQr(qr) {
  const canvas = field('qr', 'code');
  const url = qr.url ?? '';
  const modules = url ? encodeQr(new TextEncoder().encode(url)) : null;
  canvas.hidden = !modules;
  const caption = field('qr', 'caption');
  text(caption, onAirText(qr.caption));
  // One line if it can, at a size still readable on a phone-sized screen, else two.
  if (!fitText(caption, 22, 18, 34)) fitText(caption, 22, 18, 64);
  if (!modules) return;
  // One canvas pixel per module, scaled up without smoothing: crisp at any size.
  canvas.width = canvas.height = modules.length;
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, modules.length, modules.length);
  g.fillStyle = '#061537';
  modules.forEach((row, y) => row.forEach((dark, x) => dark && g.fillRect(x, y, 1, 1)));
}

function drawBug(bug) {
  field('bug', 'live').hidden = !bug.live;
  // logo_png is a path on the server: a browser source cannot read it, so the text stands in.
  text(field('bug', 'logo'), onAirText(bug.logo_text));
  field('bug', 'clock').hidden = !bug.clock;
  tickClock();
}

function tickClock() {
  const now = new Date();
  const hhmm = `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
  const clock = field('bug', 'clock');
  if (clock.textContent !== hhmm) text(clock, hhmm);
}

// Whole percentages that add up to 100 (largest remainder), as the renderer does.
function percentages(options) {
  const total = options.reduce((sum, o) => sum + o.votes, 0);
  if (total <= 0) return options.map(() => 0);
  const percent = options.map((o) => Math.floor((o.votes * 100) / total));
  const order = options
    .map((o, i) => [(o.votes * 100) % total, i])
    .sort((a, b) => b[0] - a[0]);
  let given = percent.reduce((a, b) => a + b, 0);
  for (let k = 0; given < 100 && k < order.length; k++, given++) percent[order[k][1]] += 1;
  return percent;
}

function drawPoll(poll) {
  const options = poll.options.slice(0, 6);
  const percent = percentages(options);
  const total = options.reduce((sum, o) => sum + o.votes, 0);
  const best = Math.max(...options.map((o) => o.votes), -1);
  layers.poll.classList.toggle('final', poll.final);
  text(field('poll', 'state'), poll.final ? 'Kết quả cuối cùng' : 'Đang bình chọn');
  const title = field('poll', 'title');
  text(title, onAirText(poll.title));
  fitText(title, 40, 30, 110);
  const rows = options.map((option, i) => {
    const li = document.createElement('li');
    li.classList.toggle('winner', poll.final && total > 0 && option.votes === best);
    const code = document.createElement('span');
    code.className = 'poll-code';
    text(code, onAirText(option.code));
    const middle = document.createElement('div');
    const label = document.createElement('p');
    label.className = 'poll-label';
    text(label, onAirText(option.label));
    const bar = document.createElement('div');
    bar.className = 'poll-bar';
    const fill = document.createElement('div');
    fill.style.width = `${percent[i]}%`;
    bar.append(fill);
    middle.append(label, bar);
    const value = document.createElement('span');
    value.className = 'poll-percent';
    text(value, `${percent[i]}%`);
    li.append(code, middle, value);
    return li;
  });
  field('poll', 'options').replaceChildren(...rows);
  text(field('poll', 'total'), `Tổng số: ${total.toLocaleString('vi-VN')} lượt bình chọn`);
}

// ---- the ticker's crawl -------------------------------------------------------------

const crawl = { speed: 120, period: 0, started: 0, windowWidth: 0 };

function drawTicker(ticker) {
  text(field('ticker', 'label'), onAirText(ticker.label));
  const strip = field('ticker', 'crawl');
  const items = ticker.items.map(onAirText).filter(Boolean);
  // One period: each item followed by a gold bullet, so the copies join seamlessly.
  const period = () => {
    const span = document.createElement('span');
    for (const item of items) {
      span.append(document.createTextNode(`${item}    `));
      const bullet = document.createElement('span');
      bullet.className = 'bullet';
      text(bullet, '•');
      span.append(bullet, document.createTextNode('    '));
    }
    return span;
  };
  strip.replaceChildren(period());
  crawl.speed = ticker.speed;
  crawl.windowWidth = field('ticker', 'window').offsetWidth;
  crawl.period = items.length ? strip.firstChild.offsetWidth : 0;
  // Enough copies to cover the window wherever the first one is.
  const copies = crawl.period ? Math.ceil(crawl.windowWidth / crawl.period) + 1 : 0;
  for (let i = 0; i < copies; i++) strip.append(period());
  crawl.started = performance.now(); // the items enter at the right edge
}

function moveCrawl(now) {
  if (crawl.period) {
    // x runs from the window's right edge leftwards; past one period it wraps, which
    // the repeated copies make invisible.
    let x = crawl.windowWidth - ((now - crawl.started) / 1000) * crawl.speed;
    if (x < 0) x = -(-x % crawl.period);
    field('ticker', 'crawl').style.transform = `translateX(${x}px)`;
  }
  requestAnimationFrame(moveCrawl);
}

// ---- applying a scene ---------------------------------------------------------------

const DRAW = {
  caller_video: drawCallerVideo,
  question_card: drawQuestionCard,
  lower_third: drawLowerThird,
  ticker: drawTicker,
  qr: drawQr,
  bug: drawBug,
  poll: drawPoll,
};

function contentOf(layer) {
  const { visible, transition, ...content } = layer;
  return JSON.stringify(content);
}

function showScene(scene) {
  everReceived = true;
  setup('');
  for (const [name, element] of Object.entries(layers)) {
    const layer = scene[name];
    if (!layer) continue;
    const before = current?.[name];
    // A layer fading out keeps what it showed until it is gone (docs/SCENE.md):
    // content is only redrawn for a layer that is, or is coming, on air.
    if (layer.visible && (!before || contentOf(before) !== contentOf(layer) || !element.dataset.drawn)) {
      DRAW[name](layer);
      element.dataset.drawn = 'true';
    }
    const fade = layer.transition?.type === 'fade' ? layer.transition.ms : 0;
    element.style.transitionDuration = `${fade}ms`;
    element.classList.toggle('on', layer.visible);
    element.dataset.visible = String(layer.visible);
  }
  current = scene;
  document.body.dataset.generation = String((document.body.dataset.generation | 0) + 1);
}

// The stream's messages may carry the scene alone or the API's {"generation","scene"}.
function sceneOf(message) {
  return message && typeof message === 'object' && message.scene ? message.scene : message;
}

// ---- the connection -----------------------------------------------------------------

const query = `token=${encodeURIComponent(token)}`;

async function fetchScene() {
  try {
    const response = await fetch(`/api/program/scene?${query}`, { cache: 'no-store', credentials: 'omit' });
    if (response.ok) return showScene(sceneOf(await response.json()));
    setup(
      response.status === 401 || response.status === 403
        ? `Overlay: mã token không đúng (${response.status}) / wrong overlay token`
        : `Overlay: máy chủ trả lời ${response.status} / the server answered ${response.status}`,
    );
  } catch {
    setup('Overlay: không kết nối được máy chủ / cannot reach the server');
  }
}

let retryMs = 1000;

function listen() {
  const source = new EventSource(`/api/program/scene/events?${query}`);
  source.onopen = () => (retryMs = 1000);
  source.onmessage = (message) => {
    try {
      showScene(sceneOf(JSON.parse(message.data)));
    } catch {
      // a malformed message: keep the graphics we have
    }
  };
  source.onerror = () => {
    // EventSource retries by itself after a dropped connection; when the server
    // refused it (an error status, wrong type) it gives up, so we start again —
    // and meanwhile read the scene once, so that the picture is not stale.
    if (source.readyState !== EventSource.CLOSED) return;
    fetchScene();
    setTimeout(listen, retryMs);
    retryMs = Math.min(retryMs * 2, 15000);
  };
}

// ---- start --------------------------------------------------------------------------

fitStage();
addEventListener('resize', fitStage);
setInterval(tickClock, 1000);
requestAnimationFrame(moveCrawl);
if (!token) {
  setup('Overlay: thiếu ?token=… trong địa chỉ / add ?token=… to the address');
} else {
  fetchScene();
  listen();
}
