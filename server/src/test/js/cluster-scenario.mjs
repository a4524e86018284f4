// Two nodes, one chat: the official socket.io-client on node A and on node B, knowing only the documented interface (docs/decisions.md).
// Usage: node cluster-scenario.mjs <node-a-url> <node-b-url> <websocket|polling>
// Prints "CLUSTER OK" and exits 0 when every step held.
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import * as rest from "./rest.mjs";

const [nodeA, nodeB, mode] = process.argv.slice(2);
const transports = mode === "polling" ? ["polling"] : ["websocket"];
const suffix = `${mode}_${Date.now().toString(36)}`;
const api = rest.api;
const newUser = (base, name) => rest.newUser(base, name, suffix);

function track(socket) {
  const seen = [];
  socket.onAny((event, payload) => seen.push({ event, payload }));
  socket.seen = seen;
  socket.next = (event, predicate = () => true, timeoutMs = 15000) =>
    new Promise((resolve, reject) => {
      const deadline = Date.now() + timeoutMs;
      const poll = () => {
        const i = seen.findIndex((s) => s.event === event && predicate(s.payload));
        if (i >= 0) return resolve(seen.splice(i, 1)[0].payload);
        if (Date.now() > deadline) return reject(new Error(`${mode}: timed out waiting for ${event}`));
        setTimeout(poll, 20);
      };
      poll();
    });
  return socket;
}

function connect(base, token) {
  const socket = track(io(base, { transports, reconnection: false, forceNew: true, auth: { token } }));
  return new Promise((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.next("connected").then(() => resolve(socket), reject);
  });
}

const ack = (socket, event, data) => socket.timeout(15000).emitWithAck(event, data);

// Registered on different nodes: one database.
const alice = await newUser(nodeA, "alice");
const bob = await newUser(nodeB, "bob");
const a = await connect(nodeA, alice.token);
const aOnB = await connect(nodeB, alice.token); // a second tab of alice, on the other node
const b = await connect(nodeB, bob.token);

// Public room across nodes, presence per user across nodes.
assert.equal((await ack(b, "join_public")).ok, true);
assert.equal((await ack(a, "join_public")).ok, true);
await b.next("user_joined", (e) => e.user_id === alice.id); // alice's first tab, announced across nodes
assert.equal((await ack(aOnB, "join_public")).ok, true);
await aOnB.next("user_joined", (e) => e.user_id === alice.id); // her second tab hears itself only
assert.equal((await ack(a, "send_public_message", { content: "hello from A" })).ok, true);
await b.next("new_public_message", (m) => m.content === "hello from A" && m.user_id === alice.id);
await aOnB.next("new_public_message", (m) => m.content === "hello from A");
assert.equal(b.seen.filter((s) => s.event === "user_joined" && s.payload.user_id === alice.id).length, 0,
  "bob must not hear alice's second tab join");

// Online users from either node: each user once.
for (const s of [a, b]) {
  const { users } = await ack(s, "get_online_users");
  assert.deepEqual(users.map((u) => u.id).sort((x, y) => x - y), [alice.id, bob.id].sort((x, y) => x - y));
}

// Private messages across nodes reach every socket of both users once.
const sent = await ack(b, "send_private_message", { other_user_id: alice.id, content: "psst across" });
assert.equal(sent.ok, true);
for (const s of [a, aOnB, b]) {
  const m = await s.next("new_private_message", (m) => m.content === "psst across");
  assert.equal(m.chat_id, sent.chat_id);
}

// A REST message posted on B is pushed to the socket on A; its deletion too.
const posted = await api(nodeB, "POST", "/messages", bob.token, { content: "rest on B" });
assert.equal(posted.status, 201);
await a.next("new_public_message", (m) => m.id === posted.body.id);
assert.equal((await api(nodeB, "DELETE", `/messages/${posted.body.id}`, bob.token)).status, 200);
await a.next("message_deleted", (m) => m.id === posted.body.id && m.chat_id === null);

// A token revoked on A closes its sockets on both nodes and is refused by B.
const closedA = new Promise((r) => a.once("disconnect", r));
const closedB = new Promise((r) => aOnB.once("disconnect", r));
assert.equal((await api(nodeA, "POST", "/auth/logout", alice.token)).status, 200);
assert.equal(await closedA, "io server disconnect");
assert.equal(await closedB, "io server disconnect");
await b.next("user_left", (e) => e.user_id === alice.id);
const refused = io(nodeB, { transports, reconnection: false, forceNew: true, auth: { token: alice.token } });
const err = await new Promise((resolve, reject) => {
  refused.once("connect", () => reject(new Error("revoked token accepted on B")));
  refused.once("connect_error", resolve);
});
assert.match(err.message, /revoked/);
assert.equal((await api(nodeB, "GET", "/messages", alice.token)).status, 401);

refused.close();
b.disconnect();
console.log("CLUSTER OK");
process.exit(0);
