// The control room: takes graphics on and off the programme and watches its health.
//
// What is on air is whatever the server's scene says. This page never assumes a
// take worked: the tallies follow the scene from GET /api/program/scene and from
// the `program.scene` events on /ws, so every open control room shows the same
// ON AIR state, whoever pressed the button.
//
// Voter text only ever reaches the page through textContent (see text()).
//
// The viewers' poll section lives in control_poll.js, fed from the same socket.
// The API calls, the sign-in form and the live socket are the staff pages' shared
// modules (api.js, staff_login.js, live_socket.js).

import { ApiError, createApi, throwing } from './api.js';
import { createPollPanel } from './control_poll.js';
import { el } from './dom.js';
import { createLiveSocket } from './live_socket.js';
import { SESSION_EXPIRED, createStaffLogin } from './staff_login.js';

const LAYERS = ['question_card', 'lower_third', 'caller_video', 'ticker', 'qr', 'bug', 'poll'];
const LAYER_LABELS = {
  question_card: 'Thẻ câu hỏi',
  lower_third: 'Người gọi điện',
  caller_video: 'Hình người gọi',
  ticker: 'Chữ chạy',
  qr: 'Mã QR',
  bug: 'Logo & đồng hồ',
  poll: 'Bình chọn',
};
// The scene's limits (docs/SCENE.md), in code points: clipping here keeps a take
// from being refused on air for one character too many.
const CALLER_LAYOUTS = { pip: 'Hình trong hình', side_by_side: 'Song song' };
const LIMITS = { asker: 100, area: 200, topic: 100, text: 1000, tickerItem: 300, tickerItems: 30, tickerTotal: 3000 };

const state = {
  user: null,
  canControl: false,
  scene: null,
  sceneGeneration: 0,
  sceneChanges: 0, // counts scene updates, so a slow GET cannot overwrite a newer event
  lastChange: {}, // layer -> { actor, at, visible }
  show: null,
  rundown: [],
  onAirQuestions: [],
  upcoming: [],
  publicUrl: '',
  busy: new Set(), // layers with a request in flight: no double takes
  callers: new Map(), // id -> caller (the open show's call-in lines)
  callerBusy: new Set(), // callers with a request in flight
};

const $ = (selector, root = document) => root.querySelector(selector);
const section = (layer) => $(`section.layer[data-layer="${layer}"]`);

// The only way text gets into the page.
function text(element, value) {
  element.textContent = value ?? '';
  return element;
}

function clip(value, max) {
  const chars = [...(value ?? '')];
  return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('') + '…';
}

