// The on-air graphics as a transparent browser source (OBS, vMix, CasparCG).
//
// Read-only and token-protected: /overlay?token=T. The scene comes from
//   GET /api/program/scene?token=T            -> {"generation", "scene"}  (first picture)
//   GET /api/program/scene/events?token=T     -> text/event-stream, `data: <scene JSON>`
//                                                on every change, the current scene first
// and is drawn with HTML/CSS in the programme's layout (overlay.css). Voter text is
// only ever set with textContent.

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

// ---- QR code encoder ------------------------------------------------------------------
// Byte mode, error correction level M (as the programme's libqrencode call), versions
// 1-40, the mask with the lowest penalty. Follows ISO/IEC 18004 in the shape of Project
// Nayuki's reference encoder. Returns rows of booleans (true = dark), or null if too long.

const ECC_PER_BLOCK_M = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26,
  28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
const BLOCKS_M = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25,
  26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];
const FORMAT_BITS_M = 0;

function rawDataModules(version) {
  let result = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const align = Math.floor(version / 7) + 2;
    result -= (25 * align - 10) * align - 55;
    if (version >= 7) result -= 36;
  }
  return result;
}

const dataCodewords = (v) => Math.floor(rawDataModules(v) / 8) - ECC_PER_BLOCK_M[v] * BLOCKS_M[v];

function gfMultiply(x, y) {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
}

function reedSolomonDivisor(degree) {
  const result = new Array(degree).fill(0);
  result[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      result[j] = gfMultiply(result[j], root);
      if (j + 1 < degree) result[j] ^= result[j + 1];
    }
    root = gfMultiply(root, 2);
  }
  return result;
}

function reedSolomonRemainder(data, divisor) {
  const result = divisor.map(() => 0);
  for (const b of data) {
    const factor = b ^ result.shift();
    result.push(0);
    divisor.forEach((coefficient, i) => (result[i] ^= gfMultiply(coefficient, factor)));
  }
  return result;
}

// Data codewords, then error correction, split into blocks and interleaved.
function codewords(bytes, version) {
  const bits = [];
  const put = (value, length) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  const capacity = dataCodewords(version) * 8;
  put(0b0100, 4); // byte mode
  put(bytes.length, version < 10 ? 8 : 16);
  bytes.forEach((b) => put(b, 8));
  put(0, Math.min(4, capacity - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  for (let pad = 0xec; bits.length < capacity; pad ^= 0xec ^ 0x11) put(pad, 8);
  const data = [];
  for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));

  const blocks = BLOCKS_M[version];
  const eccLength = ECC_PER_BLOCK_M[version];
  const raw = Math.floor(rawDataModules(version) / 8);
  const shortBlocks = blocks - (raw % blocks);
  const shortLength = Math.floor(raw / blocks);
  const divisor = reedSolomonDivisor(eccLength);
  const split = [];
  for (let i = 0, k = 0; i < blocks; i++) {
    const block = data.slice(k, k + shortLength - eccLength + (i < shortBlocks ? 0 : 1));
    k += block.length;
    const ecc = reedSolomonRemainder(block, divisor);
    if (i < shortBlocks) block.push(0); // a placeholder, skipped when interleaving
    split.push(block.concat(ecc));
  }
  const result = [];
  for (let i = 0; i < split[0].length; i++)
    split.forEach((block, j) => {
      if (i !== shortLength - eccLength || j >= shortBlocks) result.push(block[i]);
    });
  return result;
}

function alignmentPositions(version, size) {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const step = Math.floor((version * 8 + count * 3 + 5) / (count * 4 - 4)) * 2;
  const result = [6];
  for (let pos = size - 7; result.length < count; pos -= step) result.splice(1, 0, pos);
  return result;
}

