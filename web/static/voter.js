// The question form, improved when JavaScript runs: lists of areas and topics,
// a character counter, checks before sending, and the ticket shown in place.
// Without JavaScript the same form posts and the server answers with a page.
const MAX_CHARS = 1000;
const $ = (id) => document.getElementById(id);

// Characters as the server counts them (code points, after NFC).
const charCount = (text) => [...text.normalize('NFC')].length;

function fillList(datalist, values) {
  datalist.replaceChildren(...values.map((v) => Object.assign(document.createElement('option'), { value: v })));
}

function showError(id, message) {
  const el = $(id);
  el.textContent = message ?? '';
  el.hidden = !message;
}

function updateCounter() {
  const left = MAX_CHARS - charCount($('text').value);
  const counter = $('counter');
  counter.textContent = left >= 0 ? `Còn ${left} ký tự` : `Vượt quá ${-left} ký tự`;
  counter.classList.toggle('low', left < 50);
}

function setPaused(paused) {
  $('paused').hidden = !paused;
  $('send').disabled = paused;
}

// Vietnamese numbers: 0xxxxxxxxx, 84xxxxxxxxx or +84xxxxxxxxx (spaces, dots and dashes allowed).
function phoneLooksValid(phone) {
  const digits = phone.replace(/[\s.\-()]/g, '');
  return digits === '' || /^(\+?84|0)[1-9]\d{8}$/.test(digits);
}

function check() {
  const text = $('text').value.trim();
  let ok = true;
  if (!text) {
    showError('text-error', 'Vui lòng nhập nội dung câu hỏi.');
    ok = false;
  } else if (charCount(text) > MAX_CHARS) {
    showError('text-error', `Câu hỏi dài quá ${MAX_CHARS} ký tự, vui lòng rút gọn.`);
    ok = false;
  } else {
    showError('text-error');
  }
  if (!phoneLooksValid($('phone').value)) {
    showError('phone-error', 'Số điện thoại chưa đúng (ví dụ 0912 345 678).');
    ok = false;
  } else {
    showError('phone-error');
  }
  return ok;
}

async function send(event) {
  event.preventDefault();
  showError('form-error');
  if (!check()) return;
  const form = $('question-form');
  const body = Object.fromEntries(['name', 'phone', 'area', 'topic', 'text'].map((f) => [f, form.elements[f].value.trim()]));
  body.publish_name = form.elements.publish_name.checked;
  $('send').disabled = true;
  try {
    const response = await fetch('/api/questions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const reply = await response.json().catch(() => ({}));
    if (response.status === 201) return showTicket(reply.ticket);
    if (response.status === 503 && reply.error?.code === 'intake_paused') setPaused(true);
    showError('form-error', reply.error?.message ?? `Chưa gửi được (mã lỗi ${response.status}), vui lòng thử lại.`);
  } catch {
    showError('form-error', 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và gửi lại.');
  } finally {
    if ($('paused').hidden) $('send').disabled = false;
  }
}

function showTicket(ticket) {
  $('ticket').textContent = ticket;
  $('ticket-link').href = `/t/${encodeURIComponent(ticket)}`;
  $('question-form').hidden = true;
  $('sent').hidden = false;
  $('question-form').reset();
  updateCounter();
  $('sent').scrollIntoView({ block: 'start' });
}

async function loadConfig() {
  try {
    const config = await (await fetch('/api/config/public')).json();
    fillList($('areas'), config.areas ?? []);
    fillList($('topics'), config.topics ?? []);
    setPaused(Boolean(config.intake_paused));
  } catch {
    // The form works without the lists.
  }
}

$('text').addEventListener('input', updateCounter);
$('question-form').addEventListener('submit', send);
$('again').addEventListener('click', (e) => {
  e.preventDefault();
  $('sent').hidden = true;
  $('question-form').hidden = false;
  $('text').focus();
});
updateCounter();
loadConfig();
