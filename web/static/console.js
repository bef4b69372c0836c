// Bàn biên tập (moderation console). Plain ES module, no framework: the server
// sends a strict CSP, so every voter string goes into the page through
// textContent (never innerHTML) and there is no inline script or style.
//
// Data flow: one WebSocket (/ws) gives a snapshot, then every committed event in
// seq order. The queue itself stays on the server: the page holds a window of it
// (console_queue.js, read page by page from GET /api/queue) and the questions its
// panels show (the rundown, what is on air, the selection) in a Map keyed by id;
// events and HTTP replies are merged into it by version, and the page is
// re-rendered from it.
// The call-in lines (callers) live in console_callers.js and the viewers' polls in
// console_polls.js, fed from the same socket.

import { createCallerDesk } from './console_callers.js';
import { createScreeningDesk } from './console_screening.js';
import { createDeskAction } from './desk_action.js';
import { createApi } from './api.js';
import { createNotices, el } from './dom.js';
import { SESSION_EXPIRED, createStaffLogin } from './staff_login.js';
import { createPollDesk, formatCount } from './console_polls.js';
import { createLiveSocket } from './live_socket.js';
import { createQueueWindow } from './console_queue.js';
import { createClusterDesk } from './console_clusters.js';

// ---------------------------------------------------------------- constants

const STATES = [
  ['pending', 'chờ duyệt'],
  ['approved', 'đã duyệt'],
  ['rejected', 'từ chối'],
  ['merged', 'đã gộp'],
  ['queued', 'trong kịch bản'],
  ['on_air', 'đang phát sóng'],
  ['aired', 'đã phát sóng'],
  ['forwarded', 'đã chuyển cơ quan'],
  ['answered', 'đã trả lời'],
];
const STATE_LABEL = Object.fromEntries(STATES);
const CHANNEL_LABEL = { web: 'Web', sms: 'SMS', callin: 'Gọi điện', staff: 'Biên tập nhập' };
const ROLE_LABEL = { producer: 'sản xuất', moderator: 'biên tập viên', admin: 'quản trị', screener: 'trực điện thoại', operator: 'phòng máy' };
const FLAG_LABEL = { profanity: 'ngôn từ thô tục', spam: 'nghi spam', too_long: 'dài so với khung hình' };

// ---------------------------------------------------------------- state

let dragId = null; // the rundown item being dragged
let rundownPressed = false; // a button held down on the rundown: a drag may be starting
let rundownStale = false; // a redraw held back meanwhile
let rundownDrawn = ''; // what the list shows, to leave it alone when nothing changed

const state = {
  me: null, // {user, role}
  config: { topics: [], areas: [], agencies: [] },
  show: null,
  questions: new Map(), // id -> question JSON: the window's, the rundown's, on air, the selected
  rundownVersion: null,
  intake: null, // {paused} or null when the server has no intake switch
  selectedId: null,
  rundownFocusId: null,
  filters: { state: '', topic: '', area: '', channel: '', agency: '', flag: '', cluster: '', text: '', order: 'newest' },
  picked: new Set(), // questions picked for an action on many (shift-click, ctrl-click, X)
  pickAnchor: null, // where a shift-click range starts
  history: { id: null, version: null, items: [] },
  note: null, // {id, text}: "changed by someone else" under the selected question
  view: 'questions', // or 'callers', 'polls': which tab is on screen
};
const busy = new Set(); // question ids with a request in flight (no double submits)

const $ = (id) => document.getElementById(id);

const canModerate = () => ['moderator', 'producer', 'admin'].includes(state.me?.role);
const canProduce = () => ['producer', 'admin'].includes(state.me?.role);

function timeOf(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
}

// Every call resolves (never throws) to {ok, status, data, error}. A 401 mid-work means
// the session expired: ask for the password again.
const api = createApi({ onUnauthorized: () => state.me && showLogin(SESSION_EXPIRED) });
// Conflicts stay longer: the moderator has to read who did what.
const notice = createNotices({ keep: 4, msFor: (kind) => (kind === 'ok' ? 4000 : kind === 'conflict' ? 15000 : 9000) });

// The call-in lines: same connection, same render loop, its own panel and actions.
const callerDesk = createCallerDesk({
  api,
  notice,
  el,
  $,
  timeOf,
  me: () => state.me,
  questions: () => state.questions,
  scheduleRender,
  showQuestion,
  screen: (caller) => screening.start(caller),
});

// The screener's view of a waiting video caller, signalled over the same live socket.
const screening = createScreeningDesk({ send: (frame) => live.send(frame), notice, $ });

// The viewers' polls: same connection and render loop; live counts come as poll.tally frames.
const pollDesk = createPollDesk({
  api,
  notice,
  el,
  $,
  timeOf,
  me: () => state.me,
  scheduleRender,
  confirm: (text, run) => confirmDialog(text, run),
});

// The clusters of questions that ask the same thing: their own tab, read from the server.
const clusterDesk = createClusterDesk({
  api,
  notice,
  el,
  $,
  me: () => state.me,
  confirm: (text, run) => confirmDialog(text, run),
  openInQueue: (clusterId) => openCluster(clusterId),
  changed: () => scheduleRender(),
});

// ---------------------------------------------------------------- question store

// Keeps the newest version of each question; an older copy (a late HTTP reply,
// a replayed event) never overwrites a newer one.
function upsert(q) {
  const old = state.questions.get(q.id);
  if (old && old.version > q.version) return false;
  state.questions.set(q.id, q);
  return true;
}

// The window on the queue: the pages read of the current filters, and their counts.
const queue = createQueueWindow({
  api,
  cache: state.questions,
  upsert,
  filters: () => state.filters,
  show: () => state.show,
  following: () => state.selectedId === null && ($('queue-scroll')?.scrollTop ?? 0) < 40,
  changed: () => scheduleRender(),
});

const DEFAULT_FILTERS = { state: '', topic: '', area: '', channel: '', agency: '', flag: '', cluster: '', text: '', order: 'newest' };
const filtersAreDefault = () => Object.entries(DEFAULT_FILTERS).every(([k, v]) => (state.filters[k] ?? '') === v);
// The filter lists beside the search box, by element id and filter key.
const FILTER_SELECTS = [['f-topic', 'topic'], ['f-area', 'area'], ['f-channel', 'channel'], ['f-agency', 'agency'], ['f-flag', 'flag'], ['f-order', 'order']];

// The questions a console keeps beyond its window: what its panels show.
const keptOutsideWindow = (q) =>
  q.id === state.selectedId || (state.show && q.show_id === state.show.id && (q.state === 'queued' || q.state === 'on_air'));

// Questions the window no longer holds are let go, so that a long show does not pile up here.
function forgetUnused() {
  const inUse = new Set([...queue.state.ids, ...queue.state.fresh, ...state.picked]);
  for (const q of queue.state.ids.map((id) => state.questions.get(id))) if (q?.similar_to) inUse.add(q.similar_to);
  for (const [id, q] of state.questions) if (!inUse.has(id) && !keptOutsideWindow(q)) state.questions.delete(id);
}

