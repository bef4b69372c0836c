// What the pages share for building their DOM. Voter text always goes in as
// textContent, never as HTML: the pages' CSP allows no inline script either way.
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

// Short notices in #notices, newest first, at most `keep` of them, each with a close
// button; each goes by itself after msFor(kind) milliseconds.
export function createNotices({ keep, msFor }) {
  return function notice(text, kind = 'ok') {
    const item = el('li', `notice ${kind}`);
    item.append(el('span', '', text));
    const close = el('button', 'notice-close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Đóng thông báo');
    close.addEventListener('click', () => item.remove());
    item.append(close);
    const list = document.getElementById('notices');
    list.prepend(item);
    while (list.children.length > keep) list.lastElementChild.remove();
    setTimeout(() => item.remove(), msFor(kind));
  };
}