function encodeQr(bytes) {
  let version = 1;
  while (version <= 40 && 4 + (version < 10 ? 8 : 16) + bytes.length * 8 > dataCodewords(version) * 8) version++;
  if (version > 40) return null;
  const size = version * 4 + 17;
  const modules = Array.from({ length: size }, () => new Array(size).fill(false));
  const reserved = Array.from({ length: size }, () => new Array(size).fill(false));
  const set = (x, y, dark) => {
    modules[y][x] = dark;
    reserved[y][x] = true;
  };

  // Function patterns: timing, finders, alignment, format and version areas.
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]])
    for (let dy = -4; dy <= 4; dy++)
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx, y = cy + dy;
        const distance = Math.max(Math.abs(dx), Math.abs(dy));
        if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, distance !== 2 && distance !== 4);
      }
  const align = alignmentPositions(version, size);
  align.forEach((cx, i) =>
    align.forEach((cy, j) => {
      const corner = (i === 0 && j === 0) || (i === 0 && j === align.length - 1) || (i === align.length - 1 && j === 0);
      if (corner) return;
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }),
  );
  const drawFormat = (mask) => {
    const data = (FORMAT_BITS_M << 3) | mask;
    let rem = data;
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    const bits = ((data << 10) | rem) ^ 0x5412;
    const bit = (i) => ((bits >>> i) & 1) === 1;
    for (let i = 0; i <= 5; i++) set(8, i, bit(i));
    set(8, 7, bit(6));
    set(8, 8, bit(7));
    set(7, 8, bit(8));
    for (let i = 9; i < 15; i++) set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(i));
    set(8, size - 8, true); // the dark module
  };
  drawFormat(0);
  if (version >= 7) {
    let rem = version;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const bits = (version << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = size - 11 + (i % 3), b = Math.floor(i / 3);
      set(a, b, dark);
      set(b, a, dark);
    }
  }

  // The codewords, in the zigzag of two-module columns from the bottom right.
  const data = codewords(bytes, version);
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vertical = 0; vertical < size; vertical++)
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const y = ((right + 1) & 2) === 0 ? size - 1 - vertical : vertical;
        if (!reserved[y][x] && i < data.length * 8) {
          modules[y][x] = ((data[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
          i++;
        }
      }
  }

  const MASKS = [
    (x, y) => (x + y) % 2 === 0,
    (x, y) => y % 2 === 0,
    (x) => x % 3 === 0,
    (x, y) => (x + y) % 3 === 0,
    (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
    (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
    (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
    (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
  ];
  const applyMask = (mask) => {
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) if (!reserved[y][x] && MASKS[mask](x, y)) modules[y][x] = !modules[y][x];
  };
  let best = 0, bestPenalty = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    applyMask(mask);
    drawFormat(mask);
    const p = penalty(modules);
    if (p < bestPenalty) [best, bestPenalty] = [mask, p];
    applyMask(mask); // XOR again: undone
  }
  applyMask(best);
  drawFormat(best);
  return modules;
}

// The standard's four penalty rules (runs, 2x2 blocks, finder-like patterns, balance).
function penalty(modules) {
  const size = modules.length;
  let result = 0;
  const lines = [];
  for (let i = 0; i < size; i++) {
    lines.push(modules[i]);
    lines.push(modules.map((row) => row[i]));
  }
  for (const line of lines) {
    let run = 0;
    for (let j = 0; j < size; j++) {
      run = j > 0 && line[j] === line[j - 1] ? run + 1 : 1;
      if (run === 5) result += 3;
      else if (run > 5) result += 1;
    }
    const padded = `0000${line.map(Number).join('')}0000`;
    for (let k = 0; k + 11 <= padded.length; k++) {
      const window = padded.slice(k, k + 11);
      if (window === '10111010000' || window === '00001011101') result += 40;
    }
  }
  let dark = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      dark += modules[y][x];
      if (x < size - 1 && y < size - 1) {
        const c = modules[y][x];
        if (c === modules[y][x + 1] && c === modules[y + 1][x] && c === modules[y + 1][x + 1]) result += 3;
      }
    }
  const total = size * size;
  result += (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1) * 10;
  return result;
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
