// Issue 13's chaos client: users who follow the delivery contract (decisions 31-35), through the official
// socket.io-client, while ChaosTest kills node a with SIGKILL, restarts it and restarts Redis.
// Usage: node chaos.mjs <url-a> <url-b> <stop-file> <out-file>
//
// Each user sends public and private messages with client ids until <stop-file> exists, each send retried
// until acknowledged: over the socket with an ack timeout, else over REST with the same client_id, on
// whichever node answers. Each user applies pushes by (conversation, seq): the next seq is applied, a seq
// already held is stale (not applied), a gap is filled from `.../changes` first. After a reconnect that did
// not recover the session it joins the public room again and catches up every conversation from its last
// seq until has_more is false. A lost connection fails over between the nodes' urls.
//
// At the end it waits until every user holds each of its conversations' latest_seq, then writes every
// user's log (every push received, every change applied, every acknowledgement) to <out-file> as JSON
// for ChaosTest's checker, and prints "CHAOS OK".
import assert from "node:assert/strict";
import fs from "node:fs";
import { io } from "socket.io-client";

const [urlA, urlB, stopFile, outFile] = process.argv.slice(2);
const suffix = Date.now().toString(36);
const SEND_PACE_MS = 25; // between one user's sends, so that the run makes a few hundred messages
const ACK_TIMEOUT_MS = 2000;
const CATCH_UP_PAGE = 50; // small, so that catch-ups go over several pages
const SETTLE_TIMEOUT_MS = 40000;

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const stopped = () => fs.existsSync(stopFile);

function fail(message, clients = []) {
  console.error(`FAIL: ${message}`);
  for (const c of clients) console.error(c.summary());
  process.exit(1);
}

/** One REST call on the first of `urls` that answers (a refused connection or a 5xx tries the next one). */
async function rest(urls, method, path, token, body) {
  for (let round = 0; ; round++) {
    for (const url of urls) {
      try {
        const res = await fetch(`${url}/api${path}`, {
          method,
          headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: body && JSON.stringify(body),
          signal: AbortSignal.timeout(5000),
        });
        if (res.status < 500) {
          return { status: res.status, body: await res.json(), replayed: res.headers.get("idempotent-replayed") };
        }
      } catch {
        // the node is down or slow: the next one
      }
    }
    if (round > 0 && round % 50 === 0) console.error(`still retrying ${method} ${path}`);
    await pause(100);
  }
}

async function newUser(name) {
  const username = `${name}_${suffix}`;
  const password = "chaos-password";
  const urls = [urlB, urlA];
  const email = `${username}@example.com`;
  const reg = await rest(urls, "POST", "/auth/register", null, { username, email, password });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const login = await rest(urls, "POST", "/auth/login", null, { username, password });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return { id: login.body.user.id, username, token: login.body.access_token };
}

class Client {
  /** `urls`: where it connects, in order of preference; `dropEvery`: closes its own transport every so many sends. */
  constructor(user, urls, dropEvery) {
    Object.assign(this, { user, urls, dropEvery });
    this.conversations = new Map([["public", { last: 0, other: null }]]); // key -> last applied seq
    this.log = []; // {kind: push|applied|stale, conv, seq, id, via, session}
    this.acks = []; // {client_id, id, seq, conv, via, duplicate}
    this.sessions = []; // {id, url, recovered}
    this.work = Promise.resolve(); // pushes, rejoins and catch-ups, one after another
    this.url = urls[0];
  }

  get session() {
    return this.sessions.length;
  }

  async start() {
    this.socket = io(this.url, { transports: ["websocket"], reconnection: false, auth: { token: this.user.token } });
    this.socket.on("connect", () => this.connected());
    this.socket.on("disconnect", (reason) => {
      if (reason !== "io client disconnect") this.reconnect();
    });
    this.socket.on("new_public_message", (m) => this.received("public", m));
    this.socket.on("new_private_message", (m) => this.received(`chat:${m.chat_id}`, m));
    this.socket.on("error", (e) => console.error(`${this.user.username}: error event ${JSON.stringify(e)}`));
    await this.connectTo(this.url);
    await this.work;
  }

  connectTo(url) {
    this.socket.io.uri = url;
    this.url = url;
    return new Promise((resolve, reject) => {
      const done = (err) => {
        this.socket.off("connect", done);
        this.socket.off("connect_error", done);
        if (err) reject(err);
        else resolve();
      };
      this.socket.on("connect", done);
      this.socket.on("connect_error", done);
      this.socket.connect();
    });
  }

