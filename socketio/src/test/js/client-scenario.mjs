// Usage: node client-scenario.mjs <url> <polling|websocket|upgrade>
// Connects with auth, checks echo, acks both ways, binary, rooms, a refused namespace; prints
// "OK" and exits 0 on success, prints the failure and exits 1 otherwise.
import { io } from "socket.io-client";

const [url, mode] = process.argv.slice(2);
const transports = mode === "polling" ? ["polling"] : mode === "websocket" ? ["websocket"] : ["polling", "websocket"];
const fail = (msg) => { console.error("FAIL " + msg); process.exit(1); };
setTimeout(() => fail("timeout"), 15000);
const once = (socket, ev) => new Promise((res) => socket.once(ev, (...a) => res(a)));
const eq = (a, b, what) => { if (JSON.stringify(a) !== JSON.stringify(b)) fail(`${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`); };

const socket = io(url, { transports, auth: { token: "secret" }, reconnection: false, upgrade: mode === "upgrade" });
await once(socket, "connect");

const [auth] = await once(socket, "auth");
eq(auth, { token: "secret" }, "auth echo");

socket.emit("echo", 1, "two", { three: [true] });
eq(await once(socket, "echo-back"), [1, "two", { three: [true] }], "echo");

eq(await socket.timeout(5000).emitWithAck("with-ack", "a", 2), ["a", 2], "client->server ack");

socket.on("ask", (x, cb) => cb(x * 2));
socket.emit("ask-me", 21);
eq(await once(socket, "asked"), [42], "server->client ack");

socket.emit("binary", Uint8Array.from([1, 2, 3]));
const [bin] = await once(socket, "binary-back");
eq(Array.from(new Uint8Array(bin)), [1, 2, 3], "binary");

socket.emit("join", "room1");
eq(await once(socket, "room-msg"), ["hello room1"], "room broadcast");

const refused = io(url + "/private", { transports, reconnection: false, forceNew: true });
const [err] = await once(refused, "connect_error");
eq(err.message, "Authentication required", "refused message");
refused.close();

if (mode === "upgrade") {
  if (socket.io.engine.transport.name !== "websocket") await once(socket.io.engine, "upgrade");
  socket.emit("echo", "after-upgrade");
  eq(await once(socket, "echo-back"), ["after-upgrade"], "echo after upgrade");
}

socket.disconnect();
console.log("OK " + mode);
process.exit(0);
