// Trả lời cử tri (the agencies' page). Plain ES module, no framework: the server
// sends a strict CSP, so every voter string goes into the page through
// textContent (never innerHTML) and there is no inline script or style.
//
// An agency account sees its own agency's forwarded questions (most urgent first),
// writes each answer and sends it; the producer and admin see every agency's.
// Agencies have no live stream (/ws is for the studio): the list reloads every
// minute and after each answer, and drafts survive the reloads.

import { createApi } from './api.js';
import { createNotices, el } from './dom.js';
import { SESSION_EXPIRED, createStaffLogin } from './staff_login.js';

const MAX_ANSWER_CHARS = 5000;
const PAGE_SIZE = 50;
const REFRESH_MS = 60000;
const ROLE_LABEL = { agency: 'cơ quan', producer: 'sản xuất', admin: 'quản trị' };
const ALLOWED_ROLES = Object.keys(ROLE_LABEL);

const state = {
  me: null, // {user, role, agency}
  tab: 'forwarded', // or 'answered'
  page: 1,
  overdueOnly: false,
  agencyFilter: '', // producer/admin: one agency or all
  questions: [],
  counts: { forwarded: null, answered: null },
};
const drafts = new Map(); // question id -> answer being written
const busy = new Set(); // question ids with an answer in flight
let refreshTimer = null;

const $ = (id) => document.getElementById(id);

// Characters as the server counts them (code points, after NFC).
const charCount = (text) => [...text.normalize('NFC')].length;