  /** Fails over between the urls, starting with the preferred one, until a connection holds. */
  async reconnect() {
    for (let attempt = 0; !this.socket.connected; attempt++) {
      try {
        await this.connectTo(this.urls[attempt % this.urls.length]);
      } catch (e) {
        if (/revoked|token/i.test(e.message)) fail(`${this.user.username}: ${e.message}`);
        await pause(100);
      }
    }
  }

  /** Runs synchronously on `connect`, before any packet of the new connection is handled. */
  connected() {
    const recovered = this.socket.recovered === true;
    if (recovered && this.sessions.length > 0) {
      this.sessions[this.sessions.length - 1].recoveries.push(this.url);
      return; // same session: rooms and missed pushes come back by themselves
    }
    this.sessions.push({ id: this.socket.id, url: this.url, recovered, recoveries: [] });
    this.enqueue(() => this.rejoinAndCatchUp());
  }

  enqueue(task) {
    this.work = this.work.then(task).catch((e) => fail(`${this.user.username}: ${e.stack || e}`));
  }

  async rejoinAndCatchUp() {
    try {
      await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("join_public");
    } catch {
      // lost again: the next connection rejoins
    }
    if (this.session === 1) {
      for (const other of this.others) {
        const joined = await this.socket.timeout(10000).emitWithAck("join_private", { other_user_id: other.id });
        assert.equal(joined.ok, true, JSON.stringify(joined));
        this.conversations.set(`chat:${joined.chat_id}`, { last: 0, other: other.id });
      }
    }
    for (const key of this.conversations.keys()) await this.catchUp(key);
  }

  async catchUp(key) {
    const c = this.conversations.get(key);
    const base = c.other === null ? "/messages" : `/messages/private/${c.other}`;
    for (;;) {
      const page = await rest(this.restUrls(), "GET", `${base}/changes?since=${c.last}&limit=${CATCH_UP_PAGE}`,
        this.user.token);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      for (const change of page.body.changes) this.apply(key, change, "catchup");
      if (!page.body.has_more) return;
    }
  }

  received(key, m) {
    const session = this.session;
    this.log.push({ kind: "push", conv: key, seq: m.seq, id: m.id, session });
    this.enqueue(async () => {
      const c = this.conversations.get(key);
      if (!c) fail(`${this.user.username}: a push of an unknown conversation ${key}`);
      if (m.seq > c.last + 1) {
        this.log.push({ kind: "gap", conv: key, seq: m.seq, after: c.last, session });
        await this.catchUp(key);
      }
      this.apply(key, m, "push", session);
    });
  }

  apply(key, m, via, session = this.session) {
    const c = this.conversations.get(key);
    if (m.seq <= c.last) {
      this.log.push({ kind: "stale", conv: key, seq: m.seq, id: m.id, via, session });
      return;
    }
    c.last = m.seq;
    this.log.push({ kind: "applied", conv: key, seq: m.seq, id: m.id, via, session });
  }

  /** REST goes first to the node the socket is on. */
  restUrls() {
    return [this.url, ...this.urls.filter((u) => u !== this.url)];
  }

  async sendAll() {
    for (let i = 0; !stopped(); i++) {
      const other = i % 3 === 2 ? this.others[Math.floor(i / 3) % this.others.length] : null;
      const clientId = `${this.user.username}-${i}`;
      const content = `${this.user.username} says ${i}`;
      // Every tenth message is also posted over REST at once, as by a client that took its first try for lost.
      const race = i % 10 === 5 ? this.postUntilAcknowledged(other, clientId, content) : null;
      await this.sendUntilAcknowledged(other, clientId, content);
      await race;
      if (this.dropEvery && i % this.dropEvery === this.dropEvery - 1 && this.socket.connected) {
        this.socket.io.engine.close(); // a tunnel: the transport goes, the session stays
      }
      await pause(SEND_PACE_MS);
    }
  }

