// The hub's public HTTP API, signed in with the owner's API key. A refusal becomes an ApiFailure carrying the hub's
// ApiError, whose message is what the page shows.

const KEY = 'meshhub.apiKey';

export class ApiFailure extends Error {
  constructor(status, error) {
    super(error && error.message ? error.message : `HTTP ${status}`);
    this.status = status;
    this.code = error && error.code ? error.code : 'HTTP_' + status;
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: key => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

async function call(method, path, body) {
  const headers = { Authorization: 'Bearer ' + session.key() };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiFailure(response.status, json);
  }
  return json;
}

export const api = {
  get: path => call('GET', path),
  post: (path, body = {}) => call('POST', path, body),
};

/** A query string of the parameters that have a value. */
export function query(params) {
  const given = Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== '');
  return given.length === 0 ? '' : '?' + new URLSearchParams(given).toString();
}
