// Entry point: the login screen, or the chat when this tab holds a session.
import { Api } from './api.js';
import { AuthView } from './auth-view.js';
import { ChatApp } from './chat-app.js';
import { clearSession, loadSession, saveSession } from './session.js';

let session = loadSession();
let chat = null;

const api = new Api(() => session?.token ?? null, () => endSession('Your session has ended. Please log in again.'));
const auth = new AuthView(api, (started) => {
  session = started;
  saveSession(session);
  auth.hide();
  startChat();
});

function startChat() {
  chat = new ChatApp(api, session.user, session.token, { onLogout: () => logout() });
  chat.start();
}

async function logout() {
  await api.logout().catch(() => {}); // revoke the token; if that fails it still leaves this tab
  endSession('');
}

function endSession(notice) {
  chat?.stop();
  chat = null;
  session = null;
  clearSession();
  auth.show(notice);
}

if (session) startChat();
else auth.show();
