// The staff pages' one way to call the JSON API. It never throws: every answer is
// {ok, status, data, error}, where error is the server's {code, message} or, for a lost
// connection or a body that is not JSON, a stand-in in the same shape.
// read: 'json' (the default) or 'blob', for an answer that is a picture (the control
// room's preview); an error answer is read as JSON either way.
export function createApi({ onUnauthorized } = {}) {
  return async function api(method, path, body, { read = 'json' } = {}) {
    let res;
    try {
      res = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      return { ok: false, status: 0, data: null, error: { code: 'network', message: 'Không kết nối được máy chủ / network error' } };
    }
    let data = null;
    try {
      data = res.ok && read === 'blob' ? await res.blob() : await res.json();
    } catch {
      // an empty or non-JSON body: keep data null
    }
    // A session that expired mid-work: the page asks for the password again (not for the login's own 401).
    if (res.status === 401 && path !== '/api/login') onUnauthorized?.();
    const error = res.ok ? null : (data?.error ?? { code: `http_${res.status}`, message: `Lỗi máy chủ ${res.status}` });
    return { ok: res.ok, status: res.status, data, error };
  };
}

// A failed call, for the pages that use throwing().
export class ApiError extends Error {
  constructor(status, { code, message }) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// The same calls for a page whose actions read better as one try/catch around several
// calls (the control room): throwing(createApi(...)) resolves to the answer's body or
// throws an ApiError.
export function throwing(api) {
  return async function apiOrThrow(method, path, body, how) {
    const r = await api(method, path, body, how);
    if (!r.ok) throw new ApiError(r.status, r.error);
    return r.data;
  };
}
