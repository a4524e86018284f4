// Small helpers shared by the terminal client and the walkthrough: REST calls, a socket connection,
// and one clear line (not a stack trace) when something goes wrong.
import { io } from "socket.io-client";

/** The server answered with an error status; `message` is its `{"message"}` body. */
export class ApiError extends Error {
  constructor(status, body) {
    super(`${status}: ${body && body.message ? body.message : JSON.stringify(body)}`);
    this.status = status;
    this.serverMessage = body && body.message;
  }
}

/** Something the user can fix, said in one line. */
export class DemoError extends Error {}

const MAX_RATE_LIMIT_RETRIES = 10;

/** One REST call. A 429 is retried after its Retry-After; other error statuses throw ApiError. */
export async function api(baseUrl, method, path, { token, body } = {}) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(`${baseUrl}/api${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw unreachable(baseUrl, e);
    }
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { message: `not JSON: ${text.slice(0, 80)}` };
    }
    if (res.status === 429 && attempt < MAX_RATE_LIMIT_RETRIES) {
      const seconds = Math.max(1, Number.parseInt(res.headers.get("retry-after"), 10) || 1);
      console.log(`rate limited, retrying in ${seconds}s`);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      continue;
    }
    if (!res.ok) throw new ApiError(res.status, json);
    return json;
  }
}

function unreachable(baseUrl, e) {
  const code = e.cause && e.cause.code;
  const why = code === "ECONNREFUSED" ? "connection refused" : (code || (e.cause && e.cause.message) || e.message);
  return new DemoError(
    `cannot reach the chat server at ${baseUrl} (${why}): is it running? ` +
      "Start it as the README's Run section says, or point CHAT_URL at it.",
  );
}

/**
 * Logs in. When the login is refused and an email is given, registers the account and logs in; when
 * registering says the username is taken, the account exists and the password was wrong.
 */
export async function loginOrRegister(baseUrl, username, password, email) {
  try {
    return await api(baseUrl, "POST", "/auth/login", { body: { username, password } });
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    if (!email) {
      throw new DemoError(
        `login refused: no user '${username}' with that password ` +
          "(give an email as the third argument to register a new account)",
      );
    }
  }
  try {
    await api(baseUrl, "POST", "/auth/register", { body: { username, email, password } });
  } catch (e) {
    if (e instanceof ApiError && e.status === 400 && /username already exists/i.test(e.serverMessage || "")) {
      throw new DemoError(`user '${username}' already exists and that is not its password`);
    }
    if (e instanceof ApiError && e.status === 400) {
      throw new DemoError(`could not register '${username}': ${e.serverMessage}`);
    }
    throw e;
  }
  console.log(`* registered ${username}`);
  return await api(baseUrl, "POST", "/auth/login", { body: { username, password } });
}

/** Registers a new account and logs it in (two auth requests). */
export async function registerAndLogin(baseUrl, username, password, email) {
  await api(baseUrl, "POST", "/auth/register", { body: { username, email, password } });
  return await api(baseUrl, "POST", "/auth/login", { body: { username, password } });
}

/** Connects with the token in the handshake auth and resolves once `connected` arrives. */
export function connect(baseUrl, token, transports = ["polling", "websocket"]) {
  const socket = io(baseUrl, { auth: { token }, transports, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once("connected", (welcome) => resolve({ socket, welcome }));
    socket.once("connect_error", (err) => {
      socket.close();
      reject(new DemoError(`the socket could not connect: ${err.message}`));
    });
  });
}

/** Resolves with the first payload of `event` that satisfies `predicate`. */
export function next(socket, event, predicate = () => true, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new DemoError(`timed out waiting for ${event}`));
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

/** The one line to print for an error: what went wrong, without a stack trace. */
export function describe(e) {
  if (e instanceof DemoError) return e.message;
  if (e instanceof ApiError) {
    return e.status === 429
      ? "rate limited by the server, and still after retrying: try again in a minute (see the README's auth rate limit)"
      : `the server answered ${e.status}: ${e.serverMessage || e.message}`;
  }
  return `unexpected error: ${e && e.message ? e.message : e}`;
}

/** Runs the program; on any error prints one line to stderr and exits with 1. */
export async function run(main) {
  try {
    await main();
  } catch (e) {
    console.error(`error: ${describe(e)}`);
    if (process.env.DEMO_DEBUG) console.error(e);
    process.exit(1);
  }
}
