// The login is kept in sessionStorage: it lasts as long as the tab, so closing the tab (say, on a
// shared computer) leaves no token behind, and two tabs can be two different users. A reload keeps it.
// Script injection could read it either way; the page's CSP runs no script but ours.
const KEY = 'chat.session';

/** @returns {{token: string, user: {id: number, username: string}} | null} */
export function loadSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY));
    return saved && typeof saved.token === 'string' && saved.user ? saved : null;
  } catch {
    return null;
  }
}

export function saveSession(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/** A client id for a message (decision 31): 32 hex digits, within the server's 1-64 of [A-Za-z0-9_-]. */
export function newClientId() {
  return crypto.randomUUID().replaceAll('-', '');
}