async function reloadQuestion(id) {
  const r = await api('GET', `/api/questions/${id}`);
  if (!r.ok) return null;
  const { history, next_states: _next, ...q } = r.data;
  upsert(q);
  if (state.selectedId === id) state.history = { id, version: q.version, items: history ?? [] };
  scheduleRender();
  return state.questions.get(id);
}

// ---------------------------------------------------------------- live connection

function setConnection(status) {
  const c = $('conn');
  c.dataset.state = status;
  c.textContent = {
    open: '● đã kết nối',
    connecting: 'đang kết nối…',
    lost: 'mất kết nối, đang kết nối lại…',
  }[status];
}

// The socket, its seq bookkeeping and its reconnects are live_socket.js's; the console
// only applies what comes. Each reconnect resumes with ?since=, so nothing is re-read here.
const live = createLiveSocket({
  onFrame: handleFrame,
  onStatus: setConnection,
  onOpen: () => screening.onSocketOpen(),
  stillSignedIn: async () => (await api('GET', '/api/me')).status !== 401,
});

function handleFrame(frame) {
  if (frame.type === 'snapshot') return applySnapshot(frame);
  // Live poll counts: not events (no seq, never replayed).
  if (frame.type === 'poll.tally') return pollDesk.applyTally(frame);
  // The screening's signalling (console_screening.js), and what the server said of a message.
  if (frame.type?.startsWith('screen.')) return screening.onFrame(frame);
  if (frame.type === 'error' && typeof frame.seq !== 'number') return notice(frame.message ?? 'Lỗi', 'error');
  if (typeof frame.seq !== 'number') return;
  applyEvent(frame);
  scheduleRender();
}

// Shown on hover: which event the console is up to (compare with /healthz last_seq).
function renderSeq() {
  const c = $('conn');
  c.dataset.seq = live.lastSeq ?? '';
  c.title = live.lastSeq === null ? '' : `Sự kiện cuối đã nhận: ${live.lastSeq}`;
}

function applySnapshot(frame) {
  // The question on screen stays on screen across a reconnect; its detail is read again.
  const onScreen = state.questions.get(state.selectedId);
  state.questions.clear();
  if (onScreen) upsert(onScreen);
  for (const q of [...(frame.rundown ?? []), ...(frame.on_air ?? [])]) upsert(q);
  state.show = frame.show;
  // The snapshot carries the first page of the default view; any other asks for its own.
  if (filtersAreDefault()) queue.fromSnapshot(frame.queue);
  else queue.load();
  callerDesk.applySnapshot(frame.callers);
  pollDesk.applySnapshot(frame.polls);
  state.show = frame.show;
  state.rundownVersion = frame.show?.rundown_version ?? null;
  if (frame.intake) state.intake = { paused: !!frame.intake.paused };
  else loadIntake();
  scheduleRender();
}

function applyEvent(e) {
  switch (e.type) {
    case 'question.created':
    case 'question.updated': {
      const q = e.question;
      if (!q) return;
      // Queueing and taking to air change the rundown: the event names its new version.
      if (typeof e.rundown_version === 'number' && state.show && q.show_id === state.show.id)
        learnRundownVersion(e.rundown_version);
      const prev = state.questions.get(q.id);
      // Kept when shown or about to be (the window decides); the others only move the counts.
      if (prev || queue.matches(q) || keptOutsideWindow(q)) {
        if (upsert(q) && prev && q.id === state.selectedId && e.actor !== state.me?.user)
          state.note = { id: q.id, text: `Vừa được ${e.actor} cập nhật (${STATE_LABEL[q.state] ?? q.state}).` };
      }
      queue.applyEvent(q);
      clusterDesk.questionsChanged();
      return;
    }
    case 'rundown.changed':
      if (!state.show || e.show_id !== state.show.id) return;
      // An order older than one already known (an event slower than our own save's answer),
      // or one our pending saves will replace, would move the list back under the producer.
      if (!learnRundownVersion(e.rundown_version) || rundownSavesPending > 0) return;
      applyOrder(e.order);
      return;
    case 'show.opened':
    case 'show.closed':
      // Opening a show attaches every waiting question without a per-question event,
      // so the simplest correct picture is a fresh snapshot.
      state.show = e.type === 'show.opened' ? e.show : null;
      queueMicrotask(() => live.reconnect({ fromSnapshot: true }));
      return;
    case 'intake.changed':
      state.intake = { paused: !!e.paused };
      return;
    case 'caller.created':
    case 'caller.updated':
      callerDesk.applyEvent(e);
      return;
    case 'poll.created':
    case 'poll.updated':
      pollDesk.applyEvent(e);
      return;
    default:
      // user.created and others: nothing on this page
  }
}

// The rundown's version only moves forward: a save sends the newest one known, or the server
// refuses it as a conflict. Returns whether v is not older than what was known.
function learnRundownVersion(v) {
  if (typeof v !== 'number') return false;
  if (state.rundownVersion !== null && v < state.rundownVersion) return false;
  state.rundownVersion = v;
  return true;
}

function applyOrder(order) {
  order.forEach((id, i) => {
    const q = state.questions.get(id);
    if (q) q.rundown_position = i + 1;
  });
}

// ---------------------------------------------------------------- intake switch

async function loadIntake() {
  const r = await api('GET', '/api/intake');
  // 404: a server without the intake switch yet; hide the control rather than guess.
  state.intake = r.ok ? { paused: !!r.data.paused } : null;
  scheduleRender();
}

async function toggleIntake() {
  if (!state.intake) return;
  const paused = !state.intake.paused;
  const r = await api('PUT', '/api/intake', { paused });
  if (!r.ok) return notice(r.error.message, 'error');
  state.intake = { paused: !!r.data.paused };
  notice(state.intake.paused ? 'Đã tạm dừng nhận câu hỏi mới.' : 'Đã mở lại nhận câu hỏi.');
  scheduleRender();
}

// ---------------------------------------------------------------- filtering

// The window's questions that match the filters, in the window's order (the server's).
const visibleQuestions = () => queue.visible();

// A filter changed: the server reads the first page of the new view. Typing waits for a pause.
let searchTimer = null;
function filtersChanged({ typing = false } = {}) {
  clearTimeout(searchTimer);
  if (typing) searchTimer = setTimeout(() => queue.load(), 250);
  else queue.load();
  scheduleRender();
}

// ---------------------------------------------------------------- rendering

let renderPending = false;
function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    render();
  });
}

function render() {
  if (!state.me) return;
  renderHeader();
  renderSeq();
  renderTabs();
  callerDesk.render();
  pollDesk.render();
  clusterDesk.render();
  renderFilters();
  renderQueue(visibleQuestions());
  renderDetail();
  if (canProduce()) renderRundown();
}

