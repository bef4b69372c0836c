// The staff pages' sign-in: the form in #login-view (#login-form, #login-user,
// #login-password, #login-error) and the page's #app behind it. A page says what leaving
// its work means (onShow(message): close the live link, stop timers) and what signing
// in starts (onSignedIn(me)). app: null leaves the page on screen behind the form (the
// control room keeps its programme monitor in view while the operator signs in again).
export const SESSION_EXPIRED = 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.';

export function createStaffLogin({ api, onShow, onSignedIn, app = 'app' }) {
  const $ = (id) => document.getElementById(id);

  function show(message) {
    onShow(message);
    if (app) $(app).hidden = true;
    $('login-view').hidden = false;
    $('login-error').hidden = !message;
    $('login-error').textContent = message ?? '';
    $('login-user').focus();
  }

  async function submit(e) {
    e.preventDefault();
    const user = $('login-user').value.trim();
    const password = $('login-password').value;
    const button = e.submitter ?? $('login-form').querySelector('button');
    button.disabled = true;
    const r = await api('POST', '/api/login', { user, password });
    button.disabled = false;
    if (!r.ok) {
      $('login-error').hidden = false;
      $('login-error').textContent = r.error.message;
      return;
    }
    $('login-password').value = '';
    onSignedIn(r.data);
  }

  $('login-form').addEventListener('submit', submit);
  return { show };
}
