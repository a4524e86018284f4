// Usage: node client-scenario.mjs <url> <polling|websocket|upgrade>
// Connects with auth, checks echo, acks both ways, binary, rooms, a refused namespace; prints
// "OK" and exits 0 on success, prints the failure and exits 1 otherwise.
import { io } from "socket.io-client";

const [url, mode] = process.argv.slice(2);
const transports = mode === "polling" ? ["polling"] : mode === "websocket" ? ["websocket"] : ["polling", "websocket"];
const fail = (msg) => { console.error("FAIL " + msg); process.exit(1); };
let step = "connect";
setTimeout(() => fail("timeout at step " + step), 15000);
const once = (socket, ev) => new Promise((res) => socket.once(ev, (...a) => res(a)));
// Buffers every event from the start: with polling, several packets arrive in one payload and
// are emitted synchronously, before an awaiting continuation could register a listener.
const inbox = new Map();
const waiters = new Map();
const record = (ev, args) => {
  const w = waiters.get(ev);
  if (w && w.length) w.shift()(args);
  else (inbox.get(ev) ?? inbox.set(ev, []).get(ev)).push(args);
};
const next = (ev) => {
  const q = inbox.get(ev);
  if (q && q.length) return Promise.resolve(q.shift());
  return new Promise((res) => (waiters.get(ev) ?? waiters.set(ev, []).get(ev)).push(res));
};
const eq = (a, b, what) => { if (JSON.stringify(a) !== JSON.stringify(b)) fail(`${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`); };

const socket = io(url, { transports, auth: { token: "secret" }, reconnection: false, upgrade: mode === "upgrade" });
socket.onAny((ev, ...args) => record(ev, args));
await once(socket, "connect");

const [auth] = await next("auth");
eq(auth, { token: "secret" }, "auth echo");

socket.emit("echo", 1, "two", { three: [true] });
eq(await next("echo-back"), [1, "two", { three: [true] }], "echo");

step = "ack";
eq(await new Promise((res) => socket.emit("with-ack", "a", 2, (...args) => res(args))), ["a", 2], "client->server ack");

step = "server ack";
socket.on("ask", (x, cb) => cb(x * 2));
socket.emit("ask-me", 21);
eq(await next("asked"), [42], "server->client ack");

step = "binary";
socket.emit("binary", Uint8Array.from([1, 2, 3]));
const [bin] = await next("binary-back");
eq(Array.from(new Uint8Array(bin)), [1, 2, 3], "binary");

step = "room";
socket.emit("join", "room1");
eq(await next("room-msg"), ["hello room1"], "room broadcast");

step = "refused";
const refused = io(url + "/private", { transports, reconnection: false, forceNew: true });
const [err] = await once(refused, "connect_error");
eq(err.message, "Authentication required", "refused message");
refused.close();

step = "upgrade";
if (mode === "upgrade") {
  if (socket.io.engine.transport.name !== "websocket") await once(socket.io.engine, "upgrade");
  socket.emit("echo", "after-upgrade");
  eq(await next("echo-back"), ["after-upgrade"], "echo after upgrade");
}

socket.disconnect();
console.log("OK " + mode);
process.exit(0);