function renderHeader() {
  $('show-title').textContent = state.show ? `Chương trình: ${state.show.title}` : 'Chưa mở chương trình';
  $('show-title').classList.toggle('none', !state.show);
  $('open-show').hidden = !canProduce() || !!state.show;
  $('close-show').hidden = !canProduce() || !state.show;
  const toggle = $('intake-toggle');
  toggle.hidden = !canProduce() || !state.intake;
  $('intake-badge').hidden = canProduce() || !state.intake?.paused;
  if (state.intake) {
    toggle.setAttribute('aria-checked', String(!state.intake.paused));
    toggle.dataset.paused = String(state.intake.paused);
    toggle.textContent = state.intake.paused ? 'Nhận câu hỏi: TẠM DỪNG' : 'Nhận câu hỏi: ĐANG MỞ';
  }
}

const VIEWS = { questions: 'layout', clusters: 'clusters-view', callers: 'callers-view', polls: 'polls-view' };

function renderTabs() {
  for (const [view, id] of Object.entries(VIEWS)) {
    $(id).hidden = state.view !== view;
    $(`tab-${view}`).setAttribute('aria-selected', String(state.view === view));
  }
  const pending = queue.state.showCounts?.by_state?.pending;
  $('tab-questions-count').textContent = pending === undefined ? '' : `(${pending.toLocaleString('vi-VN')} chờ duyệt)`;
}

function showView(view) {
  if (!(view in VIEWS)) return;
  state.view = view;
  clusterDesk.show(view === 'clusters');
  render();
}

// A cluster opened from its tab: its questions in the queue, oldest first.
function openCluster(clusterId) {
  state.filters = { ...DEFAULT_FILTERS, cluster: String(clusterId), order: 'oldest' };
  showFilters();
  showView('questions');
  filtersChanged();
}

// From a caller's linked question: the question, selected, with the filters cleared.
async function showQuestion(id) {
  if (!state.questions.has(id) && !(await reloadQuestion(id))) return notice(`Không tìm thấy câu hỏi #${id}.`, 'error');
  state.filters = { ...DEFAULT_FILTERS };
  showFilters();
  state.view = 'questions';
  queue.load();
  select(id);
}

// The filter fields after the filters were set for the moderator: none keeps an old choice on screen.
function showFilters() {
  $('f-text').value = state.filters.text;
  for (const [id, key] of FILTER_SELECTS) $(id).value = state.filters[key];
}

function renderFilters() {
  const counts = queue.state.counts?.by_state ?? {};
  const all = queue.state.counts?.total ?? 0;
  const box = $('state-filters');
  const buttons = [['', 'Tất cả', all], ...STATES.map(([s, label]) => [s, label, counts[s]])].map(([s, label, n]) => {
    const b = el('button', 'state-filter');
    b.type = 'button';
    b.dataset.state = s;
    b.setAttribute('aria-pressed', String(state.filters.state === s));
    b.append(el('span', `dot st-${s || 'all'}`), el('span', 'label', label), el('span', 'n', (n ?? 0).toLocaleString('vi-VN')));
    return b;
  });
  box.replaceChildren(...buttons);
  fillSelect($('f-topic'), 'Tất cả lĩnh vực', union(state.config.topics, [...state.questions.values()].map((q) => q.topic)));
  fillSelect($('f-area'), 'Tất cả địa bàn', union(state.config.areas, [...state.questions.values()].map((q) => q.area)));
  fillSelect($('f-agency'), 'Tất cả cơ quan', union(state.config.agencies, [...state.questions.values()].map((q) => q.agency)));
}

function union(configured, seen) {
  const extra = [...new Set(seen.filter((v) => v && !configured.includes(v)))].sort((a, b) => a.localeCompare(b, 'vi'));
  return [...configured, ...extra];
}

// Rebuilds a <select> only when its option list changed (keeps the user's choice).
function fillSelect(select, allLabel, values) {
  const key = JSON.stringify(values);
  if (select.dataset.key === key) return;
  select.dataset.key = key;
  const current = select.value;
  const options = [new Option(allLabel, ''), ...values.map((v) => new Option(v, v))];
  select.replaceChildren(...options);
  select.value = values.includes(current) ? current : '';
}

const cardCache = new Map(); // id -> {key, node}: rebuild a card only when it changed

function renderQueue(visible) {
  const w = queue.state;
  if (state.questions.size > w.ids.length + 1000) forgetUnused();
  const nodes = visible.map((q) => {
    const target = q.similar_to ? state.questions.get(q.similar_to) : null;
    const key = `${q.version}|${q.rundown_position}|${target?.version ?? ''}`;
    let entry = cardCache.get(q.id);
    if (!entry || entry.key !== key) {
      entry = { key, node: buildCard(q, target) };
      cardCache.set(q.id, entry);
    }
    entry.node.classList.toggle('selected', q.id === state.selectedId);
    entry.node.setAttribute('aria-selected', String(q.id === state.selectedId));
    entry.node.classList.toggle('busy', busy.has(q.id));
    entry.node.classList.toggle('picked', state.picked.has(q.id));
    return entry.node;
  });
  for (const id of cardCache.keys()) if (!state.questions.has(id)) cardCache.delete(id);
  $('queue-list').replaceChildren(...nodes);
  $('queue-list').setAttribute('aria-busy', String(w.loading));
  const total = state.filters.state ? w.counts?.by_state?.[state.filters.state] : w.counts?.total;
  $('queue-count').textContent = total === undefined ? '' : `(${total.toLocaleString('vi-VN')})`;
  $('queue-empty').hidden = visible.length > 0 || w.loading;
  $('queue-empty').textContent = w.error ? `Không tải được hàng đợi: ${w.error}` : 'Không có câu hỏi phù hợp bộ lọc.';
  $('queue-cluster').hidden = !state.filters.cluster;
  $('queue-cluster-label').textContent = state.filters.cluster ? `Đang xem cụm #${state.filters.cluster}` : '';
  renderBulkBar();
  const fresh = $('queue-new');
  fresh.hidden = w.freshCount === 0;
  fresh.textContent = `↑ ${w.freshCount.toLocaleString('vi-VN')} câu hỏi mới`;
  const more = $('queue-more');
  more.hidden = w.nextAfter === null || w.loading;
  more.textContent = w.loadingMore ? 'Đang tải thêm…' : `Đang hiện ${visible.length.toLocaleString('vi-VN')} câu — tải thêm`;
  more.disabled = w.loadingMore;
}

function stateBadge(s) {
  const b = el('span', `badge st-${s}`, STATE_LABEL[s] ?? s);
  b.dataset.state = s;
  return b;
}

function voters(q) {
  return `${(q.duplicate_count ?? 0) + 1} cử tri hỏi câu này`;
}

