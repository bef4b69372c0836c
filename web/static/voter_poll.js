// Bình chọn on the voter's page (phone first): the poll open now, one big button per
// option; after voting, "Bạn đã bình chọn: A" and the percentages so far. Polls the
// public API (GET /api/polls/current) every few seconds while the page is in view; no
// WebSocket for voters. Self-contained: include it with one line,
//
//   <script type="module" src="/voter_poll.js"></script>
//
// and it finds its card (#binh-chon, where the no-JavaScript vote lands) or makes one
// at the top of <main>, and links its own stylesheet. Poll text goes in through
// textContent only (the page's CSP allows no inline script or style attributes).
// The device cookie a vote needs comes with GET /api/polls/current (the page's first
// load); if it has expired meanwhile, a vote fetches a new one and tries once more.

import { el } from './dom.js';

const REFRESH_MS = 5000;
const CARD_ID = 'binh-chon';
const STYLESHEET = '/voter_poll.css';

// Whole percentages that add up to 100 (largest remainder), as on the programme.
function percentages(options) {
  const votes = options.map((o) => Math.max(0, Number(o.votes) || 0));
  const total = votes.reduce((sum, v) => sum + v, 0);
  if (total <= 0) return votes.map(() => 0);
  const percent = votes.map((v) => Math.floor((v * 100) / total));
  const order = votes.map((v, i) => [(v * 100) % total, i]).sort((a, b) => b[0] - a[0]);
  let given = percent.reduce((a, b) => a + b, 0);
  for (let k = 0; given < 100 && k < order.length; k++, given++) percent[order[k][1]] += 1;
  return percent;
}

const formatCount = (n) => Number(n ?? 0).toLocaleString('vi-VN');

function linkStylesheet() {
  if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => new URL(l.href, location.href).pathname === STYLESHEET)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = STYLESHEET;
  document.head.append(link);
}

// The card's parts, made once; render() only shows, hides and fills them.
function buildCard() {
  let card = document.getElementById(CARD_ID);
  if (!card) {
    card = document.createElement('section');
    card.id = CARD_ID;
    const main = document.querySelector('main') ?? document.body;
    main.prepend(card);
  }
  card.hidden = true;
  card.classList.add('vp-card');
  card.setAttribute('aria-labelledby', 'vp-title');
  const parts = {
    kicker: el('p', 'vp-kicker', 'Bình chọn trực tiếp'),
    title: el('h2', 'vp-title'),
    ended: el('p', 'vp-ended', 'Cuộc bình chọn đã kết thúc. Cảm ơn bạn đã tham gia!'),
    voted: el('p', 'vp-voted'),
    options: el('div', 'vp-options'),
    results: el('ol', 'vp-results'),
    total: el('p', 'vp-total'),
    message: el('p', 'vp-message'),
    change: el('button', 'vp-change', 'Đổi lựa chọn'),
  };
  parts.title.id = 'vp-title';
  parts.options.setAttribute('role', 'group');
  parts.options.setAttribute('aria-labelledby', 'vp-title');
  parts.voted.tabIndex = -1; // focus lands here after a vote (the buttons are gone)
  parts.message.setAttribute('role', 'status');
  parts.message.setAttribute('aria-live', 'polite');
  parts.change.type = 'button';
  card.replaceChildren(...Object.values(parts));
  return { card, ...parts };
}

const state = {
  poll: null, // the poll on the card (the open one, or the one that just ended)
  myVote: null, // this device's option code
  ended: false,
  changing: false, // a revote-"last" voter choosing again
  sending: false,
  waitUntil: 0, // after a 429: buttons rest until then
  message: null, // {text, kind}
  over: new Set(), // polls the server said have ended: a poll never opens again
};

let ui = null;
let timer = null;
let asked = 0; // answers to older requests than the last one applied are dropped
let applied = 0;

// ------------------------------------------------------------ server

const fetchCurrent = () =>
  fetch('/api/polls/current', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });

async function refresh() {
  clearTimeout(timer);
  const ticket = ++asked;
  try {
    const r = await fetchCurrent();
    if (r.ok && ticket > applied) {
      applied = ticket;
      const body = await r.json();
      apply(body.poll ?? null, body.my_vote ?? null);
    }
  } catch {
    // Offline for a moment: keep what is shown, try again at the next tick.
  } finally {
    schedule();
  }
}