// Times in the province's clock: "14:05 ngày 03/12/2026".
const vietnamParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hourCycle: 'h23',
});
function vietnamMoment(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = Object.fromEntries(vietnamParts.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}`;
}
// "2026-12-15" -> "15/12/2026"
const localDate = (ymd) => (ymd ? ymd.split('-').reverse().join('/') : '');

// ---------------------------------------------------------------- HTTP

// Every call resolves (never throws) to {ok, status, data, error}.
// A 401 mid-work means the session expired: ask for the password again.
const api = createApi({ onUnauthorized: () => state.me && showLogin(SESSION_EXPIRED) });
const notice = createNotices({ keep: 3, msFor: (kind) => (kind === 'ok' ? 5000 : 12000) });

// ---------------------------------------------------------------- the list

function listQuery(tab, page, limit) {
  const params = new URLSearchParams({ state: tab, page: String(page), limit: String(limit) });
  if (state.overdueOnly && tab === 'forwarded') params.set('overdue', '1');
  if (state.agencyFilter) params.set('agency', state.agencyFilter);
  return `/api/agency/questions?${params}`;
}

async function load() {
  const [current, other] = await Promise.all([
    api('GET', listQuery(state.tab, state.page, PAGE_SIZE)),
    api('GET', listQuery(state.tab === 'forwarded' ? 'answered' : 'forwarded', 1, 1)),
  ]);
  if (!current.ok) {
    if (current.status !== 401) notice(current.error.message, 'error');
    return;
  }
  state.questions = current.data.questions;
  state.pages = current.data.pages;
  state.counts[state.tab] = current.data.total;
  if (other.ok) state.counts[state.tab === 'forwarded' ? 'answered' : 'forwarded'] = other.data.total;
  render();
}

function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    // Not while someone is typing an answer: the re-render would take their cursor away.
    if (state.me && !$('list').contains(document.activeElement)) await load();
    scheduleRefresh();
  }, REFRESH_MS);
}

function render() {
  for (const tab of ['forwarded', 'answered']) {
    const button = $(`tab-${tab}`);
    button.setAttribute('aria-selected', String(state.tab === tab));
    button.classList.toggle('active', state.tab === tab);
    $(`count-${tab}`).textContent = state.counts[tab] === null ? '' : `(${state.counts[tab]})`;
  }
  $('overdue-only').parentElement.hidden = state.tab !== 'forwarded';
  const items = state.questions.map((q) => (state.tab === 'forwarded' ? forwardedCard(q) : answeredCard(q)));
  $('list').replaceChildren(...items);
  const empty = $('list-empty');
  empty.hidden = items.length > 0;
  empty.textContent =
    state.tab === 'answered'
      ? 'Chưa có câu hỏi nào được trả lời.'
      : state.overdueOnly
        ? 'Không có câu hỏi nào quá hạn.'
        : 'Không có câu hỏi nào đang chờ trả lời. Cảm ơn quý cơ quan!';
  $('pager').hidden = (state.pages ?? 1) <= 1;
  $('page-number').textContent = `Trang ${state.page}/${Math.max(state.pages ?? 1, 1)}`;
  $('prev-page').disabled = state.page <= 1;
  $('next-page').disabled = state.page >= (state.pages ?? 1);
}

// What the voter asked: the text edited for air when there is one.
const questionText = (q) => q.on_air_text || q.text;

function cardHead(q) {
  const head = el('header', 'card-head');
  head.append(el('span', 'ticket', `Mã ${q.ticket}`));
  if (state.me.role !== 'agency' && q.agency) head.append(el('span', 'card-agency', q.agency));
  return head;
}

function cardMeta(q) {
  const meta = el('p', 'meta');
  const parts = [
    ['Lĩnh vực', q.topic],
    ['Địa bàn', q.area],
    ['Gửi lúc', vietnamMoment(q.created_at)],
  ].filter(([, v]) => v);
  for (const [label, value] of parts) {
    const item = el('span', 'meta-item');
    item.append(el('span', 'meta-label', `${label}: `), el('span', 'meta-value', value));
    meta.append(item);
  }
  return meta;
}

function forwardedCard(q) {
  const card = el('li', `card${q.overdue ? ' overdue' : ''}`);
  card.dataset.id = q.id;
  const head = cardHead(q);
  if (q.due_date) head.append(el('span', 'due', `Hạn trả lời: ${localDate(q.due_date)}`));
  if (q.overdue) head.append(el('span', 'badge overdue-badge', 'Quá hạn'));
  card.append(head, cardMeta(q), el('blockquote', 'question', questionText(q)));

  const form = el('form', 'answer-form');
  const id = `answer-${q.id}`;
  const label = el('label', '', 'Nội dung trả lời');
  label.htmlFor = id;
  const area = el('textarea');
  area.id = id;
  area.rows = 6;
  area.value = drafts.get(q.id) ?? '';
  const counter = el('p', 'counter');
  counter.setAttribute('aria-live', 'polite');
  const error = el('p', 'form-error');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  const send = el('button', 'primary', 'Gửi trả lời');
  send.type = 'submit';
  const update = () => {
    drafts.set(q.id, area.value);
    const used = charCount(area.value.trim());
    counter.textContent = `${used}/${MAX_ANSWER_CHARS} ký tự`;
    counter.classList.toggle('over', used > MAX_ANSWER_CHARS);
    send.disabled = used === 0 || used > MAX_ANSWER_CHARS || busy.has(q.id);
  };
  area.addEventListener('input', update);
  update();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    sendAnswer(q, area.value.trim(), error, send);
  });
  form.append(label, area, counter, error, send);
  card.append(form);
  return card;
}

function answeredCard(q) {
  const card = el('li', 'card answered');
  card.dataset.id = q.id;
  const head = cardHead(q);
  head.append(el('span', 'badge answered-badge', 'Đã trả lời'));
  card.append(head, cardMeta(q), el('blockquote', 'question', questionText(q)));
  const when = q.answered_on_air_at
    ? `Đã trả lời trực tiếp trên sóng lúc ${vietnamMoment(q.answered_on_air_at)}`
    : `Trả lời lúc ${vietnamMoment(q.answered_at)}${q.answered_by ? ` (${q.answered_by})` : ''}`;
  card.append(el('p', 'answered-when', when));
  if (q.answer) card.append(el('div', 'answer-text', q.answer));
  return card;
}

async function sendAnswer(q, text, error, button) {
  if (busy.has(q.id)) return;
  busy.add(q.id);
  button.disabled = true;
  error.hidden = true;
  const r = await api('POST', `/api/questions/${q.id}/answer`, { version: q.version, text });
  busy.delete(q.id);
  if (r.ok) {
    drafts.delete(q.id);
    notice(`Đã gửi trả lời cho câu hỏi ${q.ticket}. Cử tri xem được ngay trên trang theo dõi.`);
    await load();
    return;
  }
  button.disabled = false;
  error.hidden = false;
  if (r.status === 409) {
    const who = r.error.changed_by ? ` bởi ${r.error.changed_by}` : '';
    error.textContent = `Câu hỏi vừa được cập nhật${who}. Danh sách đã được tải lại; nội dung bạn viết vẫn còn.`;
    await load();
    return;
  }
  error.textContent = r.error.message;
}

// ---------------------------------------------------------------- login / start

// Made in wire(), once the page's elements are there.
let staffLogin = null;
const showLogin = (message) => staffLogin.show(message);

async function logout() {
  await api('POST', '/api/logout');
  drafts.clear();
  state.questions = [];
  showLogin();
}

async function start(me) {
  if (!ALLOWED_ROLES.includes(me.role)) {
    showLogin(`Tài khoản "${me.user}" không dùng trang này. Biên tập viên dùng trang /console.`);
    return;
  }
  state.me = me;
  $('login-view').hidden = true;
  $('app').hidden = false;
  $('who').textContent = `${me.user} · ${ROLE_LABEL[me.role]}`;
  $('agency-name').textContent = me.agency ?? '';
  $('agency-name').hidden = !me.agency;
  const studio = me.role !== 'agency';
  $('agency-filter-label').hidden = !studio;
  if (studio) {
    const config = await api('GET', '/api/config/public');
    const agencies = config.ok ? (config.data.agencies ?? []) : [];
    $('agency-filter').replaceChildren(new Option('Tất cả cơ quan', ''), ...agencies.map((a) => new Option(a, a)));
  }
  await load();
  scheduleRefresh();
}

function wire() {
  staffLogin = createStaffLogin({
    api,
    onShow: () => {
      clearTimeout(refreshTimer);
      state.me = null;
    },
    onSignedIn: start,
  });
  $('logout').addEventListener('click', logout);
  $('reload').addEventListener('click', load);
  for (const tab of ['forwarded', 'answered'])
    $(`tab-${tab}`).addEventListener('click', () => {
      state.tab = tab;
      state.page = 1;
      load();
    });
  $('overdue-only').addEventListener('change', (e) => {
    state.overdueOnly = e.target.checked;
    state.page = 1;
    load();
  });
  $('agency-filter').addEventListener('change', (e) => {
    state.agencyFilter = e.target.value;
    state.page = 1;
    load();
  });
  $('prev-page').addEventListener('click', () => {
    state.page = Math.max(1, state.page - 1);
    load();
  });
  $('next-page').addEventListener('click', () => {
    state.page += 1;
    load();
  });
}

wire();
const me = await api('GET', '/api/me');
if (me.ok) start(me.data);
else showLogin();