function buildCard(q, target) {
  const li = el('li', 'q-card');
  li.dataset.id = q.id;
  li.dataset.state = q.state;
  li.setAttribute('role', 'option');
  const head = el('div', 'q-head');
  head.append(el('span', 'q-id', `#${q.id}`), stateBadge(q.state), el('span', 'chip', CHANNEL_LABEL[q.channel] ?? q.channel));
  if (q.topic) head.append(el('span', 'chip topic', q.topic));
  if (q.state === 'queued' && q.rundown_position) head.append(el('span', 'chip', `kịch bản: ${q.rundown_position}`));
  head.append(el('span', 'q-time', timeOf(q.created_at)));
  li.append(head, el('p', 'q-text', q.on_air_text || q.text));
  const meta = el('p', 'q-meta', [q.name || 'Ẩn danh', q.area].filter(Boolean).join(' — '));
  if (q.on_air_text && q.on_air_text !== q.text) meta.append(el('span', 'chip edited', 'đã biên tập'));
  for (const [flag, label] of Object.entries(FLAG_LABEL)) if (q.flags?.[flag]) meta.append(el('span', 'chip flag', label));
  li.append(meta);
  if (q.duplicate_count > 0) li.append(el('p', 'dup', voters(q)));
  if (q.duplicate_of) li.append(el('p', 'q-meta', `Đã gộp vào #${q.duplicate_of}`));
  if (q.state === 'pending' && target && isLiveTarget(target))
    li.append(el('p', 'similar-hint', `Có thể trùng với #${target.id} · ${voters(target)}`));
  return li;
}

const isLiveTarget = (q) => q.state !== 'merged' && q.state !== 'rejected';

function renderDetail() {
  const q = state.questions.get(state.selectedId);
  $('detail-empty').hidden = !!q;
  $('detail-body').hidden = !q;
  if (!q) return;
  $('d-title').textContent = `Câu hỏi #${q.id} · ${q.ticket}`;
  const badge = $('d-state');
  badge.className = `badge st-${q.state}`;
  badge.textContent = STATE_LABEL[q.state] ?? q.state;
  badge.dataset.state = q.state;
  const note = state.note?.id === q.id ? state.note.text : '';
  $('d-note').hidden = !note;
  $('d-note').textContent = note;

  const rows = [
    ['Người gửi', q.name || 'Ẩn danh'],
    ['Điện thoại', q.phone],
    ['Địa bàn', q.area],
    ['Lĩnh vực', q.topic],
    ['Cơ quan', q.agency],
    ['Kênh', CHANNEL_LABEL[q.channel] ?? q.channel],
    ['Gửi lúc', timeOf(q.created_at)],
    ['Cập nhật', `${timeOf(q.updated_at)} · ${q.updated_by}`],
    ['Cảnh báo', Object.entries(FLAG_LABEL).filter(([f]) => q.flags?.[f]).map(([, l]) => l).join(', ')],
  ].filter(([, v]) => v);
  $('d-meta').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', '', k), el('dd', '', v)]));

  $('d-onair').textContent = q.on_air_text || q.text;
  const edited = q.on_air_text && q.on_air_text !== q.text;
  $('d-original-wrap').hidden = !edited;
  $('d-original').textContent = q.text;
  $('d-dup').hidden = !(q.duplicate_count > 0);
  $('d-dup').textContent = voters(q);

  const target = q.similar_to ? state.questions.get(q.similar_to) : null;
  const showSimilar = !!target && isLiveTarget(target) && q.state === 'pending';
  $('d-similar').hidden = !showSimilar;
  if (showSimilar) {
    $('d-similar-title').textContent = `#${target.id} (${STATE_LABEL[target.state]})`;
    $('d-similar-count').textContent = voters(target);
    $('d-similar-text').textContent = target.on_air_text || target.text;
  }

  const can = allowedActions(q);
  for (const [action, ok] of Object.entries(can)) $(`act-${action}`).disabled = !ok || busy.has(q.id);
  $('d-similar-merge').disabled = !can.merge || busy.has(q.id);

  // Do not overwrite what the moderator is typing; refill when the question changes.
  const fields = $('d-fields');
  const fieldKey = `${q.id}:${q.version}`;
  if (fields.dataset.key !== fieldKey && !fields.contains(document.activeElement)) {
    fields.dataset.key = fieldKey;
    $('d-topic').value = q.topic;
    setAgencyField(q.agency);
  }
  $('d-fields-save').disabled = !canModerate();

  if (state.history.id !== q.id || state.history.version !== q.version) loadHistorySoon(q.id, q.version);
  renderHistory();
}

function allowedActions(q) {
  const mod = canModerate();
  return {
    approve: mod && q.state === 'pending',
    reject: mod && q.state === 'pending',
    edit: mod && !['merged', 'rejected', 'aired', 'answered'].includes(q.state),
    merge: mod && q.state === 'pending',
    queue: canProduce() && q.state === 'approved',
  };
}

let historyTimer = null;
let historyWanted = null; // "id:version" already scheduled
function loadHistorySoon(id, version) {
  // Renders come with every event: schedule once per question version, so a busy
  // queue cannot keep postponing it, and j/k through the list still sends one request.
  const key = `${id}:${version}`;
  if (historyWanted === key) return;
  historyWanted = key;
  clearTimeout(historyTimer);
  historyTimer = setTimeout(() => {
    if (state.selectedId === id) reloadQuestion(id);
  }, 250);
}

function describe(h) {
  if (h.type === 'question.created') return 'gửi câu hỏi';
  if (h.change === 'transition') {
    let s = `${STATE_LABEL[h.from] ?? h.from} → ${STATE_LABEL[h.to] ?? h.to}`;
    if (h.into) s += ` (vào #${h.into})`;
    if (h.reason) s += ` — lý do: ${h.reason}`;
    return s;
  }
  if (h.change === 'edit') return `sửa ${(h.fields ?? []).join(', ')}`;
  if (h.change === 'duplicate_added') return `gộp thêm câu #${h.duplicate}`;
  if (h.change === 'cluster_merged') return `gộp cả cụm: ${formatCount(h.questions)} câu, ${formatCount(h.voters)} cử tri`;
  return h.type;
}

function renderHistory() {
  const items = state.history.id === state.selectedId ? state.history.items : [];
  $('d-history').replaceChildren(
    ...items.map((h) => {
      const li = el('li');
      li.append(el('span', 'h-time', timeOf(h.at)), el('span', 'h-actor', h.actor), el('span', '', describe(h)));
      return li;
    }),
  );
}

function rundownItems() {
  if (!state.show) return [];
  return [...state.questions.values()]
    .filter((q) => q.state === 'queued' && q.show_id === state.show.id)
    .sort((a, b) => (a.rundown_position ?? 1e9) - (b.rundown_position ?? 1e9) || a.id - b.id);
}

