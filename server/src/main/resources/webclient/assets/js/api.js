// The REST API under /api: JSON in and out, errors as {"message"} (decision 2).

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }

  /** The route is not there: a server from before the feature (a 405 when another method has the path). */
  get routeMissing() {
    return this.status === 404 || this.status === 405;
  }
}

export class Api {
  /**
   * @param {() => string | null} token the current token
   * @param {() => void} onUnauthorized called when the server refuses the token (expired, revoked)
   */
  constructor(token, onUnauthorized) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
  }

  async request(method, path, { body, query } = {}) {
    const url = new URL('/api' + path, location.origin);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    const headers = { Accept: 'application/json' };
    const token = this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, 'The server cannot be reached');
    }
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      if (response.status === 401 && token) this.onUnauthorized();
      throw new ApiError(response.status, data?.message ?? `${response.status} ${response.statusText}`);
    }
    return data;
  }

  register(fields) { return this.request('POST', '/auth/register', { body: fields }); }
  login(username, password) { return this.request('POST', '/auth/login', { body: { username, password } }); }
  logout() { return this.request('POST', '/auth/logout'); }
  users() { return this.request('GET', '/users'); }

  /** Decision 38; a server without it answers 404. */
  chats() { return this.request('GET', '/chats'); }

  /** The REST paths of a conversation: the public room, or the private chat with one user. */
  static base(otherUserId) {
    return otherUserId == null ? '/messages' : `/messages/private/${otherUserId}`;
  }

  page(otherUserId, { before, limit }) {
    return this.request('GET', Api.base(otherUserId), { query: { before, limit } });
  }

  /** Decision 33; a server without it answers 404 (or 405). */
  changes(otherUserId, since, limit) {
    return this.request('GET', `${Api.base(otherUserId)}/changes`, { query: { since, limit } });
  }

  post(otherUserId, content, clientId) {
    return this.request('POST', Api.base(otherUserId), { body: { content, client_id: clientId } });
  }

  remove(otherUserId, messageId) {
    return this.request('DELETE', `${Api.base(otherUserId)}/${messageId}`);
  }
}
