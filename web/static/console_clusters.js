// Cụm câu hỏi on the console: the show's clusters of pending questions that ask the same
// thing, the most voters first (GET /api/clusters), each with its first question, its areas
// and channels, and what a moderator does with the whole of it: merge every pending one into
// the first ("N cử tri hỏi câu này" on air), reject them all, or open them in the queue.
// Voter text reaches the page through textContent only.
//
// ctx: { api, notice, el, $, me(), confirm(text, run), openInQueue(clusterId), changed() }
import { formatCount } from './console_polls.js';

const PAGE = 30;
const REFRESH_MS = 1500;
const CHANNEL_LABEL = { web: 'Web', sms: 'SMS', callin: 'Gọi điện', staff: 'Biên tập nhập' };
const mayModerate = (role) => ['moderator', 'producer', 'admin'].includes(role);

export function createClusterDesk(ctx) {
  const state = { clusters: [], total: null, shown: PAGE, loading: false, visible: false, busy: new Set() };
  let refreshTimer = null;
  let generation = 0;

  async function load() {
    const mine = ++generation;
    state.loading = true;
    const r = await ctx.api('GET', `/api/clusters?limit=${state.shown}`);
    if (mine !== generation) return;
    state.loading = false;
    if (!r.ok) return ctx.notice(r.error.message, 'error');
    state.clusters = r.data.clusters;
    state.total = r.data.total;
    ctx.changed();
  }

  // Questions move all the time during a show: while the view is open, read it again after
  // a quiet moment (at most every 1.5 s), not on every event.
  // Hidden, only the tab's count is kept: less often.
  function questionsChanged() {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      load();
    }, state.visible ? REFRESH_MS : REFRESH_MS * 4);
  }

  function show(visible) {
    state.visible = visible;
    if (visible) load();
  }

  async function act(c, path, body, doneText) {
    if (state.busy.has(c.id)) return;
    state.busy.add(c.id);
    ctx.changed();
    const r = await ctx.api('POST', path, body);
    state.busy.delete(c.id);
    if (r.ok) ctx.notice(doneText(r.data));
    else ctx.notice(r.error.message, 'error');
    await load();
  }

  function merge(c) {
    const into = c.representative;
    if (!into) return;
    ctx.confirm(`Gộp ${formatCount(c.pending - 1)} câu chờ duyệt vào câu #${into.id}? Câu #${into.id} sẽ mang “${formatCount(c.voters)} cử tri hỏi câu này”.`, () =>
      act(c, `/api/clusters/${c.id}/merge`, {}, (d) => `Đã gộp ${formatCount(d.changed)} câu vào câu #${into.id}.`),
    );
  }

  function reject(c) {
    ctx.confirm(`Từ chối cả ${formatCount(c.pending)} câu chờ duyệt của cụm này?`, () =>
      act(c, `/api/clusters/${c.id}/reject`, { reason: 'Trùng nội dung, đã gộp theo cụm' }, (d) => `Đã từ chối ${formatCount(d.changed)} câu.`),
    );
  }

  function card(c) {
    const { el } = ctx;
    const li = el('li', 'cluster-card');
    li.dataset.id = c.id;
    const q = c.representative;
    li.append(el('p', 'c-voters', `${formatCount(c.voters)} cử tri hỏi câu này · ${formatCount(c.pending)} câu chờ duyệt`));
    li.append(el('p', 'c-text', q ? q.on_air_text || q.text : '(câu đầu tiên đã bị từ chối)'));
    const meta = el('p', 'c-meta');
    if (q) meta.append(el('span', 'q-id', `#${q.id}`));
    for (const a of c.areas) meta.append(el('span', 'chip', `${a.area || 'không rõ địa bàn'} (${formatCount(a.n)})`));
    for (const [channel, n] of Object.entries(c.channels)) meta.append(el('span', 'chip', `${CHANNEL_LABEL[channel] ?? channel}: ${formatCount(n)}`));
    li.append(meta);
    const actions = el('div', 'c-actions');
    const busy = state.busy.has(c.id);
    const moderate = mayModerate(ctx.me()?.role);
    for (const [action, label, run] of [
      ['merge', `Gộp tất cả vào câu #${q?.id ?? ''}`, () => merge(c)],
      ['reject', 'Từ chối tất cả', () => reject(c)],
      ['open', 'Xem các câu trong hàng đợi', () => ctx.openInQueue(c.id)],
    ]) {
      const b = el('button', action === 'merge' ? 'primary' : '', label);
      b.type = 'button';
      b.dataset.action = action;
      b.disabled = busy || (action !== 'open' && (!moderate || (action === 'merge' && !q)));
      b.addEventListener('click', run);
      actions.append(b);
    }
    li.append(actions);
    return li;
  }

  function render() {
    const { $ } = ctx;
    $('tab-clusters-count').textContent = state.total === null ? '' : `(${formatCount(state.total)})`;
    if (!state.visible) return;
    $('clusters-count').textContent = state.total === null ? '' : `(${formatCount(state.total)})`;
    $('clusters-list').replaceChildren(...state.clusters.map(card));
    $('clusters-empty').hidden = state.clusters.length > 0 || state.loading;
    $('clusters-more').hidden = state.total === null || state.clusters.length >= state.total;
  }

  function wire() {
    ctx.$('clusters-more').addEventListener('click', () => {
      state.shown += PAGE;
      load();
    });
  }

  function reset() {
    state.clusters = [];
    state.total = null;
    state.shown = PAGE;
  }

  return { show, load, questionsChanged, render, wire, reset };
}