function renderRundown() {
  // A list rebuilt under a press or a drag loses it (the node under the pointer leaves the
  // page): hold still, and redraw once the pointer lets go.
  if (dragId !== null || rundownPressed) {
    rundownStale = true;
    return;
  }
  rundownStale = false;
  const items = rundownItems();
  const onAir = state.show ? [...state.questions.values()].find((q) => q.state === 'on_air' && q.show_id === state.show.id) : null;
  const box = $('on-air-now');
  box.hidden = !onAir;
  if (onAir) box.replaceChildren(el('strong', '', `Đang phát sóng #${onAir.id}: `), el('span', '', onAir.on_air_text));
  $('rundown-count').textContent = `(${items.length})`;
  $('rundown-empty').hidden = items.length > 0;
  $('rundown-empty').textContent = state.show ? 'Chưa có câu hỏi trong kịch bản.' : 'Chưa mở chương trình: mở chương trình để lập kịch bản.';
  // An event that changes nothing shown (our own reorder coming back, say) leaves the nodes be.
  const drawn = JSON.stringify(
    items.map((q) => [q.id, q.topic, q.agency, q.on_air_text || q.text, q.id === state.rundownFocusId || q.id === state.selectedId]),
  );
  if (drawn === rundownDrawn) return;
  rundownDrawn = drawn;
  const nodes = items.map((q, i) => {
    const li = el('li', 'rd-item');
    li.dataset.id = q.id;
    li.draggable = true;
    li.tabIndex = 0;
    li.classList.toggle('selected', q.id === state.rundownFocusId || q.id === state.selectedId);
    li.setAttribute('aria-label', `Vị trí ${i + 1}: câu hỏi #${q.id}`);
    const head = el('div', 'rd-head');
    head.append(el('span', 'rd-pos', i + 1), el('span', 'q-id', `#${q.id}`));
    if (q.topic) head.append(el('span', 'chip topic', q.topic));
    if (q.agency) head.append(el('span', 'chip', q.agency));
    if (i === 0) head.append(el('span', 'chip next', 'tiếp theo'));
    const buttons = el('div', 'rd-buttons');
    for (const [action, label, title] of [['top', '⇈', 'Đưa lên tiếp theo (N)'], ['up', '↑', 'Lên (Alt+↑)'], ['down', '↓', 'Xuống (Alt+↓)']]) {
      const b = el('button', 'rd-move', label);
      b.type = 'button';
      b.dataset.action = action;
      b.title = title;
      b.setAttribute('aria-label', title);
      buttons.append(b);
    }
    li.append(head, el('p', 'rd-text', q.on_air_text || q.text), buttons);
    return li;
  });
  $('rundown-list').replaceChildren(...nodes);
  // Re-rendering moves nodes, which drops focus; keep keyboard reordering in place.
  if (state.rundownFocusId && document.activeElement === document.body) {
    $('rundown-list').querySelector(`[data-id="${state.rundownFocusId}"]`)?.focus();
  }
}

// ---------------------------------------------------------------- many at once

function renderBulkBar() {
  const n = state.picked.size;
  $('bulk-bar').hidden = n === 0;
  $('bulk-count').textContent = `Đã chọn ${n.toLocaleString('vi-VN')} câu`;
  const target = selected();
  $('bulk-merge').disabled = !target || !['pending', 'approved'].includes(target.state) || (n === 1 && state.picked.has(target.id));
  $('bulk-merge').textContent = target ? `Gộp vào câu #${target.id}` : 'Gộp vào câu đang xem';
  for (const id of ['bulk-approve', 'bulk-reject', 'bulk-merge']) if (!canModerate()) $(id).disabled = true;
}

// Shift-click: everything between the last question clicked and this one; Ctrl-click (or X):
// this one in or out.
function pick(id, { range = false } = {}) {
  const list = visibleQuestions().map((q) => q.id);
  const anchor = state.pickAnchor ?? state.selectedId;
  if (range && anchor !== null && list.includes(anchor) && list.includes(id)) {
    const [from, to] = [list.indexOf(anchor), list.indexOf(id)].sort((a, b) => a - b);
    for (const other of list.slice(from, to + 1)) state.picked.add(other);
  } else if (state.picked.has(id)) {
    state.picked.delete(id);
  } else {
    state.picked.add(id);
  }
  state.pickAnchor = id;
  scheduleRender();
}

function clearPicked() {
  state.picked.clear();
  state.pickAnchor = null;
  scheduleRender();
}

const BULK_DONE = { approve: 'Đã duyệt', reject: 'Đã từ chối', merge: 'Đã gộp' };

async function actOnPicked(action) {
  if (!canModerate()) return notice('Vai trò của bạn không được biên tập câu hỏi.', 'error');
  const into = action === 'merge' ? selected()?.id : undefined;
  const items = [...state.picked]
    .filter((id) => id !== into)
    .map((id) => state.questions.get(id))
    .filter(Boolean)
    .map((q) => ({ id: q.id, version: q.version }));
  if (!items.length) return;
  const body = { action, items };
  if (into) body.into = into;
  if (action === 'reject') body.reason = 'Từ chối theo nhóm';
  const r = await api('POST', '/api/questions/bulk', body);
  if (!r.ok) return notice(r.error.message, 'error');
  for (const q of r.data.changed) upsert(q);
  const done = r.data.changed.filter((q) => q.id !== into).length;
  for (const q of r.data.changed) state.picked.delete(q.id);
  const refused = r.data.refused;
  notice(`${BULK_DONE[action]} ${done.toLocaleString('vi-VN')} câu.` + (refused.length ? ` ${refused.length} câu không thực hiện được (đã có người xử lý hoặc không còn chờ duyệt).` : ''), refused.length ? 'conflict' : 'ok');
  for (const f of refused) reloadQuestion(f.id);
  scheduleRender();
}

// ---------------------------------------------------------------- selection

function select(id, { scroll = true } = {}) {
  if (state.selectedId !== id) state.note = null;
  state.selectedId = id;
  render(); // synchronously, so scrollIntoView sees the new card
  if (scroll) $('queue-list').querySelector(`[data-id="${id}"]`)?.scrollIntoView({ block: 'nearest' });
}

// J past the last card read reads the next page first: the keyboard goes through the whole show.
// Presses come faster than a page: each move waits for the one before, so none is lost.
let moving = Promise.resolve();
function moveSelection(step) {
  moving = moving.then(() => moveOnce(step));
  return moving;
}

async function moveOnce(step) {
  let list = visibleQuestions();
  if (!list.length) return;
  const i = list.findIndex((q) => q.id === state.selectedId);
  let next = i < 0 ? 0 : i + step;
  if (next >= list.length && (await queue.loadMore())) list = visibleQuestions();
  next = Math.max(0, Math.min(list.length - 1, next));
  if (list[next]) select(list[next].id);
}

const selected = () => state.questions.get(state.selectedId) ?? null;

// ---------------------------------------------------------------- actions

// The question's buttons rest while an action is in flight (desk_action.js, as for callers and
// polls); an action that takes the question out of the current filter carries the selection on
// to its neighbour, so the moderator keeps going down the list.
const actOnQuestion = createDeskAction({ busy, upsert, notice, failed: (q, r) => failed(q.id, r), scheduleRender });

async function act(q, doneText, request) {
  const list = visibleQuestions();
  const i = list.findIndex((x) => x.id === q.id);
  const neighbour = list[i + 1]?.id ?? list[i - 1]?.id ?? null;
  const done = await actOnQuestion(q, request, doneText);
  if (done && state.selectedId === q.id && !visibleQuestions().some((x) => x.id === q.id) && neighbour !== null) select(neighbour);
  return done;
}