function clock(date = new Date()) {
  return date.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

function say(message, kind = 'info') {
  const status = $('#status');
  text(status, message ? `${clock()} — ${message}` : '');
  status.dataset.kind = kind;
}

// The poll section: its results follow the votes; its buttons go through the polls API.
const pollPanel = createPollPanel({
  api: (method, path, body) => api(method, path, body),
  say,
  explain: (error) => explain(error),
  el,
  text,
  canControl: () => state.canControl,
  scene: () => state.scene,
  busy: state.busy,
  applySceneAnswer: (answer) => applySceneAnswer(answer),
  render: () => render(),
  clearLayer: () => clear('poll'),
  reloadScene: () => loadScene().catch((e) => say(explain(e), 'error')),
});

// ---- HTTP ---------------------------------------------------------------------------

// {ok, status, data, error} answers, for the sign-in form. A 401 mid-work means the
// session expired: ask for the password again.
const apiResult = createApi({ onUnauthorized: () => state.user && showLogin(SESSION_EXPIRED) });
// The same calls for the room's actions: the answer's body, or an ApiError thrown, so
// that an action is one try/catch around all its calls (see act()).
const api = throwing(apiResult);

function explain(error) {
  return error instanceof ApiError ? `${error.message} (${error.code})` : String(error?.message ?? error);
}

// ---- the scene ----------------------------------------------------------------------

// Applies a scene the server says is on air; `actor` is who changed it.
function applyScene(scene, actor, at = new Date()) {
  const before = state.scene;
  state.scene = scene;
  state.sceneChanges += 1;
  if (before && actor) {
    for (const layer of LAYERS) {
      if (JSON.stringify(before[layer]) !== JSON.stringify(scene[layer]))
        state.lastChange[layer] = { actor, at, visible: scene[layer].visible, was: before[layer].visible };
    }
  }
  render();
}

async function loadScene() {
  const asked = state.sceneChanges;
  const answer = await api('GET', '/api/program/scene');
  // An event that came in meanwhile is newer than this answer.
  if (state.sceneChanges !== asked) return;
  state.sceneGeneration = answer.generation;
  applyScene(answer.scene, null);
}

function onSceneEvent(event) {
  // Events arrive in commit order: always newer than what we have, even after a
  // server restart has started the generations again.
  state.sceneGeneration = event.generation;
  applyScene(event.scene, event.actor, event.at ? new Date(event.at) : new Date());
}

// A layer patch merged into a copy of the scene (JSON merge patch, one level deep).
function sceneWith(changes) {
  const scene = structuredClone(state.scene);
  for (const [layer, patch] of Object.entries(changes)) Object.assign(scene[layer], patch);
  return scene;
}

// Sends the changes as one atomic scene change: a PATCH for one layer, a PUT of
// the whole scene when several layers must change in the same frame.
async function sendScene(changes) {
  const layers = Object.keys(changes);
  const answer =
    layers.length === 1
      ? await api('PATCH', `/api/program/scene/${layers[0]}`, changes[layers[0]])
      : await api('PUT', '/api/program/scene', sceneWith(changes));
  applySceneAnswer(answer);
}

// A {generation, scene} answer to our own change. It can beat our own event over the
// WebSocket; never go backwards.
function applySceneAnswer(answer) {
  if (answer.generation > state.sceneGeneration) {
    state.sceneGeneration = answer.generation;
    applyScene(answer.scene, state.user.user);
  }
}

// The card and the caller share the space above the ticker: taking one hides the other.
function exclusive(layer, patch) {
  const changes = { [layer]: patch };
  const other = { question_card: 'lower_third', lower_third: 'question_card' }[layer];
  if (other && state.scene[other].visible) changes[other] = { visible: false };
  return changes;
}

// ---- what each layer takes to air ----------------------------------------------------

function nextQuestion() {
  return state.rundown[0] ?? null;
}

function cardPatch(q) {
  return {
    visible: true,
    asker: clip(q.name, LIMITS.asker),
    area: clip(q.area, LIMITS.area),
    topic: clip(q.topic, LIMITS.topic),
    text: clip(q.on_air_text || q.text, LIMITS.text),
  };
}

function callerPatch() {
  return {
    visible: true,
    name: clip($('#caller-name').value.trim(), 100),
    area: clip($('#caller-area').value.trim(), 200),
    topic: clip($('#caller-topic').value.trim(), 100),
  };
}

// The take's choices in the callers strip.
const chosenLayout = () => $('input[name="caller-layout"]:checked')?.value ?? 'pip';
const takesVideo = () => $('#caller-take-video').checked;

// The caller a take would put on air: the one on air, else the first the screeners put next.
function callerToTake() {
  const list = stripCallers();
  return list.find((c) => c.state === 'on_air') ?? list.find((c) => c.state === 'next') ?? null;
}

function callerVideoPatch(c) {
  return { visible: true, name: clip(c.name, 100), layout: chosenLayout(), lost: false };
}

// What taking a caller changes on the programme, as the server does it (for PREVIEW and
// for drawing it ahead): their lower third in the card's place, and their picture.
function callerTakeChanges(c) {
  const changes = {
    question_card: { visible: false },
    lower_third: { visible: true, name: clip(c.name, 100), area: clip(c.area, 200), topic: clip(c.topic, 100) },
  };
  if (takesVideo()) changes.caller_video = callerVideoPatch(c);
  return changes;
}

function tickerItems() {
  const items = [];
  let total = 0;
  for (const q of state.upcoming) {
    const item = clip((q.on_air_text || q.text).replace(/\s+/g, ' ').trim(), LIMITS.tickerItem);
    const length = [...item].length;
    if (!item || items.length >= LIMITS.tickerItems || total + length > LIMITS.tickerTotal) continue;
    items.push(item);
    total += length;
  }
  return items;
}

// The patch that TAKE sends for a layer, or a reason why it cannot.
function takePatch(layer) {
  switch (layer) {
    case 'question_card': {
      const q = nextQuestion();
      return q ? cardPatch(q) : 'Rundown trống: chưa có câu hỏi nào được xếp lịch / the rundown is empty';
    }
    case 'lower_third': {
      const patch = callerPatch();
      return patch.name ? patch : 'Nhập họ tên người gọi trước / type the caller’s name first';
    }
    case 'ticker': {
      const items = tickerItems();
      return items.length ? { visible: true, items } : 'Chưa có câu hỏi đã duyệt để chạy chữ / no approved questions';
    }
    case 'qr':
      return state.scene.qr.url ? { visible: true } : { visible: true, url: clip(state.publicUrl, 300) };
    case 'bug':
      return { visible: true };
    case 'poll':
      return pollPanel.takePatch(); // for PREVIEW; on air it goes through the polls API
    case 'caller_video': {
      // For PREVIEW: the caller LÊN SÓNG would take, in the layout chosen for it.
      const c = callerToTake();
      if (!c) return 'Chưa có người gọi chờ lên sóng / no caller next';
      if (!takesVideo()) return 'Đã bỏ chọn “Lên sóng có hình” / video is off for the take';
      return callerVideoPatch(c);
    }
    default:
      return 'Lớp này chưa điều khiển được ở đây / not controlled from here yet';
  }
}

// ---- actions ------------------------------------------------------------------------

// Runs one action for some layers, with their buttons locked meanwhile.
async function act(layers, description, work) {
  if (!state.canControl || !state.scene) return;
  if (layers.some((l) => state.busy.has(l))) return;
  layers.forEach((l) => state.busy.add(l));
  render();
  try {
    await work();
  } catch (error) {
    say(`${description}: ${explain(error)}`, 'error');
  } finally {
    layers.forEach((l) => state.busy.delete(l));
    render();
  }
}

function take(layer) {
  if (layer === 'question_card') return takeNextCard();
  return act([layer], `${LAYER_LABELS[layer]} — lên sóng`, async () => {
    const patch = takePatch(layer);
    if (typeof patch === 'string') return say(patch, 'error');
    await sendScene(exclusive(layer, patch));
    say(`${LAYER_LABELS[layer]}: đã lên sóng`);
  });
}

function takeNextCard() {
  return act(['question_card', 'lower_third'], 'Thẻ câu hỏi — lên sóng', async () => {
    const q = nextQuestion();
    if (!q) return say(takePatch('question_card'), 'error');
    // The question goes on air first (the server moves the previous one to "aired"):
    // if a producer changed it meanwhile we get a 409 and nothing reaches the picture.
    try {
      await api('POST', `/api/questions/${q.id}/transition`, { to: 'on_air', version: q.version });
    } catch (error) {
      if (error.status !== 409) throw error;
      await loadQuestions();
      return say('Câu hỏi vừa được người khác thay đổi — đã tải lại, hãy xem lại rồi bấm lại. / changed meanwhile, reloaded', 'error');
    }
    await sendScene(exclusive('question_card', cardPatch(q)));
    say(`Thẻ câu hỏi: câu #${q.id} đã lên sóng`);
    await loadQuestions();
  });
}

// Moves every question still on air to "aired" (the card that showed it is gone).
async function markOnAirAsAired() {
  const { questions } = await api('GET', '/api/questions?state=on_air&limit=50');
  for (const q of questions) {
    try {
      await api('POST', `/api/questions/${q.id}/transition`, { to: 'aired', version: q.version });
    } catch (error) {
      if (error.status !== 409) throw error; // someone else moved it already
    }
  }
  await loadQuestions();
}

function clear(layer) {
  return act([layer], `${LAYER_LABELS[layer]} — gỡ xuống`, async () => {
    // The picture first: taking a graphic off must never wait for the database.
    if (state.scene[layer].visible) await sendScene({ [layer]: { visible: false } });
    if (layer === 'question_card') await markOnAirAsAired();
    say(`${LAYER_LABELS[layer]}: đã gỡ xuống`);
  });
}

// The caller's picture on air moves to the layout chosen in the strip: a cut.
function changeCallerLayout() {
  const layout = chosenLayout();
  return act(['caller_video'], `${LAYER_LABELS.caller_video} — bố cục`, async () => {
    await sendScene({ caller_video: { layout } });
    say(`${LAYER_LABELS.caller_video}: ${CALLER_LAYOUTS[layout]}`);
  });
}

function toggle(layer) {
  return state.scene?.[layer].visible ? clear(layer) : take(layer);
}

// Everything off in one frame, except the bug: the station's live tag and clock
// stay unless the operator takes them off on purpose (F6).
function clearAll() {
  const layers = LAYERS.filter((l) => l !== 'bug');
  return act(layers, 'Xóa tất cả', async () => {
    const changes = {};
    for (const layer of layers) if (state.scene[layer].visible) changes[layer] = { visible: false };
    if (Object.keys(changes).length) await sendScene(changes);
    await markOnAirAsAired();
    say('Đã xóa tất cả đồ họa (trừ logo & đồng hồ)');
  });
}

let previewUrl = null;

// A still of what the programme would show with this layer taken, drawn by the
// server's own renderers over the programme's picture without its graphics. Nothing goes to air.
async function preview(layer) {
  if (!state.scene) return;
  const patch = takePatch(layer);
  if (typeof patch === 'string') return say(patch, 'error');
  const scene = sceneWith(layer === 'caller_video' ? callerTakeChanges(callerToTake()) : exclusive(layer, patch));
  try {
    const asPicture = { read: 'blob' };
    let picture;
    try {
      picture = await api('POST', '/api/program/render?background=clean', scene, asPicture);
    } catch (error) {
      if (error.code !== 'no_programme') throw error;
      picture = await api('POST', '/api/program/render', scene, asPicture); // no programme: on transparent
    }
    const url = URL.createObjectURL(picture);
    const img = $('#pvw');
    img.src = url;
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = url;
    img.hidden = false;
    $('#pvw-empty').hidden = true;
    img.dataset.layer = layer;
    text($('#pvw-label'), `${LAYER_LABELS[layer]} — chưa lên sóng (${clock()})`);
  } catch (error) {
    say(`Xem trước: ${explain(error)}`, 'error');
  }
}

// ---- drawing the page ----------------------------------------------------------------

function cardView(container, fields, empty) {
  container.replaceChildren();
  if (!fields) {
    container.append(el('p', 'empty', empty));
    return;
  }
  const head = el('p', 'card-head');
  if (fields.topic) head.append(el('span', 'tag', fields.topic));
  if (fields.asker) head.append(el('strong', null, fields.asker));
  if (fields.area) head.append(el('span', 'area', fields.area));
  container.append(head, el('p', 'card-text', fields.text));
  if (fields.note) container.append(el('p', 'card-note', fields.note));
}

function renderLayer(layer) {
  const s = section(layer);
  const l = state.scene[layer];
  s.dataset.onAir = String(l.visible);
  text($('[data-role="tally"]', s), l.visible ? 'ĐANG PHÁT' : 'TẮT');
  const change = state.lastChange[layer];
  if (change) {
    const what = change.visible === change.was ? 'Cập nhật' : change.visible ? 'Lên sóng' : 'Gỡ xuống';
    text($('[data-role="last-change"]', s), `${what} bởi ${change.actor} lúc ${clock(change.at)}`);
  }
  const busy = state.busy.has(layer);
  for (const button of s.querySelectorAll('button[data-action]')) {
    const action = button.dataset.action;
    // PREVIEW changes nothing on air: a producer may look too.
    let enabled = (state.canControl || action === 'preview') && !busy;
    if (action === 'clear') enabled &&= l.visible || (layer === 'question_card' && state.onAirQuestions.length > 0);
    if (action === 'take' && (layer === 'qr' || layer === 'bug')) enabled &&= !l.visible;
    if (action === 'layout') {
      button.disabled = !(state.canControl && !busy && l.visible && l.layout !== chosenLayout());
      continue;
    }
    if (action !== 'clear') enabled &&= typeof takePatch(layer) !== 'string';
    button.disabled = !enabled;
  }
}

function renderCard() {
  const s = section('question_card');
  const card = state.scene.question_card;
  const onAir = state.onAirQuestions[0];
  cardView(
    $('[data-role="on-air"]', s),
    card.visible ? { ...card, note: onAir ? `Câu #${onAir.id} · mã ${onAir.ticket}` : '' } : null,
    onAir ? `Thẻ đang tắt; câu #${onAir.id} vẫn ở trạng thái “đang phát” (F2 để kết thúc)` : '— không có —',
  );
  const q = nextQuestion();
  cardView(
    $('[data-role="next"]', s),
    q && {
      asker: q.name,
      area: q.area,
      topic: q.topic,
      text: q.on_air_text || q.text,
      note: `Câu #${q.id}${q.flags?.too_long ? ' · ⚠ dài, nên biên tập lại' : ''}`,
    },
    'Rundown trống / the rundown is empty',
  );
  text($('[data-role="rundown-count"]', s), `(${state.rundown.length} câu trong rundown)`);
}

function renderCaller() {
  const l = state.scene.lower_third;
  cardView(
    $('[data-role="on-air"]', section('lower_third')),
    l.visible ? { asker: l.name, area: l.area, topic: l.topic, text: '' } : null,
    'Đang tắt / off',
  );
}

function renderCallerVideo() {
  const s = section('caller_video');
  const v = state.scene.caller_video;
  s.dataset.lost = String(v.visible && v.lost);
  s.dataset.layout = v.layout;
  text($('[data-role="video-name"]', s), v.visible ? v.name || '—' : '— không có hình trên sóng —');
  text($('[data-role="video-layout"]', s), CALLER_LAYOUTS[v.layout] ?? v.layout);
  text($('[data-role="video-link"]', s), !v.visible ? '—' : v.lost ? 'MẤT KẾT NỐI — đang hiện thẻ báo' : 'Tốt');
  $('.layout-choice').disabled = !takesVideo();
}

function renderTicker() {
  const s = section('ticker');
  const list = $('[data-role="items"]', s);
  const items = tickerItems();
  list.replaceChildren(...items.map((item) => el('li', null, item)));
  const ticker = state.scene.ticker;
  const stale = ticker.visible && JSON.stringify(ticker.items) !== JSON.stringify(items);
  text($('[data-role="count"]', s), `(${items.length})${stale ? ' — khác với trên sóng, bấm BẬT để cập nhật' : ''}`);
}

function renderDetails() {
  const qr = state.scene.qr;
  text($('[data-role="detail"]', section('qr')), `${qr.url || state.publicUrl} — “${qr.caption}”`);
  const bug = state.scene.bug;
  const parts = [bug.logo_png ? 'logo (ảnh)' : bug.logo_text];
  if (bug.clock) parts.push('đồng hồ');
  if (bug.live) parts.push('TRỰC TIẾP');
  text($('[data-role="detail"]', section('bug')), parts.join(' · '));
}

// The rundown's next question and the next caller (in the layout chosen for them) are
// what TAKE puts up next: the server draws them now, in one request (it keeps only the
// latest), so that the take is a cut at the next frame. Sent again only when they differ.
let preparedAhead = null;
function prepareAhead() {
  if (!state.canControl) return;
  const q = nextQuestion();
  const c = stripCallers().find((x) => x.state === 'next');
  const changes = c ? callerTakeChanges(c) : {};
  if (q) changes.question_card = cardPatch(q); // its own place: a card and a caller are drawn apart
  if (!q && !c) return;
  const key = JSON.stringify(changes);
  if (key === preparedAhead) return;
  preparedAhead = key;
  api('POST', '/api/program/prepare', sceneWith(changes)).catch((error) => {
    preparedAhead = null; // only slower to take: tried again at the next change
    console.warn('prepare', error);
  });
}

function render() {
  if (!state.scene) return;
  prepareAhead();
  LAYERS.forEach(renderLayer);
  for (const light of document.querySelectorAll('#tallies li'))
    light.dataset.onAir = String(state.scene[light.dataset.layer].visible);
  renderCard();
  renderCaller();
  renderCallerVideo();
  renderTicker();
  renderDetails();
  renderCallers();
  pollPanel.render();
  $('#clear-all').disabled = !state.canControl || LAYERS.some((l) => l !== 'bug' && state.busy.has(l));
  text($('#show-title'), state.show ? `Chương trình: ${state.show.title}` : 'Chưa mở chương trình');
}

// ---- questions ----------------------------------------------------------------------

async function loadQuestions() {
  const [rundown, upcoming, onAir] = await Promise.all([
    api('GET', '/api/rundown'),
    api('GET', `/api/questions?state=approved&limit=${LIMITS.tickerItems}`),
    api('GET', '/api/questions?state=on_air&limit=50'),
  ]);
  state.show = rundown.show;
  state.rundown = rundown.questions;
  state.upcoming = upcoming.questions;
  state.onAirQuestions = onAir.questions;
  render();
}

let questionsTimer = null;
// Events come in bursts (one take moves two questions): reload once per burst.
function questionsChanged() {
  clearTimeout(questionsTimer);
  questionsTimer = setTimeout(() => loadQuestions().catch((e) => say(explain(e), 'error')), 150);
}

// ---- callers ------------------------------------------------------------------------
//
// The strip shows who the screeners put "next" and who is on air. Taking a caller
// to air is a caller transition: the server puts their name in the lower third
// (and takes the card down), so the tallies follow from the scene event as usual.

// state -> [the move its button makes, label, English, button class]
const CALLER_BUTTON = {
  next: ['on_air', 'LÊN SÓNG', 'TAKE', 'take'],
  on_air: ['done', 'KẾT THÚC', 'END CALL', 'clear'],
};

// Newer versions win: an event and the answer to our own request may cross.
function upsertCaller(c) {
  const old = state.callers.get(c.id);
  if (old && old.version > c.version) return;
  state.callers.set(c.id, c);
}

async function loadCallers() {
  const { callers } = await api('GET', '/api/callers');
  const fresh = new Map();
  for (const c of callers) {
    const known = state.callers.get(c.id);
    fresh.set(c.id, known && known.version > c.version ? known : c);
  }
  state.callers = fresh;
  render();
}

let callersTimer = null;
function callersChanged() {
  clearTimeout(callersTimer);
  callersTimer = setTimeout(() => loadCallers().catch((e) => say(explain(e), 'error')), 150);
}

// On air first, then the "next" callers in the order the screeners queued them.
function stripCallers() {
  const rank = { on_air: 0, next: 1 };
  return [...state.callers.values()]
    .filter((c) => c.state in rank)
    .sort((a, b) => rank[a.state] - rank[b.state] || a.id - b.id);
}

let stripKey = '';
function renderCallers() {
  const list = stripCallers();
  const onAir = list.find((c) => c.state === 'on_air') ?? null;
  // Redraw only on a change: a button rebuilt under the pointer would lose its click.
  const key = JSON.stringify([state.canControl, list.map((c) => [c.id, c.version, state.callerBusy.has(c.id)])]);
  if (key === stripKey) return;
  stripKey = key;
  $('#callers-strip-list').replaceChildren(...list.map((c) => callerRow(c, onAir)));
  $('#callers-strip-empty').hidden = list.length > 0;
  text($('#callers-strip-count'), `(${list.length})`);
  $('#callers-strip').dataset.onAir = String(!!onAir);
}

function callerRow(c, onAir) {
  const li = el('li', 'strip-caller');
  li.dataset.id = c.id;
  li.dataset.state = c.state;
  li.append(el('span', 'strip-state', c.state === 'on_air' ? 'TRÊN SÓNG' : 'TIẾP THEO'), el('strong', 'strip-name', c.name));
  if (c.area) li.append(el('span', 'area', c.area));
  if (c.topic) li.append(el('span', 'tag', c.topic));
  for (const alert of c.alerts ?? []) li.append(el('span', 'strip-alert', `⚠ ${alert}`));
  li.append(callerButton(c, onAir));
  return li;
}

function callerButton(c, onAir) {
  const [to, label, english, className] = CALLER_BUTTON[c.state];
  const b = el('button', className, label);
  b.type = 'button';
  b.dataset.control = '';
  b.dataset.callerTo = to;
  const gloss = el('small', null, english);
  gloss.lang = 'en';
  b.append(' ', gloss);
  const blocked = to === 'on_air' && onAir && onAir.id !== c.id;
  b.disabled = !state.canControl || state.callerBusy.has(c.id) || !!blocked;
  if (blocked) b.title = `${onAir.name} đang trên sóng: kết thúc cuộc gọi đó trước / end the call on air first`;
  return b;
}

async function moveCaller(id, to) {
  const c = state.callers.get(id);
  if (!state.canControl || !c || state.callerBusy.has(id)) return;
  state.callerBusy.add(id);
  render();
  try {
    const body = { to, version: c.version };
    if (to === 'on_air') {
      body.layout = chosenLayout();
      if (!takesVideo()) body.video = false; // else: with their picture when their call has one
    }
    upsertCaller(await api('POST', `/api/callers/${id}/transition`, body));
    say(to === 'on_air' ? `Người gọi ${c.name}: đã lên sóng` : `Người gọi ${c.name}: đã kết thúc cuộc gọi`);
  } catch (error) {
    if (error.code !== 'version_conflict') return say(`Người gọi ${c.name}: ${explain(error)}`, 'error');
    await loadCallers();
    say('Người gọi vừa được người khác thay đổi — đã tải lại, hãy xem lại rồi bấm lại. / changed meanwhile, reloaded', 'error');
  } finally {
    state.callerBusy.delete(id);
    render();
  }
}

// ---- live events --------------------------------------------------------------------

function setConnection(kind, label) {
  const pill = $('#connection');
  pill.className = `pill pill-${kind}`;
  text(pill, label);
}

const CONNECTION = {
  connecting: ['wait', 'Đang kết nối… · connecting'],
  open: ['ok', 'Trực tuyến · live'],
  lost: ['bad', 'Mất kết nối — đang thử lại · reconnecting'],
};

// The socket, its seq bookkeeping and its reconnects are live_socket.js's (shared with
// the console). Unlike the console, which applies the missed events it is replayed,
// this page re-reads its state after every (re)connect (catchUp): so it waits longer
// between retries, not to fire that burst of requests at a server that is coming back.
const live = createLiveSocket({
  onFrame: onLiveFrame,
  onStatus: (status) => setConnection(...CONNECTION[status]),
  onOpen: catchUp,
  stillSignedIn: () => api('GET', '/api/me').then(() => true, (error) => error.status !== 401),
  retryMs: { first: 1000, max: 10000 },
});

// (Re)connected: what we show may be stale, so read the scene and the rundown again.
function catchUp() {
  loadScene().catch((e) => say(explain(e), 'error'));
  questionsChanged();
  callersChanged();
  pollPanel.reload(); // tallies sent while we were away are not replayed
}

function onLiveFrame(event) {
  if (event.type === 'snapshot') {
    state.show = event.show;
    pollPanel.applySnapshot(event.polls);
    return;
  }
  // Live poll counts: not events (no seq, never replayed).
  if (event.type === 'poll.tally') return pollPanel.applyTally(event);
  if (event.type === 'program.scene') onSceneEvent(event);
  else if (/^(question|rundown|show)\./.test(event.type)) questionsChanged();
  if (event.type === 'caller.created' || event.type === 'caller.updated') {
    if (event.caller) upsertCaller(event.caller);
    render();
  }
  if (event.type === 'poll.created' || event.type === 'poll.updated') pollPanel.applyEvent(event);
  if (/^show\./.test(event.type)) {
    callersChanged(); // a new show brings its own lines
    pollPanel.reload(); // and its own polls
  }
}

// ---- health -------------------------------------------------------------------------

const INPUT_STATES = {
  live: ['ok', 'CÓ TÍN HIỆU · live'],
  lost: ['bad', 'MẤT TÍN HIỆU — đang phát slate · lost'],
  starting: ['warn', 'ĐANG CHỜ TÍN HIỆU · starting'],
};
const OUTPUT_STATES = {
  running: ['ok', 'Đang phát'],
  starting: ['warn', 'Đang kết nối'],
  stalled: ['bad', 'Nghẽn'],
  failed: ['bad', 'Lỗi, đang thử lại'],
  stopped: ['warn', 'Đã dừng'],
};

let lastHealth = null;

function renderHealth(h) {
  const panel = $('#health');
  const p = h.programme;
  const input = $('#h-input');
  if (!p.enabled || !p.running) {
    panel.dataset.state = 'off';
    input.className = 'pill pill-bad';
    text(input, p.enabled ? `CHƯƠNG TRÌNH DỪNG ${p.error ?? ''}` : 'CHƯƠNG TRÌNH KHÔNG CHẠY · disabled');
    lastHealth = null;
    return;
  }
  if (p.pipeline?.restarting) {
    // The programme pipeline failed and is being built again; the standby's slate and
    // silence go out meanwhile (unless the standby could not start either).
    panel.dataset.state = 'restarting';
    input.className = 'pill pill-bad';
    const meanwhile = p.pipeline.standby
      ? 'Đang dựng lại đường hình — phát slate'
      : 'CHƯƠNG TRÌNH LỖI — đang khởi động lại';
    text(input, `${meanwhile} (${p.pipeline.restarts} lần) ${p.error ?? ''} · restarting`);
    lastHealth = null;
    return;
  }
  const [kind, label] = INPUT_STATES[p.input.state] ?? ['warn', p.input.state];
  panel.dataset.state = p.input.state;
  input.className = `pill pill-${kind}`;
  text(input, label);
  const now = performance.now();
  if (lastHealth) {
    const seconds = (now - lastHealth.at) / 1000;
    text($('#h-fps'), ((p.frames.out - lastHealth.frames.out) / seconds).toFixed(1));
    $('#h-dropped').dataset.rising = String(p.frames.dropped > lastHealth.frames.dropped);
  }
  lastHealth = { at: now, frames: p.frames };
  text($('#h-dropped'), String(p.frames.dropped));
  text($('#h-duplicated'), String(p.frames.duplicated));
  text($('#h-slate'), String(p.frames.slate));
  text($('#h-format'), p.format);
  text($('#h-take'), `${Math.round(h.graphics.take_to_air_ms)} ms`);
  const outputs = p.outputs.map((o) => {
    const [okind, olabel] = OUTPUT_STATES[o.state] ?? ['warn', o.state];
    const li = el('li', `output output-${okind}`);
    li.append(el('span', `pill pill-${okind}`, olabel), el('code', null, o.spec),
      el('span', 'kbps', `${Math.round(o.bitrate_kbps)} kb/s · khởi động lại ${o.restarts}`));
    if (o.last_error) li.append(el('span', 'error', o.last_error));
    return li;
  });
  if (!outputs.length) outputs.push(el('li', 'empty', 'Chưa có đầu ra: chỉ xem trước / no outputs, preview only'));
  $('#h-outputs').replaceChildren(...outputs);
}

let healthTimer = null;
async function pollHealth() {
  try {
    renderHealth(await api('GET', '/api/program/health'));
  } catch (error) {
    $('#health').dataset.state = 'unknown';
    const input = $('#h-input');
    input.className = 'pill pill-bad';
    text(input, `Không đọc được tình trạng: ${explain(error)}`);
  } finally {
    // One loop, even when a sign-in again starts another while this one is waiting.
    clearTimeout(healthTimer);
    if (state.user) healthTimer = setTimeout(pollHealth, 1000);
  }
}

// ---- the programme picture ----------------------------------------------------------

let pgmRetry = 0;
function startProgrammePicture() {
  const img = $('#pgm');
  img.onload = () => ($('#pgm-offline').hidden = true);
  img.onerror = () => {
    $('#pgm-offline').hidden = false;
    // The stream ends with the programme; try again (a new URL, so it is re-requested).
    setTimeout(() => (img.src = `/api/program/preview.mjpeg?retry=${++pgmRetry}`), 3000);
  };
  img.src = '/api/program/preview.mjpeg';
}

// The address a station gives its graphics system's browser source (older servers: none).
async function showOverlayAddress() {
  try {
    const { url } = await api('GET', '/api/program/overlay');
    text($('#overlay-url'), url);
    $('#overlay-address').hidden = false;
  } catch {
    $('#overlay-address').hidden = true;
  }
}

// ---- keyboard -----------------------------------------------------------------------

const KEYS = {
  F1: () => takeNextCard(),
  F2: () => clear('question_card'),
  F3: () => toggle('lower_third'),
  F4: () => toggle('ticker'),
  F5: () => toggle('qr'),
  F6: () => toggle('bug'),
  F7: () => pollPanel.toggle(),
  F8: () => preview('question_card'),
  F9: () => pollPanel.showFinal(),
};

function onKey(event) {
  if (!state.canControl || event.altKey || event.ctrlKey || event.metaKey) return;
  const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
  if (event.key === 'Escape') {
    event.preventDefault();
    // Esc inside a field means "leave the field", not "clear the programme".
    if (typing) return event.target.blur();
    if (!event.repeat) clearAll();
    return;
  }
  const action = KEYS[event.key];
  if (!action) return;
  event.preventDefault(); // F1 help, F5 reload...
  if (!event.repeat) action(); // a held key must not toggle a layer on and off
}

// ---- session ------------------------------------------------------------------------

// Made in wire(), once the form is there.
let staffLogin = null;
const showLogin = (message) => staffLogin.show(message);

// The form asks for the password (a message: the session expired). The room stays on
// screen behind it, locked, so the operator keeps the programme in view meanwhile.
function leave(message) {
  state.user = null;
  state.canControl = false;
  live.stop();
  if (message) setConnection('bad', 'Phiên đăng nhập đã hết — hãy đăng nhập lại');
  else setConnection('wait', 'Chưa đăng nhập · logged out');
  render();
}

async function enter(me) {
  state.user = me;
  $('#login-view').hidden = true;
  const role = me.role;
  text($('#who'), `${me.user} (${role})`);
  $('#logout').hidden = false;
  if (!['operator', 'producer', 'admin'].includes(role)) {
    $('#denied').hidden = false;
    return;
  }
  state.canControl = role === 'operator' || role === 'admin';
  document.body.dataset.readonly = String(!state.canControl);
  $('#readonly-note').hidden = state.canControl;
  for (const input of document.querySelectorAll('#caller-form input')) input.disabled = !state.canControl;
  $('#room').hidden = false;
  const config = await api('GET', '/api/config/public');
  state.publicUrl = config.public_url;
  await Promise.all([
    loadScene(),
    loadQuestions(),
    showOverlayAddress(),
    loadCallers().catch((e) => say(explain(e), 'error')),
    pollPanel.load().catch((e) => say(`Bình chọn: ${explain(e)}`, 'error')),
  ]);
  live.start();
  pollHealth();
  // After the load event, so that the endless stream does not hold the page "loading".
  if (document.readyState === 'complete') startProgrammePicture();
  else window.addEventListener('load', startProgrammePicture, { once: true });
}

async function boot() {
  let me;
  try {
    me = await api('GET', '/api/me');
  } catch (error) {
    if (error.status !== 401) throw error;
    return showLogin();
  }
  await enter(me);
}

function wire() {
  staffLogin = createStaffLogin({
    api: apiResult,
    app: null, // the room stays on screen (see leave())
    onShow: leave,
    onSignedIn: (me) => enter(me).catch((error) => say(explain(error), 'error')),
  });
  $('#logout').addEventListener('click', async () => {
    await apiResult('POST', '/api/logout');
    location.reload();
  });
  $('#clear-all').addEventListener('click', clearAll);
  for (const layer of LAYERS) {
    const s = section(layer);
    $('button[data-action="take"]', s)?.addEventListener('click', () => take(layer));
    $('button[data-action="clear"]', s)?.addEventListener('click', () => clear(layer));
    $('button[data-action="preview"]', s)?.addEventListener('click', () => preview(layer));
  }
  $('#callers-strip-list').addEventListener('click', (e) => {
    const b = e.target.closest('button[data-caller-to]');
    if (b && !b.disabled) moveCaller(Number(b.closest('.strip-caller').dataset.id), b.dataset.callerTo);
  });
  pollPanel.wire();
  $('#caller-form').addEventListener('submit', (e) => e.preventDefault());
  $('#caller-form').addEventListener('input', render);
  $('#caller-take').addEventListener('change', render); // the buttons, and what is drawn ahead
  $('button[data-action="layout"]', section('caller_video')).addEventListener('click', changeCallerLayout);
  document.addEventListener('keydown', onKey);
}

wire();
boot().catch((error) => say(explain(error), 'error'));
