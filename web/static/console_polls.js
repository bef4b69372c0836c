// Bình chọn (viewers' polls) on the console: producers write a poll, edit the draft,
// open it and close it; everyone on the console watches the results come in. The
// same rules as the rest of the console: poll text only reaches the page through
// textContent, every change is sent with the version this screen saw, and the newer
// of the server's answer and its event wins.
//
// console.js owns the connection and the render loop; this module keeps the polls,
// draws the polls view and runs its actions (see createPollDesk). The live counts
// come as `poll.tally` frames (no seq: not events, never replayed), a few a second,
// with the web votes refused by reason: a flood of them is an attack on the poll.

import { createDeskAction } from './desk_action.js';

const STATE_LABEL = { draft: 'Nháp', open: 'Đang mở', closed: 'Đã đóng' };
const REVOTE_LABEL = { last: 'Tính lần bình chọn cuối', first: 'Tính lần đầu' };
const MIN_OPTIONS = 2;
const MAX_OPTIONS = 6;
const LIMITS = { title: 200, code: 3, label: 80 }; // core/poll.cpp
const CODE_RE = /^[A-Z0-9]{1,3}$/;
// Open first (the one on everyone's mind), then drafts ready to go, then the closed ones.
const STATE_RANK = { open: 0, draft: 1, closed: 2 };

const mayProduce = (role) => ['producer', 'admin'].includes(role);

// Whole percentages that add up to 100 (largest remainder, ties to the earlier
// option), exactly as the programme's renderer draws them; all 0 without votes.
export function percentages(options) {
  const votes = options.map((o) => Math.max(0, Number(o.votes) || 0));
  const total = votes.reduce((sum, v) => sum + v, 0);
  if (total <= 0) return votes.map(() => 0);
  const percent = votes.map((v) => Math.floor((v * 100) / total));
  const order = votes.map((v, i) => [(v * 100) % total, i]).sort((a, b) => b[0] - a[0]); // stable
  let given = percent.reduce((a, b) => a + b, 0);
  for (let k = 0; given < 100 && k < order.length; k++, given++) percent[order[k][1]] += 1;
  return percent;
}

// "3.900": thousands the Vietnamese way.
export const formatCount = (n) => Number(n ?? 0).toLocaleString('vi-VN');

// Web votes refused, by reason (GET /api/polls "refused"), in the order an attack shows.
const REFUSED_LABEL = [
  ['no_device', 'không có cookie thiết bị'],
  ['cross_origin', 'từ trang khác'],
  ['too_many_votes', 'quá giới hạn'],
  ['already_voted', 'đã bình chọn trước đó'],
  ['poll_not_open', 'khi bình chọn chưa mở hoặc đã đóng'],
  ['unknown_option', 'sai lựa chọn'],
];

// "Phiếu bị từ chối: 1.204 không có cookie thiết bị, 37 từ trang khác"; '' when none.
export function refusedText(refused) {
  const parts = REFUSED_LABEL.filter(([reason]) => Number(refused?.[reason]) > 0).map(
    ([reason, label]) => `${formatCount(refused[reason])} ${label}`,
  );
  return parts.length ? `Phiếu bị từ chối: ${parts.join(', ')}` : '';
}

// Refusals only grow: the larger count of each reason wins (an answer may be older than a tally).
function newerRefused(a, b) {
  if (!a || typeof a !== 'object') return b && typeof b === 'object' ? { ...b } : undefined;
  if (!b || typeof b !== 'object') return { ...a };
  const out = { ...a };
  for (const [reason, n] of Object.entries(b)) if (typeof n === 'number' && !(out[reason] >= n)) out[reason] = n;
  return out;
}

// What an SMS voter writes: "BC A". The short code itself is the station's (not configured here).
export const smsText = (code) => `BC ${code}`;

const chars = (s) => [...String(s ?? '')].length;