// A 409 means someone else changed the question since this console saw it: say who,
// reload it, and let the moderator decide again. Never retry over their change.
async function failed(id, r) {
  const e = r.error ?? {};
  if (r.status === 409 && e.code === 'version_conflict') {
    const fresh = await reloadQuestion(id);
    const who = e.changed_by || fresh?.updated_by || 'người khác';
    const now = STATE_LABEL[e.current_state ?? fresh?.state] ?? e.current_state ?? '';
    notice(`Câu hỏi đã được ${who} xử lý (#${id}, hiện: ${now}). Đã tải lại câu hỏi — hãy xem lại trước khi thao tác.`, 'conflict');
    state.note = { id, text: `Câu hỏi đã được ${who} xử lý — hiện: ${now}.` };
    return;
  }
  notice(e.message || `Lỗi ${r.status}`, 'error');
  if (r.status === 422 || r.status === 404) await reloadQuestion(id);
}

const transition = (q, to, extra = {}) => api('POST', `/api/questions/${q.id}/transition`, { to, version: q.version, ...extra });

function explainNotAllowed(q, action) {
  if (action === 'queue' && !canProduce()) return 'Chỉ nhà sản xuất (producer) được đưa câu hỏi vào kịch bản.';
  if (!canModerate()) return 'Vai trò của bạn không được biên tập câu hỏi.';
  return `Không thể thực hiện với câu hỏi đang ở trạng thái “${STATE_LABEL[q.state]}”.`;
}

// Runs a shortcut/button action on the selected question if its state allows it.
function withSelected(action, run) {
  const q = selected();
  if (!q) return notice('Chưa chọn câu hỏi (dùng J/K hoặc bấm vào câu hỏi).', 'error');
  if (!allowedActions(q)[action]) return notice(explainNotAllowed(q, action), 'error');
  return run(q);
}

const approve = () => withSelected('approve', (q) => act(q, `Đã duyệt câu hỏi #${q.id}.`, () => transition(q, 'approved')));

function queueForAir() {
  withSelected('queue', (q) => {
    if (!state.show) {
      notice('Chưa mở chương trình: hãy mở chương trình trước khi đưa câu hỏi vào kịch bản.', 'error');
      return openShowDialog();
    }
    return act(q, `Đã đưa câu hỏi #${q.id} vào kịch bản.`, () => transition(q, 'queued'));
  });
}

// Dialogs remember which question (and which version) they were opened for.
const dialogFor = new Map();

function openDialog(id, q) {
  dialogFor.set(id, q ? { id: q.id, version: q.version } : null);
  $(id).showModal();
}

function questionFor(dialogId) {
  const ref = dialogFor.get(dialogId);
  const q = ref && state.questions.get(ref.id);
  // Act with the version the moderator was looking at, so a change by someone else
  // while the dialog was open comes back as a 409 instead of being overwritten.
  return q ? { ...q, version: ref.version } : null;
}

function rejectDialog() {
  withSelected('reject', (q) => {
    $('reject-text').textContent = q.on_air_text || q.text;
    $('reject-reason').value = '';
    openDialog('dlg-reject', q);
  });
}

function editDialog() {
  withSelected('edit', (q) => {
    $('edit-original').textContent = q.text;
    $('edit-text').value = q.on_air_text || q.text;
    updateEditLength();
    openDialog('dlg-edit', q);
  });
}

function updateEditLength() {
  $('edit-length').textContent = [...$('edit-text').value].length;
}

function mergeDialog(into) {
  withSelected('merge', (q) => {
    $('merge-text').textContent = `#${q.id}: ${q.on_air_text || q.text}`;
    $('merge-into').value = into ?? q.similar_to ?? '';
    updateMergeTarget();
    openDialog('dlg-merge', q);
  });
}

const mergeLookups = new Set(); // ids asked of the server once already

function updateMergeTarget() {
  const box = $('merge-target');
  const id = Number($('merge-into').value);
  const target = state.questions.get(id);
  if (!id) return box.replaceChildren(el('p', 'hint', 'Nhập số câu hỏi cần gộp vào.'));
  if (!target && Number.isInteger(id) && id > 0 && !mergeLookups.has(id)) {
    // Anywhere in the show, not only in the pages read: ask the server.
    mergeLookups.add(id);
    box.replaceChildren(el('p', 'hint', `Đang tìm câu #${id}…`));
    reloadQuestion(id).then(() => {
      if (Number($('merge-into').value) === id) updateMergeTarget();
    });
    return;
  }
  if (!target) return box.replaceChildren(el('p', 'hint', `Không thấy câu #${id}.`));
  const suggested = selected()?.similar_to === id ? ' · gợi ý trùng' : '';
  box.replaceChildren(
    el('p', '', `#${target.id} (${STATE_LABEL[target.state]}) · ${voters(target)}${suggested}`),
    el('p', 'd-text', target.on_air_text || target.text),
  );
}

function openShowDialog() {
  if (!canProduce()) return;
  const today = new Date().toLocaleDateString('vi-VN');
  $('show-name').value = `Đối thoại với cử tri — ${today}`;
  openDialog('dlg-show', null);
}

let confirmAction = null;
function confirmDialog(text, run) {
  $('confirm-text').textContent = text;
  confirmAction = run;
  openDialog('dlg-confirm', null);
}

// ---------------------------------------------------------------- rundown

// Saves go one at a time, each with the version the previous one returned: quick moves in a row
// would otherwise send a stale version and be refused as a conflict with ourselves.
let rundownSaves = Promise.resolve();
let rundownSavesPending = 0;

function saveRundown(order) {
  applyOrder(order); // optimistic: the list moves at once
  scheduleRender();
  rundownSavesPending += 1;
  rundownSaves = rundownSaves.then(() => putRundown(order)).finally(() => {
    rundownSavesPending -= 1;
  });
  return rundownSaves;
}

async function putRundown(order) {
  const r = await api('PUT', '/api/rundown', { version: state.rundownVersion, order });
  if (r.ok) {
    learnRundownVersion(r.data.rundown_version);
    return;
  }
  notice(r.status === 409 ? 'Kịch bản vừa được người khác thay đổi — đã tải lại, hãy sắp xếp lại.' : r.error.message, r.status === 409 ? 'conflict' : 'error');
  await refreshRundown();
}

async function refreshRundown() {
  const r = await api('GET', '/api/rundown');
  if (!r.ok) return;
  learnRundownVersion(r.data.rundown_version);
  for (const q of r.data.questions) upsert(q);
  applyOrder(r.data.questions.map((q) => q.id));
  scheduleRender();
}

function moveInRundown(id, to) {
  const order = rundownItems().map((q) => q.id);
  const from = order.indexOf(id);
  if (from < 0) return;
  const target = Math.max(0, Math.min(order.length - 1, to));
  if (target === from) return;
  order.splice(from, 1);
  order.splice(target, 0, id);
  state.rundownFocusId = id;
  saveRundown(order);
}

// The rundown item the keyboard acts on: the focused one, else the selected question.
function rundownTarget() {
  const focused = document.activeElement?.closest?.('.rd-item');
  if (focused) return Number(focused.dataset.id);
  if (selected()?.state === 'queued') return state.selectedId;
  return state.rundownFocusId;
}

function rundownStep(step) {
  if (!canProduce()) return;
  const id = rundownTarget();
  const i = rundownItems().findIndex((q) => q.id === id);
  if (i < 0) return notice('Chọn một câu trong kịch bản để di chuyển.', 'error');
  moveInRundown(id, i + step);
}

