// Người gọi (the call-in lines) on the console: screeners log and screen callers,
// producers take them to air. The same rules as the rest of the console: caller
// text only reaches the page through textContent, every change is sent with the
// version this screen saw, and the newer of the server's answer and its event wins.
//
// console.js owns the connection and the render loop; this module keeps the
// callers, draws the callers view and runs its actions (see createCallerDesk).

import { createDeskAction } from './desk_action.js';
import { encodeQr } from './qr_code.js';

const STATE_LABEL = {
  waiting: 'Đang chờ',
  screened: 'Đã sàng lọc',
  next: 'Tiếp theo',
  on_air: 'Trên sóng',
  done: 'Đã xong',
  dropped: 'Đã bỏ',
};
const LINE_STATES = ['waiting', 'screened', 'next', 'on_air'];

// The moves the server allows (core/caller.cpp), in the order their buttons show.
const MOVES = {
  waiting: ['screened', 'dropped'],
  screened: ['next', 'waiting', 'dropped'],
  next: ['on_air', 'screened', 'dropped'],
  on_air: ['done', 'dropped'],
  dropped: ['waiting'],
  done: [],
};

// [label, class, title] of the button for a move, by "from>to" (or "*>to").
const MOVE_BUTTON = {
  'waiting>screened': ['Sàng lọc xong', 'primary', 'Đã nói chuyện, đủ điều kiện / screened'],
  'screened>next': ['Tiếp theo', 'primary', 'Đưa vào hàng chờ lên sóng / queue for air'],
  'screened>waiting': ['Trả về', '', 'Trả về hàng chờ / back to waiting'],
  'next>screened': ['Trả về', '', 'Rút khỏi hàng chờ lên sóng / back to screened'],
  'next>on_air': ['Lên sóng', 'take', 'Lên sóng: hiện tên người gọi trên hình / take to air'],
  'on_air>done': ['Kết thúc', 'primary', 'Kết thúc cuộc gọi, gỡ tên khỏi hình / end the call'],
  'dropped>waiting': ['Gọi lại', '', 'Đã gọi lại, đưa về hàng chờ / called back'],
  '*>dropped': ['Bỏ', 'danger', 'Bỏ cuộc gọi này / drop'],
};

// What a notice says after a move, by the state it reached.
const MOVED_TEXT = {
  waiting: 'đã về hàng chờ',
  screened: 'đã sàng lọc xong',
  next: 'đã vào hàng chờ lên sóng',
  on_air: 'đang trên sóng',
  done: 'đã kết thúc cuộc gọi',
  dropped: 'đã bị bỏ',
};

// The caller's video call (core/caller.hpp CallerVideo): [chip text, class, title].
const VIDEO_CHIP = {
  invited: ['Đã gửi link video', 'video', 'Đã tạo liên kết gọi video, người gọi chưa vào / link made, not joined yet'],
  waiting: ['Đang chờ video', 'video-waiting', 'Điện thoại của người gọi đã kết nối, đang chờ trường quay / waiting for video'],
  connected: ['Đã kết nối video', 'video-connected', 'Hình và tiếng của người gọi đã về trường quay / the caller\'s video is connected'],
  lost: ['Mất kết nối', 'video-lost', 'Hình và tiếng của người gọi không còn về tới trường quay / the caller\'s video was lost'],
  left: ['Đã rời cuộc gọi video', 'video', 'Điện thoại của người gọi đã ngắt kết nối / the phone has left'],
};

// Ready-made alerts for the screener: one click instead of typing under pressure.
const ALERT_PRESETS = ['Nói nhanh', 'Sóng yếu', 'Bức xúc', 'Nói dài', 'Đã từng gây rối'];

// Which form field an API error code is about (the rest are shown without a field).
const FIELD_OF_ERROR = { missing_field: 'name', name_required: 'name', bad_phone: 'phone', bad_alerts: 'alerts', too_many_alerts: 'alerts' };
const TEXT_FIELDS = ['name', 'area', 'phone', 'point', 'topic', 'notes'];

