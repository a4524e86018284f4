// The REST API under /api: JSON in and out, errors as {"message"} (decision 2).

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
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

  /** The chat list with unread counts and read positions (decision 38). */
  chats() { return this.request('GET', '/chats'); }

  /** Full-text search over the public room and the caller's private chats (decision 43). */
  search(q, cursor, limit = 20) { return this.request('GET', '/search', { query: { q, cursor, limit } }); }

  /** The REST paths of a conversation: the public room, or the private chat with one user. */
  static base(otherUserId) {
    return otherUserId == null ? '/messages' : `/messages/private/${otherUserId}`;
  }

  page(otherUserId, { before, limit }) {
    return this.request('GET', Api.base(otherUserId), { query: { before, limit } });
  }

  /** Catch-up: the changes after {@code since} (decision 33). */
  changes(otherUserId, since, limit) {
    return this.request('GET', `${Api.base(otherUserId)}/changes`, { query: { since, limit } });
  }

  post(otherUserId, content, clientId) {
    return this.request('POST', Api.base(otherUserId), { body: { content, client_id: clientId } });
  }

  remove(otherUserId, messageId) {
    return this.request('DELETE', `${Api.base(otherUserId)}/${messageId}`);
  }

  edit(otherUserId, messageId, content) {
    return this.request('PATCH', `${Api.base(otherUserId)}/${messageId}`, { body: { content } });
  }

  /** Adds ({@code on}) or removes the caller's reaction (decision 42); answers the message. */
  react(otherUserId, messageId, emoji, on) {
    return this.request(on ? 'PUT' : 'DELETE',
      `${Api.base(otherUserId)}/${messageId}/reactions/${encodeURIComponent(emoji)}`);
  }

  markRead(otherUserId, seq) {
    return this.request('POST', `${Api.base(otherUserId)}/read`, { body: { seq } });
  }
}
