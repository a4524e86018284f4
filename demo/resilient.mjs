// A client that loses nothing and gets nothing twice (docs/delivery.md), to watch through `kill -9` of its
// node in a two-node cluster (README, "Nothing lost through a node's death"):
//   CHAT_URLS=http://localhost:5001,http://localhost:5002 node resilient.mjs alice 'correct horse' alice@example.com
//   CHAT_URLS=http://localhost:5002,http://localhost:5001 node resilient.mjs bob 'battery staple' bob@example.com
// It posts a numbered line in the public room every second, each with a client id and retried until
// acknowledged (over its socket, else over REST on any node, with the same client id), and prints every
// public message it applies with its seq. When its connection goes it fails over to the next url: the
// session is either recovered (same socket id, missed pushes replayed by the server) or it catches up
// from its last seq over REST. A seq it already holds is skipped, a hole is filled from the server.
import { io } from "socket.io-client";
import { api, DemoError, loginOrRegister, run } from "./lib.mjs";

const [username, password, email] = process.argv.slice(2);
const urls = (process.env.CHAT_URLS || process.env.CHAT_URL || "http://localhost:5000").split(",");
if (!username || !password) {
  console.error("usage: CHAT_URLS=<url>,<url> node resilient.mjs <username> <password> [email-to-register-with]");
  process.exit(2);
}
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const runId = Date.now().toString(36);

/** A REST call on the first node that answers. */
async function anyNode(method, path, options) {
  for (;;) {
    for (const url of urls) {
      try {
        return await api(url, method, path, options);
      } catch (e) {
        if (!(e instanceof DemoError)) throw e; // DemoError: that node is unreachable, try the next
      }
    }
    await pause(500);
  }
}

await run(async () => {
  const { access_token: token, user } = await anyNode("POST", "/auth/login", { body: { username, password } })
    .catch(() => loginOrRegister(urls[0], username, password, email));
  let lastSeq = null; // the last public seq applied
  let work = Promise.resolve(); // pushes and catch-ups, one after another
  const queue = (task) => (work = work.then(task));

  function apply(m, how) {
    if (m.seq <= lastSeq) return console.log(`  (seq ${m.seq} already held, skipped)`);
    lastSeq = m.seq;
    console.log(`[seq ${m.seq}${how}] ${m.deleted ? "(deleted)" : `${m.username}: ${m.content}`}`);
  }

  async function catchUp() {
    for (let more = true; more;) {
      const page = await anyNode("GET", `/messages/changes?since=${lastSeq}&limit=100`, { token });
      page.changes.forEach((m) => apply(m, ", caught up"));
      more = page.has_more;
    }
  }

  const socket = io(urls[0], { auth: { token }, transports: ["websocket"], reconnection: false, autoConnect: false });
  socket.on("new_public_message", (m) => queue(async () => {
    if (lastSeq !== null && m.seq > lastSeq + 1) await catchUp(); // a hole: fill it first
    apply(m, "");
  }));
  socket.on("connect", () => {
    if (socket.recovered) {
      console.log(`* recovered on ${socket.io.uri}: same id ${socket.id}, missed pushes follow`);
      return;
    }
    console.log(`* connected to ${socket.io.uri} as ${user.username}, id ${socket.id}, a new session`);
    queue(async () => {
      await socket.timeout(5000).emitWithAck("join_public").catch(() => {});
      if (lastSeq === null) {
        lastSeq = (await anyNode("GET", "/messages/changes?since=0&limit=1", { token })).latest_seq;
        console.log(`* starting at public seq ${lastSeq}`);
      } else {
        console.log(`* not recovered: catching up from seq ${lastSeq}`);
        await catchUp();
      }
    });
  });
  /** Tries the urls in turn until a connection holds. */
  async function failover() {
    for (let i = 0; !socket.connected; i++) {
      socket.io.uri = urls[i % urls.length];
      const outcome = new Promise((resolve) => {
        socket.once("connect", resolve);
        socket.once("connect_error", resolve);
      });
      socket.connect();
      await outcome;
      if (!socket.connected) await pause(300);
    }
  }
  socket.on("disconnect", (reason) => {
    console.log(`* disconnected (${reason}), failing over`);
    failover();
  });
  await failover();
  await work; // in the public room, at its latest seq, before the first send

  for (let n = 1; ; n++) {
    const clientId = `${user.username}-${runId}-${n}`;
    const content = `${user.username} #${n}`;
    for (let attempt = 1; ; attempt++) {
      let ack = null;
      if (socket.connected) {
        ack = await socket.timeout(2000).emitWithAck("send_public_message", { content, client_id: clientId })
          .catch(() => null);
      }
      if (!ack) {
        ack = await anyNode("POST", "/messages", { token, body: { content, client_id: clientId } })
          .then((m) => ({ ok: true, ...m }), () => null);
      }
      if (ack && ack.ok) {
        const note = attempt > 1 ? ` after ${attempt} tries${ack.duplicate ? ", already stored" : ""}` : "";
        console.log(`  sent #${n} as seq ${ack.seq}${note}`);
        break;
      }
      await pause(500);
    }
    await pause(1000);
  }
});