function apply(poll, myVote) {
  const before = state.poll;
  if (poll && poll.state === 'open' && !state.over.has(poll.id)) {
    if (!before || before.id !== poll.id) {
      // A new poll: start afresh.
      Object.assign(state, { ended: false, changing: false, message: null });
    }
    const same = before?.id === poll.id;
    state.poll = poll;
    state.ended = false;
    // The server knows this device's vote; keep the one just made if it does not (cookies off).
    state.myVote = myVote ?? (same ? state.myVote : null);
  } else if (poll && poll.state === 'closed') {
    // Between polls the server offers the show's last one, with its final result.
    const same = before?.id === poll.id;
    if (!same) state.message = null;
    state.over.add(poll.id);
    state.poll = poll;
    state.ended = true;
    state.changing = false;
    state.myVote = myVote ?? (same ? state.myVote : null);
  } else if (before) {
    // The poll this page showed is no longer offered (the show closed): it has ended.
    state.ended = true;
    state.changing = false;
  }
  render();
}

function schedule() {
  clearTimeout(timer);
  if (!document.hidden) timer = setTimeout(refresh, REFRESH_MS);
}

async function vote(code) {
  const poll = state.poll;
  if (!poll || state.sending || Date.now() < state.waitUntil) return;
  state.sending = true;
  state.message = null;
  render();
  let response = null;
  let body = null;
  try {
    ({ response, body } = await sendVote(poll.id, code));
    // No device (a page left open past the cookie's lifetime): the poll's GET gives a new one.
    if (response.status === 403 && body?.error?.code === 'no_device') {
      await fetchCurrent();
      ({ response, body } = await sendVote(poll.id, code));
    }
  } catch {
    state.message = { kind: 'error', text: 'Không kết nối được. Vui lòng kiểm tra mạng rồi bấm lại.' };
  }
  state.sending = false;
  if (response) handleVoteAnswer(response, body, code, poll.id);
  applied = asked; // a refresh sent before this answer knows less than it: drop it
  render();
  if (response?.ok) ui.voted.focus();
  if (response && response.status !== 429) refresh(); // the counts, with this vote in them
}

async function sendVote(pollId, code) {
  const response = await fetch(`/api/polls/${pollId}/vote`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ option: code }),
  });
  return { response, body: await response.json().catch(() => null) };
}

function handleVoteAnswer(response, body, code, pollId) {
  const error = body?.error ?? {};
  if (response.ok) {
    state.myVote = body?.option ?? code;
    state.changing = false;
    state.message = body?.kept_earlier
      ? { kind: 'info', text: `Lượt bình chọn đầu tiên của bạn (${state.myVote}) được giữ nguyên: cuộc bình chọn này tính lần đầu.` }
      : null;
    return;
  }
  if (response.status === 409 || response.status === 404) {
    state.over.add(pollId);
    state.ended = true;
    state.changing = false;
    return;
  }
  if (response.status === 429) {
    const seconds = Math.min(30, Math.max(1, Number(response.headers.get('Retry-After')) || 3));
    state.waitUntil = Date.now() + seconds * 1000;
    setTimeout(render, seconds * 1000 + 50);
    state.message = {
      kind: 'wait',
      text: `Hệ thống đang nhận rất nhiều lượt bình chọn. Xin bạn chờ ${seconds} giây rồi bấm lại — lượt của bạn chưa được ghi nhận.`,
    };
    return;
  }
  if (response.status === 403 && error.code === 'no_device') {
    // Still none after asking for one: this browser does not keep the cookie.
    state.message = {
      kind: 'error',
      text: 'Bình chọn chưa được ghi nhận vì trình duyệt chưa lưu cookie của trang. Vui lòng cho phép cookie rồi tải lại trang.',
    };
    return;
  }
  if (response.status === 400 && error.code === 'unknown_option') {
    state.message = { kind: 'error', text: 'Lựa chọn này không còn trong cuộc bình chọn. Trang đã tải lại các lựa chọn, mời bạn chọn lại.' };
    return;
  }
  state.message = { kind: 'error', text: `Chưa ghi nhận được bình chọn (mã lỗi ${response.status}). Vui lòng bấm lại.` };
}