// Checks a poll as the server will, so the common slips get a Vietnamese message at
// the field instead of a round trip. Returns {field, index?, message} or null.
export function checkPoll({ title, options }) {
  if (!title) return { field: 'title', message: 'Nhập câu hỏi bình chọn.' };
  if (chars(title) > LIMITS.title) return { field: 'title', message: `Câu hỏi bình chọn dài quá ${LIMITS.title} ký tự.` };
  if (options.length < MIN_OPTIONS || options.length > MAX_OPTIONS)
    return { field: 'options', message: `Cần từ ${MIN_OPTIONS} đến ${MAX_OPTIONS} lựa chọn.` };
  const seen = new Set();
  for (const [index, o] of options.entries()) {
    const n = index + 1;
    if (!o.code) return { field: 'code', index, message: `Lựa chọn ${n}: nhập mã (vd: A).` };
    if (!CODE_RE.test(o.code))
      return { field: 'code', index, message: `Lựa chọn ${n}: mã “${o.code}” chỉ gồm 1–3 chữ cái không dấu hoặc số.` };
    if (seen.has(o.code)) return { field: 'code', index, message: `Mã “${o.code}” bị trùng: mỗi lựa chọn một mã riêng.` };
    seen.add(o.code);
    if (!o.label) return { field: 'label', index, message: `Lựa chọn ${n}: nhập nội dung.` };
    if (chars(o.label) > LIMITS.label) return { field: 'label', index, message: `Lựa chọn ${n}: dài quá ${LIMITS.label} ký tự.` };
  }
  return null;
}