function markNext() {
  if (!canProduce()) return;
  const id = rundownTarget();
  if (!rundownItems().some((q) => q.id === id)) return notice('Chọn một câu trong kịch bản để đưa lên tiếp theo.', 'error');
  moveInRundown(id, 0);
}

const inUpperHalf = (e, node) => {
  const r = node.getBoundingClientRect();
  return e.clientY < r.top + r.height / 2;
};

function releaseRundown() {
  rundownPressed = false;
  if (rundownStale && dragId === null) renderRundown();
}

function wireRundownDragAndDrop() {
  const list = $('rundown-list');
  const clearMarks = () => list.querySelectorAll('.drop-before, .drop-after').forEach((n) => n.classList.remove('drop-before', 'drop-after'));
  list.addEventListener('dragstart', (e) => {
    const li = e.target.closest('.rd-item');
    if (!li) return;
    dragId = Number(li.dataset.id);
    e.dataTransfer.effectAllowed = 'move';
    e.dataTransfer.setData('text/plain', li.dataset.id);
    li.classList.add('dragging');
  });
  list.addEventListener('dragover', (e) => {
    const li = e.target.closest('.rd-item');
    if (dragId === null || !li) return;
    e.preventDefault();
    clearMarks();
    li.classList.add(inUpperHalf(e, li) ? 'drop-before' : 'drop-after');
  });
  list.addEventListener('drop', (e) => {
    const li = e.target.closest('.rd-item');
    if (dragId === null || !li) return;
    e.preventDefault();
    const order = rundownItems().map((q) => q.id);
    const targetId = Number(li.dataset.id);
    // From the drop itself, not the marker class: a live update may have redrawn the list mid-drag.
    const before = inUpperHalf(e, li);
    clearMarks();
    if (targetId !== dragId) {
      order.splice(order.indexOf(dragId), 1);
      const at = order.indexOf(targetId) + (before ? 0 : 1);
      order.splice(at, 0, dragId);
      state.rundownFocusId = dragId;
      saveRundown(order);
    }
    dragId = null;
    releaseRundown();
  });
  list.addEventListener('dragend', () => {
    dragId = null;
    clearMarks();
    list.querySelectorAll('.dragging').forEach((n) => n.classList.remove('dragging'));
    releaseRundown();
  });
  list.addEventListener('mousedown', (e) => {
    if (e.button === 0) rundownPressed = true;
  });
  // After the click that may follow (a click on a node already replaced would be lost).
  document.addEventListener('mouseup', () => setTimeout(releaseRundown, 0));
  list.addEventListener('click', (e) => {
    const li = e.target.closest('.rd-item');
    if (!li) return;
    const id = Number(li.dataset.id);
    state.rundownFocusId = id;
    const i = rundownItems().findIndex((q) => q.id === id);
    const action = e.target.closest('.rd-move')?.dataset.action;
    if (action === 'top') moveInRundown(id, 0);
    else if (action === 'up') moveInRundown(id, i - 1);
    else if (action === 'down') moveInRundown(id, i + 1);
    else select(id);
  });
}

// ---------------------------------------------------------------- keyboard

const SHORTCUTS = {
  j: () => moveSelection(1),
  k: () => moveSelection(-1),
  a: approve,
  r: rejectDialog,
  e: editDialog,
  m: () => mergeDialog(),
  q: queueForAir,
  n: markNext,
  x: () => state.selectedId !== null && pick(state.selectedId),
  '/': () => $('f-text').focus(),
  '?': () => $('dlg-help').showModal(),
};

function isTyping(target) {
  return !!target?.closest?.('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
}

function onKeyDown(e) {
  if (!state.me || $('app').hidden) return;
  if (document.querySelector('dialog[open]')) return; // dialogs handle their own keys (Esc closes natively)
  if (isTyping(e.target) || e.ctrlKey || e.metaKey) return;
  // On the callers tab the question shortcuts would act on a question out of sight.
  if (state.view !== 'questions') {
    if (e.key === '?') {
      e.preventDefault();
      SHORTCUTS['?']();
    }
    return;
  }
  if (e.altKey) {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      rundownStep(e.key === 'ArrowUp' ? -1 : 1);
    }
    return;
  }
  if (e.key === 'Escape' && state.picked.size) {
    e.preventDefault();
    return clearPicked();
  }
  // Shift+J / Shift+K: move and pick both, as a shift-click would.
  if (e.shiftKey && (e.key === 'J' || e.key === 'K')) {
    e.preventDefault();
    if (state.selectedId !== null) state.picked.add(state.selectedId);
    return moveSelection(e.key === 'J' ? 1 : -1).then(() => {
      if (state.selectedId !== null) state.picked.add(state.selectedId);
      scheduleRender();
    });
  }
  const run = SHORTCUTS[e.key.length === 1 ? e.key.toLowerCase() : e.key] ?? (e.key === '?' ? SHORTCUTS['?'] : null);
  if (!run) return;
  e.preventDefault();
  run();
}

// ---------------------------------------------------------------- login / start

// Made in wire(), once the page's elements are there.
let staffLogin = null;
const showLogin = (message) => staffLogin.show(message);

async function logout() {
  live.stop({ forget: true }); // the next user starts from a snapshot of their own
  await api('POST', '/api/logout');
  state.questions.clear();
  queue.fromSnapshot({ questions: [], next_after: null });
  callerDesk.reset();
  pollDesk.reset();
  clusterDesk.reset();
  state.picked.clear();
  state.selectedId = null;
  showLogin();
}

async function start(me) {
  // An agency's work is its own page; the live queue is not theirs to see.
  if (me.role === 'agency') return location.replace('/agency');
  state.me = me;
  $('login-view').hidden = true;
  $('app').hidden = false;
  $('who').textContent = `${me.user} · ${ROLE_LABEL[me.role] ?? me.role}`;
  document.body.classList.toggle('is-producer', canProduce());
  $('rundown-panel').hidden = !canProduce();
  $('layout').classList.toggle('with-rundown', canProduce());
  // The screener's work is the lines; everyone else starts at the question queue.
  state.view = me.role === 'screener' ? 'callers' : 'questions';
  const config = await api('GET', '/api/config/public');
  if (config.ok) state.config = { topics: config.data.topics ?? [], areas: config.data.areas ?? [], agencies: config.data.agencies ?? [] };
  $('topics-list').replaceChildren(...state.config.topics.map((t) => new Option(t)));
  $('agencies-list').replaceChildren(...state.config.agencies.map((a) => new Option(a)));
  if (state.config.agencies.length) agencyFieldAsChoice(state.config.agencies);
  $('areas-list').replaceChildren(...state.config.areas.map((a) => new Option(a)));
  live.start();
  clusterDesk.load();
  scheduleRender();
}

// With agencies configured, the server takes only those names (an agency account sees the
// questions that name it exactly): offer a list, not a free text field.
function agencyFieldAsChoice(agencies) {
  const input = $('d-agency');
  if (input.tagName === 'SELECT') return;
  const select = document.createElement('select');
  select.id = input.id;
  select.append(new Option('— chưa chọn —', ''), ...agencies.map((a) => new Option(a, a)));
  input.replaceWith(select);
}

