// The poll on the control room: the open poll's live results (or the last one's,
// once closed), and the three things the operator does with them on the programme:
// HIỆN BÌNH CHỌN (the bars follow the votes), KẾT QUẢ CUỐI (frozen as the final
// result) and ẨN. The buttons go through PUT /api/polls/{id}/on_air, so the server
// keeps the bars in step with the counts; what is on air is read from the scene, as
// for every other layer (control.js), never assumed.
//
// The counts come from the poll.* events and the poll.tally frames on /ws (not
// events: no seq, never replayed), and from GET /api/polls after every (re)connect.

import { formatCount, percentages } from './console_polls.js';

// ctx: { api(method, path, body) (throws ApiError), say(text, kind), explain(error), el, text,
//        canControl(), scene(), busy (Set of layers), applySceneAnswer(answer), render(), clearLayer(),
//        reloadScene() }
export function createPollPanel(ctx) {
  const { el, text } = ctx;
  const polls = new Map(); // id -> poll (the open show's)
  const $ = (id) => document.getElementById(id);
  let drawnKey = '';

  // ------------------------------------------------------------ store

  // Newer versions win; counts never go back (see console_polls.js).
  function upsert(p) {
    if (!p || typeof p.id !== 'number') return;
    const old = polls.get(p.id);
    if (old && old.version > p.version) return;
    const poll = { ...p, options: (p.options ?? []).map((o) => ({ ...o })) };
    if (old && old.total > poll.total && old.options.length === poll.options.length) {
      poll.options.forEach((o, i) => (o.votes = old.options[i].votes));
      poll.total = old.total;
    }
    polls.set(p.id, poll);
  }

  function applySnapshot(list) {
    if (!Array.isArray(list)) return;
    polls.clear();
    list.forEach(upsert);
  }

  function applyEvent(event) {
    upsert(event.poll);
    ctx.render();
    // Closing the poll on air turns the layer to the final result on the server's next
    // results tick, which sends no program.scene event: read the scene again to show it.
    const layer = ctx.scene()?.poll;
    if (event.change === 'closed' && layer?.visible && !layer.final && layer.title === event.poll?.title)
      for (const ms of [400, 1200, 3000]) setTimeout(() => ctx.scene()?.poll.final || ctx.reloadScene(), ms);
  }

  function applyTally(frame) {
    const p = polls.get(frame.poll_id);
    if (!p || typeof frame.total !== 'number' || frame.total < p.total) return;
    for (const o of p.options) if (typeof frame.counts?.[o.code] === 'number') o.votes = frame.counts[o.code];
    p.total = frame.total;
    renderResults(); // the bars only: 4 times a second must not redraw the room
  }

  async function load() {
    const { polls: list } = await ctx.api('GET', '/api/polls');
    const fresh = new Map();
    for (const p of list ?? []) fresh.set(p.id, p);
    for (const id of polls.keys()) if (!fresh.has(id)) polls.delete(id);
    for (const p of fresh.values()) upsert(p);
    ctx.render();
  }

  let loadTimer = null;
  // After a (re)connect or a new show: once per burst.
  function reload() {
    clearTimeout(loadTimer);
    loadTimer = setTimeout(() => load().catch((e) => ctx.say(`Bình chọn: ${ctx.explain(e)}`, 'error')), 150);
  }

  // The poll this panel is about: the open one, else the one closed last.
  function current() {
    const all = [...polls.values()];
    const open = all.find((p) => p.state === 'open');
    if (open) return open;
    const closed = all.filter((p) => p.state === 'closed');
    closed.sort((a, b) => String(b.closed_at).localeCompare(String(a.closed_at)) || b.id - a.id);
    return closed[0] ?? null;
  }

  // What PREVIEW draws: the poll's results as they stand.
  function takePatch() {
    const p = current();
    if (!p) return 'Chưa có cuộc bình chọn nào được mở / no poll yet';
    return {
      visible: true,
      title: p.title,
      final: p.state === 'closed',
      options: p.options.map(({ code, label, votes }) => ({ code, label, votes })),
    };
  }

  // ------------------------------------------------------------ actions

  async function onAir(body, done) {
    const p = current() ?? [...polls.values()][0];
    if (!ctx.canControl() || ctx.busy.has('poll')) return;
    if (!p) {
      if (body.visible) return ctx.say(takePatch(), 'error');
      return ctx.clearLayer(); // on air from elsewhere, no poll known here: take the layer off
    }
    ctx.busy.add('poll');
    ctx.render();
    try {
      ctx.applySceneAnswer(await ctx.api('PUT', `/api/polls/${p.id}/on_air`, body));
      ctx.say(done(p));
    } catch (error) {
      ctx.say(`Bình chọn: ${ctx.explain(error)}`, 'error');
    } finally {
      ctx.busy.delete('poll');
      ctx.render();
    }
  }

  const show = () => onAir({ visible: true }, (p) => `Bình chọn “${p.title}”: đã lên sóng (số liệu trực tiếp)`);
  const showFinal = () => onAir({ visible: true, final: true }, (p) => `Bình chọn “${p.title}”: kết quả cuối cùng trên sóng`);
  const hide = () => onAir({ visible: false }, () => 'Bình chọn: đã ẩn khỏi hình');
  const toggle = () => (ctx.scene()?.poll.visible ? hide() : show());

  // ------------------------------------------------------------ drawing

  function render() {
    const scene = ctx.scene();
    if (!scene) return;
    const layer = scene.poll;
    const p = current();
    const mode = $('poll-mode');
    text(mode, layer.visible ? (layer.final ? 'KẾT QUẢ CUỐI CÙNG' : 'ĐANG BÌNH CHỌN') : '');
    mode.hidden = !layer.visible;
    mode.dataset.final = String(!!layer.final);

    $('poll-empty').hidden = !!p;
    $('poll-current').hidden = !p;
    if (p) {
      const badge = $('poll-state');
      badge.dataset.state = p.state;
      text(badge, { open: 'ĐANG MỞ', closed: 'ĐÃ ĐÓNG', draft: 'NHÁP' }[p.state] ?? p.state);
      text($('poll-title'), p.title);
    }
    // Another poll's results on air (or one this room has not loaded): say which.
    const other = layer.visible && (!p || layer.title !== p.title);
    $('poll-air-note').hidden = !other;
    if (other) text($('poll-air-note'), `Trên sóng đang là: “${layer.title}”`);
    renderResults();

    const busy = ctx.busy.has('poll');
    const can = ctx.canControl() && !busy;
    const buttons = { show: $('poll-show'), final: $('poll-final'), hide: $('poll-hide') };
    buttons.show.disabled = !can || !p;
    buttons.final.disabled = !can || !p;
    buttons.hide.disabled = !can || !layer.visible;
    buttons.show.setAttribute('aria-pressed', String(layer.visible && !layer.final));
    buttons.final.setAttribute('aria-pressed', String(layer.visible && !!layer.final));
    buttons.final.title =
      p?.state === 'open' ? 'Bình chọn vẫn đang mở: số liệu vẫn có thể thay đổi / the poll is still open' : '';
  }

  // Rows rebuilt when the options change, numbers and bars moved in place otherwise.
  function renderResults() {
    const p = current();
    const list = $('poll-results');
    if (!p) {
      list.replaceChildren();
      text($('poll-total'), '');
      drawnKey = '';
      return;
    }
    const key = `${p.id}|${p.options.map((o) => `${o.code}\u0000${o.label}`).join('\u0001')}`;
    if (key !== drawnKey) {
      drawnKey = key;
      list.replaceChildren(
        ...p.options.map((o) => {
          const li = el('li', 'poll-row');
          li.dataset.code = o.code;
          const bar = el('span', 'poll-bar');
          bar.append(el('span', 'poll-fill'));
          li.append(el('span', 'poll-code', o.code), el('span', 'poll-label', o.label), bar, el('span', 'poll-pct'), el('span', 'poll-votes'));
          return li;
        }),
      );
    }
    const percent = percentages(p.options);
    const best = Math.max(...p.options.map((o) => o.votes));
    [...list.children].forEach((li, i) => {
      const o = p.options[i];
      text(li.querySelector('.poll-pct'), `${percent[i]}%`);
      text(li.querySelector('.poll-votes'), formatCount(o.votes));
      li.querySelector('.poll-fill').style.width = `${percent[i]}%`;
      li.classList.toggle('leading', p.total > 0 && o.votes === best);
    });
    const total = $('poll-total');
    text(total, `Tổng: ${formatCount(p.total)} lượt bình chọn`);
    total.dataset.total = p.total;
  }

  function wire() {
    $('poll-show').addEventListener('click', show);
    $('poll-final').addEventListener('click', showFinal);
    $('poll-hide').addEventListener('click', hide);
  }

  return { wire, load, reload, applySnapshot, applyEvent, applyTally, takePatch, render, show, showFinal, hide, toggle };
}
