// A full chat scenario through the official socket.io-client, knowing only the documented interface (docs/decisions.md).
// Usage: node chat-scenario.mjs <base-url> <websocket|polling|upgrade>
// Prints "SCENARIO OK" and exits 0 when every step held; exits 1 with the failed assertion otherwise.
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import * as rest from "./rest.mjs";

const [baseUrl, mode] = process.argv.slice(2);
const transports = { websocket: ["websocket"], polling: ["polling"], upgrade: ["polling", "websocket"] }[mode];
assert.ok(baseUrl && transports, "usage: chat-scenario.mjs <base-url> <websocket|polling|upgrade>");
const suffix = `${mode}_${Date.now().toString(36)}`;
const api = (...args) => rest.api(baseUrl, ...args);
const newUser = (name) => rest.newUser(baseUrl, name, suffix);

/** Collects every event a socket receives, so a step can wait for one and later check what else came. */
function track(socket) {
  const seen = [];
  const waiters = [];
  socket.onAny((event, payload) => {
    seen.push({ event, payload });
    for (const w of [...waiters]) {
      if (w.event === event && w.predicate(payload)) {
        waiters.splice(waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(payload);
      }
    }
  });
  socket.seen = seen;
  socket.next = (event, predicate = () => true, timeoutMs = 10000) => {
    const already = seen.find((s) => s.event === event && predicate(s.payload) && !s.taken);
    if (already) {
      already.taken = true;
      return Promise.resolve(already.payload);
    }
    return new Promise((resolve, reject) => {
      const w = { event, predicate, resolve };
      w.timer = setTimeout(() => reject(new Error(`${mode}: timed out waiting for ${event}`)), timeoutMs);
      waiters.push(w);
    });
  };
  socket.count = (event, predicate = () => true) => seen.filter((s) => s.event === event && predicate(s.payload)).length;
  return socket;
}

function connect(token, { viaQuery = false } = {}) {
  const socket = track(
    io(baseUrl, {
      transports,
      reconnection: false,
      forceNew: true,
      ...(viaQuery ? { query: { token } } : { auth: { token } }),
    })
  );
  return new Promise((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.next("connected").then(
      (welcome) => resolve({ socket, welcome }),
      reject
    );
  });
}

function refused(auth) {
  const socket = io(baseUrl, { transports, reconnection: false, forceNew: true, auth });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => reject(new Error("a bad token was accepted")));
    socket.once("connect_error", (err) => {
      socket.close();
      resolve(err);
    });
  });
}

const emitWithAck = (socket, event, data) => socket.timeout(10000).emitWithAck(event, data);

const alice = await newUser("alice");
const bob = await newUser("bob");

// Refused handshakes: no token, garbage token.
for (const auth of [{}, { token: "not-a-jwt" }]) {
  const err = await refused(auth);
  assert.equal(typeof err.message, "string");
  assert.ok(err.message.length > 0);
}

// Connect: welcome shape, token in auth and in the query string.
const a1 = await connect(alice.token);
assert.deepEqual(a1.welcome, {
  message: `Welcome, ${alice.username}!`,
  user: { id: alice.id, username: alice.username, avatar_url: null },
});
const a2 = await connect(alice.token, { viaQuery: true });
const b1 = await connect(bob.token);

// Presence: first socket of a user tells the room, a second socket hears it alone.
a1.socket.emit("join_public");
assert.deepEqual(await a1.socket.next("user_joined", (e) => e.user_id === alice.id), {
  user_id: alice.id,
  username: alice.username,
  message: `${alice.username} joined the public chat`,
});
const bobJoin = await emitWithAck(b1.socket, "join_public", {});
assert.equal(bobJoin.ok, true);
await a1.socket.next("user_joined", (e) => e.user_id === bob.id);
await b1.socket.next("user_joined", (e) => e.user_id === bob.id);
a2.socket.emit("join_public");
await a2.socket.next("user_joined", (e) => e.user_id === alice.id);

