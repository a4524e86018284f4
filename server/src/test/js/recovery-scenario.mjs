// Decision 34 through the official socket.io-client, knowing only the documented interface.
// Usage: node recovery-scenario.mjs <base-url> <websocket|polling> <recover|expire>
//   recover: a dropped client comes back with the same id, its rooms, and what was sent meanwhile, once, in
//            order, without a second `connected`; nobody hears it leave or join; a revoked token and another
//            user's token get a connect error and nothing of the session.
//   expire:  (a server with a short window) user_left comes only once the window has passed.
// Prints "RECOVERY OK" and exits 0 when every step held.
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import * as rest from "./rest.mjs";

const [baseUrl, mode, what] = process.argv.slice(2);
const transports = { websocket: ["websocket"], polling: ["polling"] }[mode];
const suffix = `${mode}_${Date.now().toString(36)}`;
const api = (...args) => rest.api(baseUrl, ...args);
const newUser = (name) => rest.newUser(baseUrl, name, suffix);
setTimeout(() => { console.error("FAIL: timeout"); process.exit(1); }, 60000);

function connect(user) {
  const socket = io(baseUrl, { transports, reconnection: false, forceNew: true, auth: { token: user.token } });
  socket.seen = [];
  socket.onAny((event, payload) => socket.seen.push({ event, payload }));
  socket.count = (event, predicate = () => true) => socket.seen.filter((s) => s.event === event && predicate(s.payload)).length;
  socket.until = async (predicate) => { while (!predicate()) await new Promise((r) => setTimeout(r, 10)); };
  return new Promise((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.once("connected", () => resolve(socket));
  });
}

const ack = (socket, event, data) => socket.timeout(10000).emitWithAck(event, data);
const publicTexts = (socket) => socket.seen.filter((s) => s.event === "new_public_message").map((s) => s.payload.content);

/** What a dropped network does: the transport closes under the client. */
async function drop(socket) {
  const gone = new Promise((r) => socket.once("disconnect", r));
  socket.io.engine.close();
  await gone;
}

async function reconnect(socket) {
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
    socket.connect();
  });
}

const alice = await newUser("alice");
const bob = await newUser("bob");
const a = await connect(alice);
const b = await connect(bob);
await ack(a, "join_public");
await ack(b, "join_public");
await b.until(() => b.count("user_joined", (p) => p.user_id === alice.id) >= 1 || true);

if (what === "expire") {
  const dropped = Date.now();
  await drop(a);
  await b.until(() => b.count("user_left", (p) => p.user_id === alice.id) === 1);
  const waited = Date.now() - dropped;
  assert.ok(waited >= 900, `user_left after ${waited} ms, before the window passed`);
  // a client-side disconnect is announced at once
  const c = await connect(alice);
  await ack(c, "join_public");
  const left = b.count("user_left", (p) => p.user_id === alice.id);
  c.disconnect();
  await b.until(() => b.count("user_left", (p) => p.user_id === alice.id) === left + 1);
  console.log("RECOVERY OK");
  process.exit(0);
}

const firstId = a.id;
const joinedBefore = b.count("user_joined", (p) => p.user_id === alice.id);

// Sent while alice is away: three public messages and a private one.
await drop(a);
for (const content of ["away 1", "away 2", "away 3"]) await ack(b, "send_public_message", { content });
await ack(b, "send_private_message", { other_user_id: alice.id, content: "psst" });
await b.until(() => publicTexts(b).includes("away 3"));

await reconnect(a);
assert.equal(a.recovered, true, "recovered");
assert.equal(a.id, firstId, "same socket id");
await ack(b, "send_public_message", { content: "live" }); // the room is back without join_public
await a.until(() => publicTexts(a).includes("live"));
assert.deepEqual(publicTexts(a), ["away 1", "away 2", "away 3", "live"], "missed messages once, in order");
assert.equal(a.count("new_private_message", (p) => p.content === "psst"), 1, "the private message, once");
assert.equal(a.count("connected"), 1, "no second welcome");
assert.equal(b.count("user_left", (p) => p.user_id === alice.id), 0, "no user_left for a recovered user");
assert.equal(b.count("user_joined", (p) => p.user_id === alice.id), joinedBefore, "no user_joined again");
const online = await ack(a, "get_online_users");
assert.ok(online.users.some((u) => u.id === alice.id), "still online");

// Another user's token on alice's session: refused, nothing replayed.
const mallory = await newUser("mallory");
await drop(a);
await ack(b, "send_public_message", { content: "not for mallory" });
await b.until(() => publicTexts(b).includes("not for mallory"));
a.auth = { token: mallory.token };
await assert.rejects(reconnect(a), (err) => typeof err.message === "string");
assert.ok(!publicTexts(a).includes("not for mallory"), "nothing replayed to another user's token");
a.close();

// A revoked token: refused, nothing replayed.
const a2 = await connect(alice);
await ack(a2, "join_public");
await ack(b, "send_public_message", { content: "before logout" });
await a2.until(() => publicTexts(a2).includes("before logout"));
await drop(a2);
await ack(b, "send_public_message", { content: "after logout" });
assert.equal((await api("POST", "/auth/logout", alice.token)).status < 300, true);
await assert.rejects(reconnect(a2), (err) => typeof err.message === "string");
assert.ok(!publicTexts(a2).includes("after logout"), "nothing replayed to a revoked token");
a2.close();
b.close();
console.log("RECOVERY OK");
process.exit(0);
