// Small helpers shared by the terminal client and the walkthrough: REST calls and a socket connection.
import { io } from "socket.io-client";

export class ApiError extends Error {
  constructor(status, body) {
    super(`${status}: ${body && body.message ? body.message : JSON.stringify(body)}`);
    this.status = status;
  }
}

export async function api(baseUrl, method, path, { token, body } = {}) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

/** Logs in, registering the account first when it does not exist yet and an email is given. */
export async function loginOrRegister(baseUrl, username, password, email) {
  try {
    return await api(baseUrl, "POST", "/auth/login", { body: { username, password } });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401 || !email) throw e;
    await api(baseUrl, "POST", "/auth/register", { body: { username, email, password } });
    return await api(baseUrl, "POST", "/auth/login", { body: { username, password } });
  }
}

/** Connects with the token in the handshake auth and resolves once `connected` arrives. */
export function connect(baseUrl, token, transports = ["polling", "websocket"]) {
  const socket = io(baseUrl, { auth: { token }, transports, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once("connected", (welcome) => resolve({ socket, welcome }));
    socket.once("connect_error", (err) => reject(err));
  });
}

/** Resolves with the first payload of `event` that satisfies `predicate`. */
export function next(socket, event, predicate = () => true, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}