// Public message with an acknowledgement; everyone in the room gets it once.
const ack = await emitWithAck(a1.socket, "send_public_message", { content: "hello public" });
assert.equal(ack.ok, true);
for (const s of [a1.socket, a2.socket, b1.socket]) {
  const m = await s.next("new_public_message", (m) => m.content === "hello public");
  assert.equal(m.user_id, alice.id);
  assert.equal(m.username, alice.username);
  assert.deepEqual(m.user, { id: alice.id, username: alice.username });
  assert.equal(m.avatar_url, null);
  assert.match(m.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.ok(Number.isInteger(m.id) && m.id > 0);
}
// Alice's second socket joined silently: bob saw her join exactly once.
assert.equal(b1.socket.count("user_joined", (e) => e.user_id === alice.id), 0);
assert.equal(a1.socket.count("user_joined", (e) => e.user_id === alice.id), 1);

// Online users: one entry per user.
b1.socket.emit("get_online_users");
const online = await b1.socket.next("online_users");
const ids = online.users.map((u) => u.id).sort((x, y) => x - y);
assert.deepEqual(ids, [alice.id, bob.id].sort((x, y) => x - y));
assert.deepEqual(online.users.find((u) => u.id === alice.id), { id: alice.id, username: alice.username, avatar_url: null });

// Private chat: join, message to every socket of both users, leave.
b1.socket.emit("join_private", { other_user_id: alice.id });
const joined = await b1.socket.next("joined_private");
assert.equal(joined.room, `private_chat_${joined.chat_id}`);
assert.deepEqual(joined.other_user, { id: alice.id, username: alice.username });
const privAck = await emitWithAck(b1.socket, "send_private_message", { other_user_id: alice.id, content: "psst" });
assert.equal(privAck.ok, true);
for (const s of [a1.socket, a2.socket, b1.socket]) {
  const m = await s.next("new_private_message", (m) => m.content === "psst");
  assert.equal(m.sender_id, bob.id);
  assert.equal(m.chat_id, joined.chat_id);
  assert.deepEqual(m.sender, { id: bob.id, username: bob.username });
  assert.equal(m.username, bob.username);
}
b1.socket.emit("leave_private", { other_user_id: alice.id });
assert.deepEqual(await b1.socket.next("left_private"), { chat_id: joined.chat_id });

// Bad events answer with `error`, or with a failed acknowledgement.
a1.socket.emit("send_public_message", { content: "   " });
assert.equal(typeof (await a1.socket.next("error")).message, "string");
const badAck = await emitWithAck(a1.socket, "send_private_message", { other_user_id: alice.id, content: "me" });
assert.equal(badAck.ok, false);
assert.equal(typeof badAck.message, "string");
const tooLong = await emitWithAck(a1.socket, "send_public_message", { content: "x".repeat(4001) });
assert.equal(tooLong.ok, false);

// REST and real time are one system: REST posts and deletions are pushed.
const posted = await api("POST", "/messages", bob.token, { content: "from rest" });
assert.equal(posted.status, 201);
const pushed = await a1.socket.next("new_public_message", (m) => m.content === "from rest");
assert.equal(pushed.id, posted.body.id);
assert.equal((await api("DELETE", `/messages/${posted.body.id}`, bob.token)).status, 200);
const deletedPush = await a2.socket.next("message_deleted", (m) => m.id === posted.body.id && m.chat_id === null);
// The deletion is a change of the room with a seq of its own, after the message's (decision 32).
assert.ok(deletedPush.seq > posted.body.seq);
assert.deepEqual(deletedPush, { id: posted.body.id, chat_id: null, seq: deletedPush.seq });
const privRest = await api("POST", `/messages/private/${bob.id}`, alice.token, { content: "rest private" });
assert.equal(privRest.status, 201);
await b1.socket.next("new_private_message", (m) => m.id === privRest.body.id);
assert.equal((await api("DELETE", `/messages/private/${bob.id}/${privRest.body.id}`, alice.token)).status, 200);
const privDeleted = await b1.socket.next("message_deleted", (m) => m.id === privRest.body.id && m.chat_id !== null);
assert.ok(privDeleted.seq > privRest.body.seq);
assert.deepEqual(privDeleted, { id: privRest.body.id, chat_id: privRest.body.chat_id, seq: privDeleted.seq });

// Leaving: a second tab going away keeps alice present; her last tab leaving tells bob.
a2.socket.disconnect();
a1.socket.emit("leave_public");
const left = await b1.socket.next("user_left", (e) => e.user_id === alice.id);
assert.equal(left.username, alice.username);
assert.equal(b1.socket.count("user_left", (e) => e.user_id === alice.id), 1);

// Logout closes that token's sockets, and the token is refused afterwards.
const closed = new Promise((resolve) => b1.socket.once("disconnect", resolve));
assert.equal((await api("POST", "/auth/logout", bob.token)).status, 200);
await closed;
await refused({ token: bob.token });

a1.socket.disconnect();
console.log("SCENARIO OK");
process.exit(0);