function setAgencyField(agency) {
  const field = $('d-agency');
  // A name from before the list (or from a changed list) is kept visible rather than lost.
  if (field.tagName === 'SELECT' && agency && ![...field.options].some((o) => o.value === agency))
    field.append(new Option(`${agency} (không có trong danh sách)`, agency));
  field.value = agency;
}

// ---------------------------------------------------------------- wiring

function wire() {
  staffLogin = createStaffLogin({
    api,
    onShow: () => {
      live.stop();
      state.me = null;
    },
    onSignedIn: start,
  });
  $('logout').addEventListener('click', logout);
  $('help-button').addEventListener('click', () => $('dlg-help').showModal());
  $('open-show').addEventListener('click', openShowDialog);
  $('close-show').addEventListener('click', () =>
    confirmDialog(`Kết thúc chương trình “${state.show?.title ?? ''}”? Câu hỏi mới sẽ chờ chương trình sau.`, async () => {
      const r = await api('POST', '/api/shows/current/close');
      if (!r.ok) return notice(r.error.message, 'error');
      notice('Đã kết thúc chương trình.');
    }),
  );
  $('intake-toggle').addEventListener('click', toggleIntake);
  $('view-tabs').addEventListener('click', (e) => {
    const tab = e.target.closest('[data-view]');
    if (tab) showView(tab.dataset.view);
  });
  callerDesk.wire();
  pollDesk.wire();
  screening.wire();
  document.addEventListener('keydown', onKeyDown);

  $('state-filters').addEventListener('click', (e) => {
    const b = e.target.closest('.state-filter');
    if (!b) return;
    state.filters.state = b.dataset.state;
    filtersChanged();
  });
  // Esc leaves the search box, so the single-key shortcuts work again.
  $('f-text').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') e.target.blur();
  });
  $('f-text').addEventListener('input', (e) => {
    state.filters.text = e.target.value;
    filtersChanged({ typing: true });
  });
  for (const [id, key] of FILTER_SELECTS)
    $(id).addEventListener('change', (e) => {
      state.filters[key] = e.target.value;
      filtersChanged();
    });
  $('queue-new').addEventListener('click', () => queue.takeFresh());
  $('queue-more').addEventListener('click', () => queue.loadMore());
  // Near the end of what is read, the next page comes by itself.
  new IntersectionObserver((seen) => {
    if (seen.some((s) => s.isIntersecting)) queue.loadMore();
  }, { root: $('queue-scroll'), rootMargin: '600px' }).observe($('queue-more'));
  $('queue-list').addEventListener('click', (e) => {
    const card = e.target.closest('.q-card');
    if (!card) return;
    const id = Number(card.dataset.id);
    if (e.shiftKey || e.ctrlKey || e.metaKey) {
      e.preventDefault();
      return pick(id, { range: e.shiftKey });
    }
    if (state.picked.size) clearPicked();
    state.pickAnchor = id;
    select(id, { scroll: false });
  });
  // Shift-click would select the cards' text: the click picks them instead.
  $('queue-list').addEventListener('mousedown', (e) => {
    if (e.shiftKey) e.preventDefault();
  });
  $('bulk-approve').addEventListener('click', () => actOnPicked('approve'));
  $('bulk-reject').addEventListener('click', () =>
    confirmDialog(`Từ chối ${state.picked.size.toLocaleString('vi-VN')} câu đã chọn?`, () => actOnPicked('reject')),
  );
  $('bulk-merge').addEventListener('click', () => actOnPicked('merge'));
  $('bulk-clear').addEventListener('click', clearPicked);
  $('queue-cluster-clear').addEventListener('click', () => {
    state.filters.cluster = '';
    filtersChanged();
  });
  clusterDesk.wire();

  $('act-approve').addEventListener('click', approve);
  $('act-reject').addEventListener('click', rejectDialog);
  $('act-edit').addEventListener('click', editDialog);
  $('act-merge').addEventListener('click', () => mergeDialog());
  $('act-queue').addEventListener('click', queueForAir);
  $('d-similar-merge').addEventListener('click', () => mergeDialog(selected()?.similar_to));

  $('d-fields').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = selected();
    if (!q) return;
    const topic = $('d-topic').value.trim();
    const agency = $('d-agency').value.trim();
    const body = { version: q.version };
    if (topic !== q.topic) body.topic = topic;
    if (agency !== q.agency) body.agency = agency;
    if (Object.keys(body).length === 1) return notice('Không có gì thay đổi.');
    $('d-fields').dataset.key = ''; // refill from the server's answer
    document.activeElement?.blur();
    act(q, `Đã lưu lĩnh vực / cơ quan cho câu #${q.id}.`, () => api('PATCH', `/api/questions/${q.id}`, body));
  });

  // Dialogs: [data-close] buttons cancel; submit handlers close only on success.
  for (const dialog of document.querySelectorAll('dialog'))
    dialog.addEventListener('click', (e) => {
      if (e.target.closest('[data-close]')) dialog.close();
    });
  $('reject-reasons').addEventListener('click', (e) => {
    const b = e.target.closest('[data-reason]');
    if (b) $('reject-reason').value = b.dataset.reason;
  });
  $('reject-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const q = questionFor('dlg-reject');
    $('dlg-reject').close();
    if (q) await act(q, `Đã từ chối câu hỏi #${q.id}.`, () => transition(q, 'rejected', { reason: $('reject-reason').value.trim() }));
  });
  $('edit-text').addEventListener('input', updateEditLength);
  $('edit-text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('edit-form').requestSubmit();
  });
  $('edit-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const q = questionFor('dlg-edit');
    $('dlg-edit').close();
    if (q) await act(q, `Đã sửa nội dung lên sóng của câu #${q.id}.`, () => api('PATCH', `/api/questions/${q.id}`, { version: q.version, on_air_text: $('edit-text').value.trim() }));
  });
  $('merge-into').addEventListener('input', updateMergeTarget);
  $('merge-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const q = questionFor('dlg-merge');
    const into = Number($('merge-into').value);
    $('dlg-merge').close();
    if (q) await act(q, `Đã gộp câu #${q.id} vào câu #${into}.`, () => api('POST', `/api/questions/${q.id}/merge`, { into, version: q.version }));
  });
  $('show-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const r = await api('POST', '/api/shows', { title: $('show-name').value.trim() });
    if (!r.ok) return notice(r.error.message, 'error');
    $('dlg-show').close();
    state.show = r.data;
    state.rundownVersion = r.data.rundown_version;
    notice(`Đã mở chương trình “${r.data.title}”.`);
    scheduleRender();
  });
  $('confirm-form').addEventListener('submit', (e) => {
    e.preventDefault();
    $('dlg-confirm').close();
    confirmAction?.();
    confirmAction = null;
  });

  wireRundownDragAndDrop();
}

wire();
const me = await api('GET', '/api/me');
if (me.ok) start(me.data);
else showLogin();