  async sendUntilAcknowledged(other, clientId, content) {
    if (this.socket.connected) {
      try {
        const socket = this.socket.timeout(ACK_TIMEOUT_MS);
        const ack = other === null
          ? await socket.emitWithAck("send_public_message", { content, client_id: clientId })
          : await socket.emitWithAck("send_private_message", { other_user_id: other.id, content, client_id: clientId });
        if (ack.ok) return this.acknowledged(other, ack, clientId, "socket", ack.duplicate === true);
        if (/client_id/i.test(ack.message || "")) fail(`${clientId}: ${ack.message}`);
      } catch {
        // no acknowledgement in time: REST with the same client id
      }
    }
    return this.postUntilAcknowledged(other, clientId, content);
  }

  async postUntilAcknowledged(other, clientId, content) {
    const path = other === null ? "/messages" : `/messages/private/${other.id}`;
    for (;;) {
      const res = await rest(this.restUrls(), "POST", path, this.user.token, { content, client_id: clientId });
      if (res.status === 201) return this.acknowledged(other, res.body, clientId, "rest", res.replayed === "true");
      if (res.status !== 429) fail(`${clientId}: REST ${res.status} ${JSON.stringify(res.body)}`);
      await pause(100);
    }
  }

  acknowledged(other, m, clientId, via, duplicate) {
    assert.equal(m.client_id, clientId, JSON.stringify(m));
    this.acks.push({ client_id: clientId, id: m.id, seq: m.seq, conv: other === null ? "public" : `chat:${m.chat_id}`,
      via, duplicate });
  }

  holds(latest) {
    return [...this.conversations].every(([key, c]) => c.last === latest.get(key));
  }

  summary() {
    const count = (kind) => this.log.filter((e) => e.kind === kind).length;
    const last = Object.fromEntries([...this.conversations].map(([k, c]) => [k, c.last]));
    const overRest = this.acks.filter((a) => a.via === "rest").length;
    return `${this.user.username}: ${this.acks.length} acks (${overRest} over REST,`
      + ` ${this.acks.filter((a) => a.duplicate).length} duplicates), ${this.sessions.length} sessions,`
      + ` ${this.sessions.reduce((n, s) => n + s.recoveries.length, 0)} recoveries, ${count("push")} pushes,`
      + ` ${count("applied")} applied, ${count("stale")} stale, ${count("gap")} gaps, last ${JSON.stringify(last)}`;
  }
}

setTimeout(() => fail("timeout", clients), 110000);
const users = [await newUser("alice"), await newUser("bob"), await newUser("carol")];
const clients = [
  new Client(users[0], [urlA, urlB], 20),
  new Client(users[1], [urlB, urlA], 0),
  new Client(users[2], [urlA, urlB], 15),
];
for (const c of clients) c.others = users.filter((u) => u.id !== c.user.id);
for (const c of clients) await c.start(); // every chat exists before anything is sent
await Promise.all(clients.map((c) => c.sendAll()));

// Everything is acknowledged, so committed: each user must come to hold each conversation's latest seq.
const latest = new Map();
const reader = clients[0];
for (const key of reader.conversations.keys()) {
  const c = reader.conversations.get(key);
  const base = c.other === null ? "/messages" : `/messages/private/${c.other}`;
  const page = await rest([urlA, urlB], "GET", `${base}/changes?since=0&limit=1`, reader.user.token);
  latest.set(key, page.body.latest_seq);
}
for (const c of clients) {
  for (const [key, conv] of c.conversations) {
    if (!latest.has(key)) { // the chat of the two other users
      const page = await rest([urlA, urlB], "GET", `/messages/private/${conv.other}/changes?since=0&limit=1`,
        c.user.token);
      latest.set(key, page.body.latest_seq);
    }
  }
}
const settleBy = Date.now() + SETTLE_TIMEOUT_MS;
while (!clients.every((c) => c.holds(latest))) {
  if (Date.now() > settleBy) fail(`not every user reached ${JSON.stringify([...latest])}`, clients);
  await pause(50);
}
await Promise.all(clients.map((c) => c.work));
for (const c of clients) console.log(c.summary());
fs.writeFileSync(outFile, JSON.stringify(clients.map((c) => ({
  user_id: c.user.id,
  username: c.user.username,
  summary: c.summary(),
  conversations: Object.fromEntries([...c.conversations].map(([k, v]) => [k, v.other])),
  sessions: c.sessions,
  log: c.log,
  acks: c.acks,
}))));
for (const c of clients) c.socket.disconnect();
console.log("CHAOS OK");
process.exit(0);
