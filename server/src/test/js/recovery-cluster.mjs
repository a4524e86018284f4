// Decision 34 in a cluster, through the official socket.io-client.
// Usage: node recovery-cluster.mjs <url-a> <url-b> <pid-of-node-a> <websocket|polling>
// A client dropped from node a recovers on node b; then node a is killed (SIGKILL) and a client of it
// recovers on b. Each time: same id, recovered, the messages sent meanwhile once and in order, the rooms
// back without joining. Prints "RECOVERY CLUSTER OK" and exits 0 when every step held.
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import * as rest from "./rest.mjs";

const [urlA, urlB, pidA, mode] = process.argv.slice(2);
const transports = { websocket: ["websocket"], polling: ["polling"] }[mode];
const suffix = `${mode}_${Date.now().toString(36)}`;
const api = (...args) => rest.api(urlB, ...args);
const newUser = (name) => rest.newUser(urlB, name, suffix);
setTimeout(() => { console.error("FAIL: timeout"); process.exit(1); }, 90000);

function connect(url, user) {
  const socket = io(url, { transports, reconnection: false, forceNew: true, auth: { token: user.token } });
  socket.seen = [];
  socket.onAny((event, payload) => socket.seen.push({ event, payload }));
  socket.until = async (predicate) => { while (!predicate()) await new Promise((r) => setTimeout(r, 10)); };
  return new Promise((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.once("connected", () => resolve(socket));
  });
}

const ack = (socket, event, data) => socket.timeout(10000).emitWithAck(event, data);
const texts = (socket, event) => socket.seen.filter((s) => s.event === event).map((s) => s.payload.content);

/** Reconnects to another node: the client keeps its session id and last offset, only the address changes. */
function reconnectTo(socket, url) {
  socket.io.uri = url;
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
    socket.connect();
  });
}

const alice = await newUser("alice");
const bob = await newUser("bob");
const carol = await newUser("carol");
const b = await connect(urlB, bob);
await ack(b, "join_public");

// 1. Dropped from a, back on b.
const a = await connect(urlA, alice);
await ack(a, "join_public");
await ack(b, "send_public_message", { content: "hello" });
await a.until(() => texts(a, "new_public_message").includes("hello"));
const aliceId = a.id;
const gone = new Promise((r) => a.once("disconnect", r));
a.io.engine.close();
await gone;
for (const content of ["moved 1", "moved 2", "moved 3"]) await ack(b, "send_public_message", { content });
await ack(b, "send_private_message", { other_user_id: alice.id, content: "psst" });
await b.until(() => texts(b, "new_public_message").includes("moved 3"));
await reconnectTo(a, urlB);
assert.equal(a.recovered, true, "recovered on the other node");
assert.equal(a.id, aliceId, "same id on the other node");
await ack(b, "send_public_message", { content: "live" });
await a.until(() => texts(a, "new_public_message").includes("live"));
assert.deepEqual(texts(a, "new_public_message"), ["hello", "moved 1", "moved 2", "moved 3", "live"]);
assert.deepEqual(texts(a, "new_private_message"), ["psst"]);
assert.equal(a.seen.filter((s) => s.event === "connected").length, 1, "no second welcome");

// 2. Node a dies (kill -9) under carol; she comes back on b.
const c = await connect(urlA, carol);
await ack(c, "join_public");
await ack(b, "send_public_message", { content: "before kill" });
await c.until(() => texts(c, "new_public_message").includes("before kill"));
const carolId = c.id;
const lost = new Promise((r) => c.once("disconnect", r));
process.kill(Number(pidA), "SIGKILL");
await lost;
for (const content of ["after kill 1", "after kill 2"]) await ack(b, "send_public_message", { content });
await reconnectTo(c, urlB);
assert.equal(c.recovered, true, "recovered after its node was killed");
assert.equal(c.id, carolId, "same id after its node was killed");
await ack(b, "send_public_message", { content: "live 2" });
await c.until(() => texts(c, "new_public_message").includes("live 2"));
assert.deepEqual(texts(c, "new_public_message"), ["before kill", "after kill 1", "after kill 2", "live 2"]);
a.close();
b.close();
c.close();
console.log("RECOVERY CLUSTER OK");
process.exit(0);