// ctx: { api, notice, el, $, timeOf, me(), scheduleRender(), confirm(text, run) }
export function createPollDesk(ctx) {
  const { api, notice, el, $ } = ctx;
  const polls = new Map(); // id -> poll JSON
  const busy = new Set(); // poll ids with a request in flight
  const cardCache = new Map(); // id -> {key, node}
  let editing = null; // {id, version} of the draft in the form, or null for a new poll
  const role = () => ctx.me()?.role;

  // ------------------------------------------------------------ store

  // The newest version of each poll wins. Counts only grow (a vote is never taken
  // back; a changed vote moves, the total stays), so an answer or event carrying an
  // older count than a tally already shown keeps the newer count.
  function upsert(p) {
    if (!p || typeof p.id !== 'number') return false;
    const old = polls.get(p.id);
    if (old && old.version > p.version) return false;
    const poll = { ...p, options: (p.options ?? []).map((o) => ({ ...o })) };
    if (old && old.total > poll.total && sameCodes(old, poll)) {
      for (const [i, o] of poll.options.entries()) o.votes = old.options[i].votes;
      poll.total = old.total;
    }
    // Events carry no refusals (only GET /api/polls, the snapshot and the tallies do): keep them.
    poll.refused = newerRefused(old?.refused, p.refused);
    polls.set(p.id, poll);
    return true;
  }

  const sameCodes = (a, b) => a.options.length === b.options.length && a.options.every((o, i) => o.code === b.options[i].code);

  function applySnapshot(list) {
    polls.clear();
    if (Array.isArray(list)) list.forEach(upsert);
    else loadAll(); // an older server: no polls in its snapshot
  }

  function applyEvent(e) {
    if (upsert(e.poll)) ctx.scheduleRender();
  }

  // {"type":"poll.tally","poll_id","counts":{"A":n},"total","refused":{"no_device":n,…}}:
  // the live counts and refusals.
  function applyTally(frame) {
    const p = polls.get(frame.poll_id);
    if (!p) return;
    if (frame.refused) {
      p.refused = newerRefused(p.refused, frame.refused);
      ctx.scheduleRender();
    }
    if (typeof frame.total !== 'number' || frame.total < p.total) return;
    for (const o of p.options) if (typeof frame.counts?.[o.code] === 'number') o.votes = frame.counts[o.code];
    p.total = frame.total;
    ctx.scheduleRender();
  }

  async function loadAll() {
    const r = await api('GET', '/api/polls');
    if (!r.ok) return false;
    const fresh = new Map((r.data.polls ?? []).map((p) => [p.id, p]));
    for (const id of polls.keys()) if (!fresh.has(id)) polls.delete(id);
    for (const p of fresh.values()) upsert(p);
    ctx.scheduleRender();
    return true;
  }

  function reset() {
    polls.clear();
    cardCache.clear();
    busy.clear();
    editing = null;
  }

  const openPoll = () => [...polls.values()].find((p) => p.state === 'open') ?? null;

  function sorted() {
    return [...polls.values()].sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || b.id - a.id);
  }

  // ------------------------------------------------------------ drawing

  function render() {
    const producer = mayProduce(role());
    const open = openPoll();
    $('tab-polls-count').textContent = `(${polls.size})`;
    $('tab-polls-live').hidden = !open;
    $('poll-editor').hidden = !producer;
    $('polls-view').classList.toggle('no-editor', !producer);
    $('polls-readonly').hidden = producer;
    const edited = editing && polls.get(editing.id);
    if (editing && edited?.state !== 'draft') {
      // Opened (or gone) meanwhile: a draft no more, nothing left to edit.
      notice(edited ? `“${edited.title}” đã được ${edited.updated_by} mở: không sửa được nữa.` : 'Bản nháp đang sửa không còn nữa.', 'conflict');
      editing = null;
      fillForm(null);
    }
    renderEditorHead();
    const list = sorted();
    $('polls-count').textContent = `(${list.length})`;
    $('polls-empty').hidden = list.length > 0;
    $('polls-list').replaceChildren(...list.map((p) => cardFor(p, open)));
    for (const id of cardCache.keys()) if (!polls.has(id)) cardCache.delete(id);
  }

  // A card is rebuilt only when what it shows besides the counts changed (a button
  // rebuilt under the pointer would lose its click); the bars move in place.
  function cardFor(p, open) {
    const key = `${p.version}|${p.state}|${busy.has(p.id)}|${open?.id ?? ''}|${editing?.id === p.id}|${role()}`;
    let entry = cardCache.get(p.id);
    if (!entry || entry.key !== key) {
      entry = { key, node: buildCard(p, open) };
      cardCache.set(p.id, entry);
    }
    updateResults(entry.node, p);
    return entry.node;
  }

  function buildCard(p, open) {
    const li = el('li', 'p-card');
    li.dataset.id = p.id;
    li.dataset.state = p.state;
    li.classList.toggle('busy', busy.has(p.id));
    li.classList.toggle('editing', editing?.id === p.id);
    const head = el('div', 'p-head');
    const badge = el('span', `badge p-st p-st-${p.state}`, STATE_LABEL[p.state] ?? p.state);
    badge.dataset.state = p.state;
    head.append(badge, el('strong', 'p-title', p.title), el('span', 'p-time', whenText(p)));
    li.append(head);

    const rows = el('ol', 'p-results');
    for (const o of p.options) {
      const row = el('li', 'p-row');
      row.dataset.code = o.code;
      const bar = el('span', 'p-bar');
      bar.append(el('span', 'p-fill'));
      row.append(el('span', 'p-code', o.code), el('span', 'p-label', o.label), bar, el('span', 'p-pct'), el('span', 'p-votes'));
      rows.append(row);
    }
    const refused = el('p', 'p-refused');
    refused.hidden = true;
    li.append(rows, el('p', 'p-total'), refused);
    const sms = el('p', 'p-sms');
    sms.append(el('span', 'p-sms-lead', 'Nhắn tin: '), el('span', 'p-sms-text', `Soạn ${p.options.map((o) => smsText(o.code)).join(' / ')}`));
    li.append(sms);
    li.append(el('p', 'p-meta', `${REVOTE_LABEL[p.revote] ?? p.revote} · cập nhật bởi ${p.updated_by}`));

    const actions = buttonsFor(p, open);
    if (actions.childElementCount) li.append(actions);
    return li;
  }

  function whenText(p) {
    if (p.state === 'open') return `mở lúc ${ctx.timeOf(p.opened_at)}`;
    if (p.state === 'closed') return `${ctx.timeOf(p.opened_at)}–${ctx.timeOf(p.closed_at)}`;
    return `tạo lúc ${ctx.timeOf(p.created_at)}`;
  }

  // The counts, percentages and bars, changed in place (CSSOM width: allowed by the CSP).
  function updateResults(node, p) {
    const percent = percentages(p.options);
    const best = Math.max(...p.options.map((o) => o.votes));
    for (const [i, o] of p.options.entries()) {
      const row = node.querySelector(`.p-row[data-code="${CSS.escape(o.code)}"]`);
      if (!row) continue;
      row.querySelector('.p-pct').textContent = `${percent[i]}%`;
      row.querySelector('.p-votes').textContent = formatCount(o.votes);
      row.querySelector('.p-fill').style.width = `${percent[i]}%`;
      row.classList.toggle('leading', p.total > 0 && o.votes === best);
    }
    const total = node.querySelector('.p-total');
    total.textContent = p.state === 'draft' ? 'Chưa mở: chưa nhận bình chọn.' : `Tổng: ${formatCount(p.total)} lượt bình chọn`;
    total.dataset.total = p.total;
    const refused = node.querySelector('.p-refused');
    refused.textContent = refusedText(p.refused);
    refused.hidden = !refused.textContent;
  }

  function buttonsFor(p, open) {
    const box = el('div', 'p-actions');
    if (!mayProduce(role())) return box;
    if (p.state === 'draft') {
      box.append(actionButton('Sửa', '', 'edit', 'Sửa bản nháp / edit the draft'));
      const b = actionButton('Mở bình chọn', 'primary', 'open', 'Bắt đầu nhận bình chọn / open for votes');
      if (open) {
        b.disabled = true;
        b.title = `Đang mở “${open.title}”: đóng cuộc đó trước / another poll is open`;
      }
      box.append(b);
    }
    if (p.state === 'open') box.append(actionButton('Đóng bình chọn', 'danger', 'close', 'Kết thúc, không nhận thêm / close the poll'));
    if (busy.has(p.id)) for (const b of box.children) b.disabled = true;
    return box;
  }

  function actionButton(label, cls, action, title) {
    const b = el('button', cls, label);
    b.type = 'button';
    b.dataset.action = action;
    b.title = title;
    return b;
  }

  // ------------------------------------------------------------ actions

  const act = createDeskAction({ busy, upsert, notice, failed, scheduleRender: ctx.scheduleRender });

  // A 409 version_conflict: someone else changed the poll first. Reload, say so, and
  // let the producer look again; never retry over their change.
  async function failed(p, r) {
    const e = r.error ?? {};
    if (r.status === 409 && e.code === 'version_conflict') {
      await loadAll();
      const fresh = polls.get(p.id);
      const who = fresh?.updated_by || 'người khác';
      const now = STATE_LABEL[fresh?.state] ?? '';
      notice(`Bình chọn “${p.title}” vừa được ${who} thay đổi (hiện: ${now}). Đã tải lại — hãy xem lại rồi thao tác lại.`, 'conflict');
      return;
    }
    notice(e.message || `Lỗi ${r.status}`, 'error');
    if (r.status === 404 || r.status === 409 || r.status === 422) await loadAll();
  }

  function openIt(p) {
    return act(p, () => api('POST', `/api/polls/${p.id}/open`, { version: p.version }), `Đã mở bình chọn “${p.title}”.`);
  }

  function closeIt(p) {
    ctx.confirm(`Đóng bình chọn “${p.title}”? Người xem sẽ không bình chọn được nữa; kết quả được giữ nguyên.`, () => {
      const now = polls.get(p.id) ?? p;
      return act(now, () => api('POST', `/api/polls/${now.id}/close`, { version: now.version }), `Đã đóng bình chọn “${now.title}”.`);
    });
  }

  // ------------------------------------------------------------ the form

  const form = () => $('poll-form');
  const optionRows = () => [...$('pf-options').querySelectorAll('.pf-option')];

  function nextCode() {
    const used = new Set(optionRows().map((r) => r.querySelector('.pf-code').value.trim().toUpperCase()));
    for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') if (!used.has(c)) return c;
    return '';
  }

  function addOptionRow(code = nextCode(), label = '') {
    if (optionRows().length >= MAX_OPTIONS) return null;
    const li = el('li', 'pf-option');
    const codeInput = el('input', 'pf-code');
    codeInput.maxLength = LIMITS.code;
    codeInput.autocomplete = 'off';
    codeInput.spellcheck = false;
    codeInput.value = code;
    const labelInput = el('input', 'pf-label');
    labelInput.maxLength = LIMITS.label;
    labelInput.autocomplete = 'off';
    labelInput.value = label;
    const remove = el('button', 'pf-remove', '×');
    remove.type = 'button';
    li.append(codeInput, labelInput, remove);
    $('pf-options').append(li);
    renumber();
    return li;
  }

  // Labels for screen readers and the add/remove limits, after any change of rows.
  function renumber() {
    const rows = optionRows();
    rows.forEach((li, i) => {
      li.querySelector('.pf-code').setAttribute('aria-label', `Mã lựa chọn ${i + 1}`);
      li.querySelector('.pf-code').placeholder = 'Mã';
      li.querySelector('.pf-label').setAttribute('aria-label', `Nội dung lựa chọn ${i + 1}`);
      li.querySelector('.pf-label').placeholder = `Lựa chọn ${i + 1}, vd: Hài lòng`;
      const remove = li.querySelector('.pf-remove');
      remove.setAttribute('aria-label', `Bỏ lựa chọn ${i + 1}`);
      remove.title = 'Bỏ lựa chọn này';
      remove.disabled = rows.length <= MIN_OPTIONS;
    });
    $('pf-add-option').disabled = rows.length >= MAX_OPTIONS;
    $('pf-options-count').textContent = `(${rows.length}/${MAX_OPTIONS})`;
  }

  function fillForm(p) {
    const f = form();
    showFormError(null);
    f.elements.namedItem('title').value = p?.title ?? '';
    $('pf-options').replaceChildren();
    const options = p?.options ?? [{ code: 'A', label: '' }, { code: 'B', label: '' }];
    for (const o of options) addOptionRow(o.code, o.label);
    f.elements.namedItem('revote').value = p?.revote ?? '';
  }

  function renderEditorHead() {
    const p = editing && polls.get(editing.id);
    $('poll-editor-heading').textContent = p ? `Sửa bản nháp #${p.id}` : 'Tạo bình chọn mới';
    $('pf-submit').textContent = p ? 'Lưu bản nháp' : 'Tạo bình chọn (bản nháp)';
    $('pf-cancel').hidden = !p;
  }

  function valuesOf() {
    const f = form();
    return {
      title: f.elements.namedItem('title').value.trim(),
      options: optionRows().map((li) => ({
        code: li.querySelector('.pf-code').value.trim().toUpperCase(),
        label: li.querySelector('.pf-label').value.trim(),
      })),
      revote: f.elements.namedItem('revote').value,
    };
  }

  // Which input an error is about: from checkPoll, or the server's code ("label_too_long").
  function inputFor(error) {
    if (!error) return null;
    const rows = optionRows();
    if (error.field === 'title' || /^title_/.test(error.code ?? '')) return $('pf-title');
    if (error.field === 'code' || error.field === 'label') return rows[error.index]?.querySelector(`.pf-${error.field}`);
    if (error.field === 'options' || /option_count/.test(error.code ?? '')) return $('pf-add-option');
    if (/code/.test(error.code ?? '')) return rows.find((r) => error.message?.includes(`'${r.querySelector('.pf-code').value.trim()}'`))?.querySelector('.pf-code');
    if (/^label_/.test(error.code ?? '')) return rows[0]?.querySelector('.pf-label');
    return null;
  }

  function showFormError(error) {
    const f = form();
    const box = f.querySelector('.form-error');
    box.hidden = !error;
    box.textContent = error?.message ?? '';
    for (const input of f.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    const input = inputFor(error);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }

  function startEdit(p) {
    editing = { id: p.id, version: p.version };
    fillForm(p);
    renderEditorHead();
    ctx.scheduleRender();
    $('pf-title').focus();
  }

  function stopEdit() {
    editing = null;
    fillForm(null);
    renderEditorHead();
    ctx.scheduleRender();
  }

  async function submit(e) {
    e.preventDefault();
    const values = valuesOf();
    const problem = checkPoll(values);
    if (problem) return showFormError(problem);
    const body = { title: values.title, options: values.options.map(({ code, label }) => ({ code, label })) };
    if (values.revote) body.revote = values.revote;
    const button = $('pf-submit');
    button.disabled = true;
    const target = editing && polls.get(editing.id);
    const r = target
      ? await api('PATCH', `/api/polls/${target.id}`, { version: editing.version, ...body })
      : await api('POST', '/api/polls', body);
    button.disabled = false;
    if (r.ok) {
      upsert(r.data);
      notice(target ? `Đã lưu bản nháp “${r.data.title}”.` : `Đã tạo bình chọn “${r.data.title}” (bản nháp): bấm “Mở bình chọn” khi sẵn sàng.`);
      stopEdit();
      return;
    }
    if (target && r.status === 409 && r.error?.code === 'version_conflict') {
      // Someone saved this draft first: show theirs, so nothing of theirs is overwritten.
      await loadAll();
      const fresh = polls.get(target.id);
      if (fresh?.state === 'draft') {
        editing = { id: fresh.id, version: fresh.version };
        fillForm(fresh);
      } else {
        stopEdit();
      }
      const who = fresh?.updated_by || 'người khác';
      notice(`Bản nháp vừa được ${who} sửa trước. Đã tải lại bản mới nhất — hãy sửa lại rồi lưu.`, 'conflict');
      showFormError({ message: `Đã tải lại bản do ${who} vừa lưu (xung đột phiên bản). Sửa lại rồi bấm “Lưu bản nháp”.` });
      ctx.scheduleRender();
      return;
    }
    if (target && (r.status === 422 || r.status === 404)) {
      // Opened (or gone) meanwhile: a draft no more.
      notice(r.error.message, 'error');
      await loadAll();
      stopEdit();
      return;
    }
    showFormError(r.error);
  }

  // ------------------------------------------------------------ wiring

  function onListClick(e) {
    const b = e.target.closest('button[data-action]');
    const card = e.target.closest('.p-card');
    if (!b || !card || b.disabled) return;
    const p = polls.get(Number(card.dataset.id));
    if (!p || !mayProduce(role())) return;
    if (b.dataset.action === 'edit') startEdit(p);
    else if (b.dataset.action === 'open') openIt(p);
    else if (b.dataset.action === 'close') closeIt(p);
  }

  function wire() {
    fillForm(null);
    form().addEventListener('submit', submit);
    $('pf-add-option').addEventListener('click', () => addOptionRow()?.querySelector('.pf-label').focus());
    $('pf-options').addEventListener('click', (e) => {
      const remove = e.target.closest('.pf-remove');
      if (!remove || optionRows().length <= MIN_OPTIONS) return;
      remove.closest('.pf-option').remove();
      renumber();
    });
    // Codes are what SMS voters type: upper case as they are typed.
    $('pf-options').addEventListener('input', (e) => {
      if (!e.target.classList.contains('pf-code')) return;
      const at = e.target.selectionStart;
      e.target.value = e.target.value.toUpperCase();
      e.target.setSelectionRange(at, at);
    });
    $('pf-cancel').addEventListener('click', stopEdit);
    $('polls-list').addEventListener('click', onListClick);
  }

  return { wire, reset, applySnapshot, applyEvent, applyTally, render, openPoll };
}