// ------------------------------------------------------------ drawing

function render() {
  const { poll } = state;
  ui.card.hidden = !poll;
  if (!poll) return;
  const voted = !!state.myVote;
  const choosing = !state.ended && (!voted || state.changing);
  ui.card.dataset.state = state.ended ? 'ended' : choosing ? 'choosing' : 'voted';
  const final = state.ended && poll.state === 'closed' && Array.isArray(poll.options) && poll.total !== undefined;
  ui.kicker.textContent = final ? 'Kết quả bình chọn' : state.ended ? 'Bình chọn' : 'Bình chọn trực tiếp';
  ui.title.textContent = poll.title;
  ui.ended.hidden = !state.ended;

  const mine = poll.options.find((o) => o.code === state.myVote);
  ui.voted.hidden = !voted || choosing;
  ui.voted.replaceChildren(
    el('span', 'vp-voted-lead', 'Bạn đã bình chọn: '),
    el('strong', 'vp-voted-code', state.myVote ?? ''),
    ...(mine ? [el('span', 'vp-voted-label', ` — ${mine.label}`)] : []),
  );

  ui.options.hidden = !choosing;
  if (choosing) renderOptions(poll);

  // Percentages once this device has voted (not before: no bandwagon), and for everyone once it is over.
  const showResults = final || (voted && !choosing && !state.ended);
  ui.results.hidden = !showResults;
  ui.total.hidden = !showResults;
  if (showResults) renderResults(poll);

  ui.change.hidden = !(voted && !choosing && !state.ended && poll.revote === 'last');
  ui.message.hidden = !state.message;
  ui.message.textContent = state.message?.text ?? '';
  ui.message.dataset.kind = state.message?.kind ?? '';
}

function renderOptions(poll) {
  const resting = state.sending || Date.now() < state.waitUntil;
  const key = JSON.stringify(poll.options.map((o) => [o.code, o.label]));
  if (ui.options.dataset.key !== key) {
    ui.options.dataset.key = key;
    ui.options.replaceChildren(
      ...poll.options.map((o) => {
        const b = el('button', 'vp-option');
        b.type = 'button';
        b.dataset.code = o.code;
        b.append(el('span', 'vp-code', o.code), el('span', 'vp-sep', ' — '), el('span', 'vp-label', o.label));
        return b;
      }),
    );
  }
  for (const b of ui.options.children) {
    b.disabled = resting;
    b.classList.toggle('mine', b.dataset.code === state.myVote);
  }
  ui.options.setAttribute('aria-busy', String(state.sending));
}

function renderResults(poll) {
  const percent = percentages(poll.options);
  ui.results.replaceChildren(
    ...poll.options.map((o, i) => {
      const li = el('li', 'vp-row');
      li.dataset.code = o.code;
      li.classList.toggle('mine', o.code === state.myVote);
      const head = el('div', 'vp-row-head');
      head.append(el('span', 'vp-code', o.code), el('span', 'vp-label', o.label), el('span', 'vp-pct', `${percent[i]}%`));
      const bar = el('div', 'vp-bar');
      const fill = el('span', 'vp-fill');
      fill.style.width = `${percent[i]}%`; // CSSOM: allowed by style-src 'self'
      bar.append(fill);
      li.append(head, bar);
      return li;
    }),
  );
  ui.total.textContent = poll.state === 'closed'
    ? `Kết quả cuối cùng · ${formatCount(poll.total)} lượt bình chọn`
    : `Tổng: ${formatCount(poll.total)} lượt bình chọn · cập nhật vài giây một lần`;
}

// ------------------------------------------------------------ start

function start() {
  linkStylesheet();
  ui = buildCard();
  ui.options.addEventListener('click', (e) => {
    const b = e.target.closest('.vp-option');
    if (b && !b.disabled) vote(b.dataset.code);
  });
  ui.change.addEventListener('click', () => {
    state.changing = true;
    state.message = null;
    render();
    ui.options.querySelector('.vp-option')?.focus();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) clearTimeout(timer);
    else refresh(); // back in view: what is on now, at once
  });
  refresh();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