const mayScreen = (role) => ['screener', 'producer', 'admin'].includes(role);
const mayTouchAir = (role) => ['producer', 'operator', 'admin'].includes(role);

// The server's rule: a move that puts a caller on air or takes one off is the
// studio's (producer, operator); every other move is the screener's.
export function mayMove(role, from, to) {
  if (!MOVES[from]?.includes(to)) return false;
  const touchesAir = from === 'on_air' || to === 'on_air';
  return touchesAir ? mayTouchAir(role) : mayScreen(role);
}

// "0:42", "12:05", "1:02:09": how long someone has been waiting or on air.
export function duration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function parseAlerts(text) {
  return String(text ?? '')
    .split(/[,;\n]/)
    .map((a) => a.trim())
    .filter(Boolean);
}

// ctx: { api, notice, el, $, timeOf, me(), questions(), scheduleRender(), showQuestion(id), screen(caller) }
export function createCallerDesk(ctx) {
  const { api, notice, el, $ } = ctx;
  const callers = new Map(); // id -> caller JSON
  const busy = new Set(); // caller ids with a request in flight
  const cardCache = new Map(); // id -> {key, node}
  const dialogFor = new Map(); // dialog id -> {id, version}
  const role = () => ctx.me()?.role;

  // ------------------------------------------------------------ store

  // Keeps the newest version of each caller: a late reply never undoes an event.
  function upsert(c) {
    if (!c || typeof c.id !== 'number') return false;
    const old = callers.get(c.id);
    if (old && old.version > c.version) return false;
    const { next_states: _next, scene_generation: _generation, ...caller } = c;
    callers.set(c.id, caller);
    return true;
  }

  function applySnapshot(list) {
    callers.clear();
    if (Array.isArray(list)) list.forEach(upsert);
    else loadAll(); // an older server: no callers in its snapshot
  }

  function applyEvent(e) {
    if (upsert(e.caller)) ctx.scheduleRender();
  }

  async function loadAll() {
    const r = await api('GET', '/api/callers');
    if (!r.ok) return;
    for (const c of r.data.callers ?? []) upsert(c);
    ctx.scheduleRender();
  }

  async function reloadCaller(id) {
    const r = await api('GET', `/api/callers/${id}`);
    if (!r.ok) return null;
    upsert(r.data);
    ctx.scheduleRender();
    return callers.get(id);
  }

  function reset() {
    callers.clear();
    cardCache.clear();
  }

  const onAirCaller = () => [...callers.values()].find((c) => c.state === 'on_air') ?? null;

  function inState(state) {
    const list = [...callers.values()].filter((c) => c.state === state);
    // The lines are first come, first served: the longest wait on top.
    return list.sort((a, b) => a.id - b.id);
  }

  function finished() {
    const list = [...callers.values()].filter((c) => c.state === 'done' || c.state === 'dropped');
    return list.sort((a, b) => String(b.ended_at ?? b.updated_at).localeCompare(String(a.ended_at ?? a.updated_at)));
  }

  // ------------------------------------------------------------ drawing

  function render() {
    const onAir = onAirCaller();
    renderTab(onAir);
    $('caller-intake').hidden = !mayScreen(role());
    $('callers-readonly').hidden = mayScreen(role()) || mayTouchAir(role());
    $('callers-view').classList.toggle('no-intake', !mayScreen(role()));
    for (const state of LINE_STATES) renderGroup(state, inState(state), onAir);
    const done = finished();
    $('callers-finished-count').textContent = `(${done.length})`;
    $('callers-finished-list').replaceChildren(...done.map((c) => cardFor(c, onAir)));
    for (const id of cardCache.keys()) if (!callers.has(id)) cardCache.delete(id);
    if ($('dlg-call-link').open) showCallVideo();
    tickClocks();
  }

  function renderTab(onAir) {
    const waiting = inState('waiting').length + inState('screened').length + inState('next').length;
    $('tab-callers-count').textContent = `(${waiting})`;
    $('tab-callers').title = `${waiting} người đang trên đường dây / callers on the lines`;
    $('tab-callers-live').hidden = !onAir;
  }

  function renderGroup(state, list, onAir) {
    const group = $('callers-view').querySelector(`.caller-group[data-state="${state}"]`);
    group.querySelector('[data-count]').textContent = `(${list.length})`;
    group.querySelector('[data-empty]').hidden = list.length > 0;
    group.querySelector('.caller-list').replaceChildren(...list.map((c) => cardFor(c, onAir)));
  }

  // A card is rebuilt only when something it shows changed (keeps focus and hover).
  function cardFor(c, onAir) {
    const linked = c.question_id ? ctx.questions().get(c.question_id) : null;
    const key = `${c.version}|${c.video ?? ''}|${busy.has(c.id)}|${onAir?.id ?? ''}|${linked?.version ?? ''}|${role()}`;
    let entry = cardCache.get(c.id);
    if (!entry || entry.key !== key) {
      entry = { key, node: buildCard(c, onAir, linked) };
      cardCache.set(c.id, entry);
    }
    return entry.node;
  }

  function buildCard(c, onAir, linked) {
    const li = el('li', 'c-card');
    li.dataset.id = c.id;
    li.dataset.state = c.state;
    li.classList.toggle('busy', busy.has(c.id));
    const head = el('div', 'c-head');
    head.append(el('strong', 'c-name', c.name));
    if (c.area) head.append(el('span', 'c-area', c.area));
    head.append(clockFor(c));
    li.append(head, phoneLine(c));
    if (c.point) li.append(el('p', 'c-point', c.point));
    const meta = el('p', 'c-meta');
    if (c.state === 'on_air') meta.append(el('span', 'chip on-air', 'ĐANG TRÊN SÓNG'));
    if (c.state === 'done' || c.state === 'dropped') meta.append(el('span', 'chip', STATE_LABEL[c.state]));
    if (c.topic) meta.append(el('span', 'chip topic', c.topic));
    for (const alert of c.alerts ?? []) meta.append(el('span', 'chip alert', `⚠ ${alert}`));
    if (VIDEO_CHIP[c.video]) {
      const [label, cls, title] = VIDEO_CHIP[c.video];
      const chip = el('span', `chip ${cls}`, label);
      chip.title = title;
      meta.append(chip);
    }
    if (c.previous_calls > 0) meta.append(el('span', 'chip repeat', `Đã gọi ${c.previous_calls} lần trước`));
    if (c.question_id) meta.append(linkedQuestion(c.question_id, linked));
    if (meta.childElementCount) li.append(meta);
    if (c.notes) li.append(el('p', 'c-notes', `Ghi chú: ${c.notes}`));
    li.append(el('p', 'c-by', `Cập nhật ${ctx.timeOf(c.updated_at)} · ${c.updated_by}`));
    const actions = buttonsFor(c, onAir);
    if (actions.childElementCount) li.append(actions);
    return li;
  }

  function phoneLine(c) {
    const line = el('p', 'c-phone');
    if (!c.phone) {
      line.append(el('span', 'muted', 'không để lại số'));
      return line;
    }
    // Only a full E.164 number becomes a link (the screener calls back from it).
    const callable = !c.phone_masked && /^\+\d{6,15}$/.test(c.phone);
    const number = el(callable ? 'a' : 'span', 'c-number', c.phone);
    if (callable) number.href = `tel:${c.phone}`;
    if (c.phone_masked) {
      number.classList.add('masked');
      number.title = 'Số đã được che: vai trò của bạn không xem được số đầy đủ / masked for your role';
    }
    line.append(el('span', 'muted', '☎ '), number);
    return line;
  }

  function linkedQuestion(id, q) {
    const b = el('button', 'chip link', q ? `Câu hỏi #${id}: ${clip(q.on_air_text || q.text, 60)}` : `Câu hỏi #${id}`);
    b.type = 'button';
    b.dataset.action = 'show-question';
    b.dataset.question = id;
    b.title = 'Xem câu hỏi này trong hàng đợi / open the question';
    return b;
  }

  // Waiting time (since the call was logged) or time on air; ticks in place.
  function clockFor(c) {
    const clock = el('span', 'c-clock');
    if (c.state === 'on_air' && c.on_air_at) {
      clock.dataset.since = c.on_air_at;
      clock.dataset.prefix = 'trên sóng ';
    } else if (c.state === 'done' || c.state === 'dropped') {
      clock.textContent = `${STATE_LABEL[c.state].toLowerCase()} lúc ${ctx.timeOf(c.ended_at ?? c.updated_at)}`;
    } else {
      clock.dataset.since = c.created_at;
      clock.dataset.prefix = 'chờ ';
    }
    clock.title = `Gọi lúc ${ctx.timeOf(c.created_at)}`;
    return clock;
  }

  function tickClocks() {
    const now = Date.now();
    for (const clock of $('callers-view').querySelectorAll('.c-clock[data-since]')) {
      const since = Date.parse(clock.dataset.since);
      clock.textContent = Number.isNaN(since) ? '' : `${clock.dataset.prefix}${duration(now - since)}`;
    }
  }

  // Only the buttons this role may press in this state.
  function buttonsFor(c, onAir) {
    const box = el('div', 'c-actions');
    for (const to of MOVES[c.state]) {
      if (!mayMove(role(), c.state, to)) continue;
      const [label, cls, title] = MOVE_BUTTON[`${c.state}>${to}`] ?? MOVE_BUTTON[`*>${to}`];
      const b = actionButton(label, cls, 'move', title);
      b.dataset.to = to;
      if (to === 'on_air' && onAir && onAir.id !== c.id) {
        b.disabled = true;
        b.title = `${onAir.name} đang trên sóng: kết thúc cuộc gọi đó trước / another caller is on air`;
      }
      box.append(b);
    }
    if (mayScreen(role())) {
      box.append(actionButton('Sửa', '', 'edit', 'Sửa thông tin người gọi / edit'));
      box.append(actionButton('Liên kết câu hỏi', '', 'link', 'Gắn với một câu hỏi trong hàng đợi / link to a question'));
      if (c.video === 'connected' || c.video === 'lost')
        box.append(actionButton('Xem & nghe', 'primary', 'screen', 'Xem hình, nghe tiếng và nói chuyện với người gọi / see, hear and talk to the caller'));
      if (c.state !== 'done')
        box.append(actionButton('Gọi video', '', 'call-link', 'Tạo liên kết gọi video một lần cho người gọi / make a one-time video call link'));
    }
    if (busy.has(c.id)) for (const b of box.children) b.disabled = true;
    return box;
  }

  function actionButton(label, cls, action, title) {
    const b = el('button', cls, label);
    b.type = 'button';
    b.dataset.action = action;
    b.title = title;
    return b;
  }

  function clip(text, max) {
    const chars = [...String(text ?? '')];
    return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
  }

  // ------------------------------------------------------------ actions

  const act = createDeskAction({ busy, upsert, notice, failed, scheduleRender: ctx.scheduleRender });

  // A 409 version_conflict: someone else changed this caller first. Say who, reload
  // it, and let the screener look again; never retry over their change.
  async function failed(c, r) {
    const e = r.error ?? {};
    if (r.status === 409 && e.code === 'version_conflict') {
      const fresh = await reloadCaller(c.id);
      const who = e.changed_by || fresh?.updated_by || 'người khác';
      const now = STATE_LABEL[e.current_state ?? fresh?.state] ?? e.current_state ?? '';
      notice(`Người gọi ${c.name} vừa được ${who} cập nhật (hiện: ${now}). Đã tải lại — hãy xem lại trước khi thao tác.`, 'conflict');
      return;
    }
    notice(e.message || `Lỗi ${r.status}`, 'error');
    if (r.status === 404 || r.status === 422) await reloadCaller(c.id);
  }

  function move(c, to) {
    const body = { to, version: c.version };
    return act(c, () => api('POST', `/api/callers/${c.id}/transition`, body), `${c.name} ${MOVED_TEXT[to]}.`);
  }

  // ------------------------------------------------------------ the intake form

  // The form's values as the API wants them (alerts as a list).
  function valuesOf(form) {
    const value = (name) => form.elements.namedItem(name).value.trim();
    const out = Object.fromEntries(TEXT_FIELDS.map((f) => [f, value(f)]));
    out.alerts = parseAlerts(value('alerts'));
    return out;
  }

  function showFormError(form, error) {
    const box = form.querySelector('.form-error');
    box.hidden = !error;
    box.textContent = error?.message ?? '';
    for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    if (!error) return;
    const field = FIELD_OF_ERROR[error.code] ?? error.code?.match(/^(\w+)_too_long$/)?.[1];
    const input = field && form.elements.namedItem(field);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }

  async function logCaller(e) {
    e.preventDefault();
    const form = e.target;
    const values = valuesOf(form);
    const body = { name: values.name };
    for (const f of TEXT_FIELDS) if (f !== 'name' && values[f]) body[f] = values[f];
    if (values.alerts.length) body.alerts = values.alerts;
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    const r = await api('POST', '/api/callers', body);
    button.disabled = false;
    if (!r.ok) return showFormError(form, r.error);
    showFormError(form, null);
    upsert(r.data);
    form.reset();
    form.elements.namedItem('name').focus();
    notice(`Đã ghi nhận người gọi ${r.data.name}.`);
    ctx.scheduleRender();
  }

  function addAlertChip(e) {
    const b = e.target.closest('[data-alert]');
    if (!b) return;
    const input = $(b.parentElement.dataset.for);
    const alerts = parseAlerts(input.value);
    if (!alerts.includes(b.dataset.alert)) alerts.push(b.dataset.alert);
    input.value = alerts.join(', ');
  }

  function fillAlertChips() {
    for (const box of document.querySelectorAll('.alert-chips'))
      box.replaceChildren(
        ...ALERT_PRESETS.map((a) => {
          const b = el('button', '', a);
          b.type = 'button';
          b.dataset.alert = a;
          return b;
        }),
      );
  }

  // ------------------------------------------------------------ dialogs

  function openDialog(id, c) {
    dialogFor.set(id, { id: c.id, version: c.version });
    $(id).showModal();
  }

  // The caller a dialog was opened for, at the version it showed.
  function callerFor(dialogId) {
    const ref = dialogFor.get(dialogId);
    const c = ref && callers.get(ref.id);
    return c ? { ...c, version: ref.version } : null;
  }

  function editDialog(c) {
    const form = $('caller-edit-form');
    showFormError(form, null);
    for (const f of TEXT_FIELDS) form.elements.namedItem(f).value = c[f] ?? '';
    form.elements.namedItem('alerts').value = (c.alerts ?? []).join(', ');
    // A masked number cannot be edited back (and this role cannot change it anyway).
    form.elements.namedItem('phone').disabled = !!c.phone_masked;
    $('caller-edit-title-name').textContent = c.name;
    openDialog('dlg-caller-edit', c);
  }

  async function saveEdit(e) {
    e.preventDefault();
    const form = e.target;
    const c = callerFor('dlg-caller-edit');
    if (!c) return $('dlg-caller-edit').close();
    const values = valuesOf(form);
    const body = { version: c.version };
    for (const f of TEXT_FIELDS) if (values[f] !== (c[f] ?? '') && !(f === 'phone' && c.phone_masked)) body[f] = values[f];
    if (JSON.stringify(values.alerts) !== JSON.stringify(c.alerts ?? [])) body.alerts = values.alerts;
    if (Object.keys(body).length === 1) {
      $('dlg-caller-edit').close();
      return notice('Không có gì thay đổi.');
    }
    busy.add(c.id);
    const r = await api('PATCH', `/api/callers/${c.id}`, body);
    busy.delete(c.id);
    if (r.ok) {
      upsert(r.data);
      $('dlg-caller-edit').close();
      notice(`Đã lưu thông tin người gọi ${r.data.name}.`);
    } else if (r.status === 409) {
      $('dlg-caller-edit').close();
      await failed(c, r);
    } else {
      showFormError(form, r.error); // a bad phone or a too-long field: fix it in place
    }
    ctx.scheduleRender();
  }

  // Questions a caller may be linked to: the live ones in this console, newest first.
  function linkableQuestions() {
    return [...ctx.questions().values()]
      .filter((q) => q.state !== 'merged' && q.state !== 'rejected')
      .sort((a, b) => b.id - a.id)
      .slice(0, 200);
  }

  function linkDialog(c) {
    $('caller-link-name').textContent = c.name;
    const select = $('link-select');
    select.replaceChildren(
      new Option('— chọn từ hàng đợi —', ''),
      ...linkableQuestions().map((q) => new Option(`#${q.id} · ${clip(q.on_air_text || q.text, 90)}`, String(q.id))),
    );
    $('link-question').value = c.question_id ?? '';
    select.value = c.question_id ? String(c.question_id) : '';
    $('link-unlink').hidden = !c.question_id;
    updateLinkTarget();
    openDialog('dlg-caller-link', c);
  }

  function updateLinkTarget() {
    const id = Number($('link-question').value);
    const q = ctx.questions().get(id);
    const box = $('link-target');
    if (!id) return box.replaceChildren(el('p', 'hint', 'Chọn hoặc nhập số câu hỏi.'));
    if (!q) return box.replaceChildren(el('p', 'hint', `Câu #${id} không có trong hàng đợi đang xem; máy chủ sẽ kiểm tra.`));
    box.replaceChildren(el('p', 'd-text', q.on_air_text || q.text));
  }

  function saveLink(questionId) {
    const c = callerFor('dlg-caller-link');
    $('dlg-caller-link').close();
    if (!c) return;
    const text = questionId ? `Đã liên kết ${c.name} với câu hỏi #${questionId}.` : `Đã bỏ liên kết câu hỏi của ${c.name}.`;
    return act(c, () => api('PATCH', `/api/callers/${c.id}`, { version: c.version, question_id: questionId }), text);
  }

  // ------------------------------------------------------------ video call links

  // A new link (the previous one stops working): its address, short code and QR code.
  // With sms, the new link's code also goes to the caller's number (the outbox sends it).
  async function makeCallLink(c, { sms = false } = {}) {
    busy.add(c.id);
    ctx.scheduleRender();
    const r = await api('POST', `/api/callers/${c.id}/call-link`, sms ? { send_sms: true } : undefined);
    busy.delete(c.id);
    ctx.scheduleRender();
    if (!r.ok) return notice(r.error?.message || `Lỗi ${r.status}`, 'error');
    upsert(r.data.caller);
    showCallLink(c, r.data);
  }

  function textCallLink() {
    const c = callers.get(dialogFor.get('dlg-call-link')?.id);
    if (c) makeCallLink(c, { sms: true });
  }

  function showCallLink(c, link) {
    $('call-link-name').textContent = c.name;
    $('call-code-page').textContent = `${new URL(link.url).origin}/call`;
    $('call-link-code').textContent = `${link.code.slice(0, 3)} ${link.code.slice(3)}`;
    $('call-link-url').value = link.url;
    $('call-link-expires').textContent = ctx.timeOf(link.expires_at);
    drawQr($('call-link-qr'), link.url);
    dialogFor.set('dlg-call-link', { id: c.id, version: c.version });
    showCallVideo();
    $('call-link-sms').disabled = !c.phone;
    $('call-link-sms-state').textContent = link.sms
      ? `Đã xếp SMS gửi tới ${link.sms.to}. / Texted to ${link.sms.to}.`
      : c.phone ? '' : 'Chưa có số điện thoại để nhắn tin. / No number to text.';
    if (!$('dlg-call-link').open) $('dlg-call-link').showModal();
  }

  function drawQr(canvas, text) {
    const modules = encodeQr(new TextEncoder().encode(text));
    if (!modules) return;
    const quiet = 2; // a margin of light modules, so a phone finds the code
    const size = modules.length + quiet * 2;
    canvas.width = canvas.height = size;
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, size, size);
    g.fillStyle = '#000';
    modules.forEach((row, y) => row.forEach((dark, x) => dark && g.fillRect(x + quiet, y + quiet, 1, 1)));
  }

  // The open dialog follows the caller's phone as it joins and leaves.
  function showCallVideo() {
    const c = callers.get(dialogFor.get('dlg-call-link')?.id);
    const chip = c && VIDEO_CHIP[c.video];
    $('call-link-video').textContent = chip ? `Trạng thái: ${chip[0]}` : '';
  }

  async function copyCallLink() {
    const input = $('call-link-url');
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      input.select(); // no clipboard outside https: selected for Ctrl+C
      return notice('Đã chọn liên kết: nhấn Ctrl+C để sao chép.');
    }
    notice('Đã sao chép liên kết gọi video.');
  }

  async function revokeCallLink() {
    const ref = dialogFor.get('dlg-call-link');
    $('dlg-call-link').close();
    if (!ref) return;
    const r = await api('DELETE', `/api/callers/${ref.id}/call-link`);
    if (!r.ok) return notice(r.error?.message || `Lỗi ${r.status}`, 'error');
    notice('Đã hủy liên kết gọi video.');
  }

  // ------------------------------------------------------------ wiring

  function onCardClick(e) {
    const b = e.target.closest('button[data-action]');
    const card = e.target.closest('.c-card');
    if (!b || !card || b.disabled) return;
    const c = callers.get(Number(card.dataset.id));
    if (!c) return;
    const action = b.dataset.action;
    if (action === 'move') move(c, b.dataset.to);
    else if (action === 'edit') editDialog(c);
    else if (action === 'link') linkDialog(c);
    else if (action === 'call-link') makeCallLink(c);
    else if (action === 'screen') ctx.screen(c);
    else if (action === 'show-question') ctx.showQuestion(Number(b.dataset.question));
  }

  function wire() {
    fillAlertChips();
    $('caller-form').addEventListener('submit', logCaller);
    $('callers-view').addEventListener('click', onCardClick);
    for (const box of document.querySelectorAll('.alert-chips')) box.addEventListener('click', addAlertChip);
    $('caller-edit-form').addEventListener('submit', saveEdit);
    $('link-select').addEventListener('change', () => {
      $('link-question').value = $('link-select').value;
      updateLinkTarget();
    });
    $('link-question').addEventListener('input', updateLinkTarget);
    $('caller-link-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const id = Number($('link-question').value);
      if (!Number.isInteger(id) || id < 1) return notice('Nhập số câu hỏi hợp lệ.', 'error');
      saveLink(id);
    });
    $('link-unlink').addEventListener('click', () => saveLink(null));
    $('call-link-copy').addEventListener('click', copyCallLink);
    $('call-link-sms').addEventListener('click', textCallLink);
    $('call-link-revoke').addEventListener('click', revokeCallLink);
    // Waiting times tick while the lines are on screen.
    setInterval(() => {
      if (!document.hidden && !$('callers-view').hidden) tickClocks();
    }, 1000);
  }

  return { wire, reset, applySnapshot, applyEvent, render };
}
