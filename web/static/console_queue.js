// The console's window on the moderated queue. The show lives on the server (GET /api/queue):
// the console holds the pages it has read of the current filters, newest or oldest first,
// and the exact counts the server gives for them. Live events keep what is held up to date;
// a new question that would land above the moderator's place is not pushed in under them but
// counted for the "N câu hỏi mới" pill, which pulls them in when asked.
//
// ctx: {
//   api, cache: Map id -> question (shared with the rest of the console), upsert(q),
//   filters() -> {state, topic, area, channel, agency, flag, cluster, text, order},
//   show() -> the open show or null, following() -> whether new questions may go straight
//   in (the list is at its top and nothing is selected), changed() (schedule a render)
// }
import { fold } from './fold.js';

export const PAGE_SIZE = 50;
// New questions kept for the pill; past this the pill reloads the first page instead.
const FRESH_KEPT = 200;
const COUNTS_EVERY_MS = 700;

export function createQueueWindow(ctx) {
  const win = {
    ids: [], // in the window's order
    held: new Set(), // the same ids
    nextAfter: null, // cursor of the next page; null at the end
    counts: null, // {total, by_state}: every filter but the state
    showCounts: null, // the whole show's
    fresh: [], // new matching questions above the top, newest first (at most FRESH_KEPT)
    freshCount: 0,
    query: { ...ctx.filters() }, // the filters the window was read for
    loading: false,
    loadingMore: false,
    error: null,
  };
  let generation = 0; // a reply to an older query is dropped
  let arrivedWhileLoading = []; // questions from events while the first page was on its way

  // By cluster size the server ranks; with a search typed, the newest come first instead.
  const largest = () => win.query.order === 'largest' && !win.query.text?.trim();
  const newest = () => win.query.order !== 'oldest' && !largest();

  // The window's own filters: while a new view is on its way, the one on screen keeps
  // paging, matching and counting as what it is.
  function queryString({ after, withState = true } = {}) {
    const f = win.query;
    const p = new URLSearchParams();
    const show = ctx.show();
    p.set('show', show ? String(show.id) : 'waiting');
    if (withState && f.state) p.set('state', f.state);
    for (const key of ['topic', 'area', 'channel', 'agency', 'flag', 'cluster']) if (f[key]) p.set(key, f[key]);
    if (f.text?.trim()) p.set('q', f.text.trim());
    p.set('order', largest() ? 'largest' : newest() ? 'newest' : 'oldest');
    if (after) p.set('after', String(after));
    p.set('limit', String(PAGE_SIZE));
    return p.toString();
  }

  // Whether a question belongs to the current filters, as far as the page can tell: the
  // search is the server's, approximated here by word starts of the folded text.
  function matches(q) {
    const f = win.query;
    const show = ctx.show();
    if (show ? q.show_id !== show.id : q.show_id !== null) return false;
    if (f.state && q.state !== f.state) return false;
    if (f.topic && q.topic !== f.topic) return false;
    if (f.area && !String(q.area ?? '').includes(f.area)) return false;
    if (f.channel && q.channel !== f.channel) return false;
    if (f.agency && q.agency !== f.agency) return false;
    if (f.flag && !q.flags?.[f.flag]) return false;
    if (f.cluster && q.cluster_id !== Number(f.cluster)) return false;
    const wanted = fold(f.text ?? '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!wanted.length) return true;
    // The server's index: the folded words, and the digits inside them ("dt743" and "743").
    const folded = fold(q.text);
    const words = [...folded.split(/[^\p{L}\p{N}]+/u), ...(folded.match(/\d+/g) ?? [])];
    return wanted.every((w) => words.some((word) => word.startsWith(w)));
  }

  function take(page) {
    for (const q of [...page.questions, ...(page.related ?? [])]) ctx.upsert(q);
    for (const q of page.questions) {
      if (win.held.has(q.id)) continue;
      win.held.add(q.id);
      win.ids.push(q.id);
    }
    win.nextAfter = page.next_after ?? null;
    if (page.counts) win.counts = page.counts;
    if (page.show_counts) win.showCounts = page.show_counts;
  }

  function reset() {
    win.ids = [];
    win.held = new Set();
    win.nextAfter = null;
    win.fresh = [];
    win.freshCount = 0;
    win.error = null;
  }

  // The first page of the current filters; the window starts over.
  async function load() {
    const mine = ++generation;
    win.query = { ...ctx.filters() };
    win.loading = true;
    arrivedWhileLoading = [];
    ctx.changed();
    const r = await ctx.api('GET', `/api/queue?${queryString()}`);
    if (mine !== generation) return;
    win.loading = false;
    reset();
    if (!r.ok) {
      win.error = r.error?.message ?? `Lỗi ${r.status}`;
      ctx.changed();
      return;
    }
    take(r.data);
    // What changed while the page was read: the page may or may not have it.
    for (const q of arrivedWhileLoading.splice(0)) place(q);
    ctx.changed();
  }

  // The snapshot's window: the default filters' first page, ready without a request.
  function fromSnapshot(page) {
    ++generation;
    win.query = { ...ctx.filters() };
    win.loading = false;
    reset();
    take(page);
    ctx.changed();
  }

  // One next page at a time: a caller arriving while it is on its way (J held down, the list
  // scrolled to its end) waits for that one instead of being told there is nothing more.
  let moreOnItsWay = null;
  function loadMore() {
    if (moreOnItsWay) return moreOnItsWay;
    if (win.loading || win.nextAfter === null) return Promise.resolve(false);
    moreOnItsWay = readNextPage().finally(() => {
      moreOnItsWay = null;
    });
    return moreOnItsWay;
  }

  async function readNextPage() {
    const mine = generation;
    win.loadingMore = true;
    ctx.changed();
    const r = await ctx.api('GET', `/api/queue?${queryString({ after: win.nextAfter })}`);
    win.loadingMore = false;
    if (mine !== generation) return false;
    if (!r.ok) {
      win.error = r.error?.message ?? `Lỗi ${r.status}`;
      ctx.changed();
      return false;
    }
    take(r.data);
    ctx.changed();
    return true;
  }

  // Where a question that now matches goes: straight in at its place inside what is held,
  // to the pill when it would land above the top, nowhere when it is beyond the pages read.
  function place(q) {
    if (win.held.has(q.id) || !matches(q)) return;
    const first = win.ids[0];
    const last = win.ids.at(-1);
    const pastTheEnd = win.nextAfter === null;
    if (largest()) {
      // Where it ranks is the server's to say (its cluster's voters): the pill reloads.
      if (win.fresh.includes(q.id)) return;
      win.freshCount += 1;
      if (win.fresh.length < FRESH_KEPT) win.fresh.unshift(q.id);
      return;
    }
    if (newest()) {
      if (first === undefined || q.id > first) {
        if (win.freshCount === 0 && ctx.following()) return insertAt(0, q.id);
        if (win.fresh.includes(q.id)) return;
        win.freshCount += 1;
        if (win.fresh.length < FRESH_KEPT) win.fresh.unshift(q.id);
        return;
      }
      if (q.id > last || pastTheEnd) insertSorted(q.id, (a, b) => b - a);
    } else if (pastTheEnd || q.id < last) {
      insertSorted(q.id, (a, b) => a - b);
    }
  }

  function insertAt(i, id) {
    win.ids.splice(i, 0, id);
    win.held.add(id);
  }

  function insertSorted(id, order) {
    const i = win.ids.findIndex((other) => order(id, other) < 0);
    insertAt(i < 0 ? win.ids.length : i, id);
  }

  // A question from the live stream (created or changed): kept if the console shows it or
  // may show it; counts follow from the server.
  function applyEvent(q) {
    if (win.loading) arrivedWhileLoading.push(q);
    else place(q);
    refreshCountsSoon();
  }

  // The pill: the new questions in at the top (the place kept: the cards above it grow).
  function takeFresh() {
    if (win.freshCount === 0) return;
    if (largest() || win.freshCount > win.fresh.length) return load(); // ranked by the server, or too many kept: start over
    for (const id of [...win.fresh].reverse()) if (!win.held.has(id)) insertAt(0, id);
    win.fresh = [];
    win.freshCount = 0;
    ctx.changed();
  }

  let countsTimer = null;
  let countsInFlight = false;
  let countsWanted = false;
  function refreshCountsSoon() {
    countsWanted = true;
    if (countsTimer || countsInFlight) return;
    countsTimer = setTimeout(refreshCounts, COUNTS_EVERY_MS);
  }

  async function refreshCounts() {
    countsTimer = null;
    if (!countsWanted) return;
    countsWanted = false;
    countsInFlight = true;
    const mine = generation;
    const r = await ctx.api('GET', `/api/queue/counts?${queryString({ withState: false })}`);
    countsInFlight = false;
    if (r.ok && mine === generation) {
      win.counts = { total: r.data.total, by_state: r.data.by_state };
      win.showCounts = r.data.show;
      ctx.changed();
    }
    if (countsWanted) refreshCountsSoon();
  }

  // The questions of the window that still match, in order.
  function visible() {
    const out = [];
    for (const id of win.ids) {
      const q = ctx.cache.get(id);
      if (q && matches(q)) out.push(q);
    }
    return out;
  }

  return { state: win, load, loadMore, fromSnapshot, applyEvent, takeFresh, visible, matches, refreshCountsSoon };
}
