// Usage: node recovery-scenario.mjs <url> <polling|websocket>
// Connection state recovery with the official client: a lost connection comes back with the same id,
// its rooms, and every broadcast it missed, in order, once; a session presented with another user's
// token is refused before anything is replayed; after the window a client gets a new session.
// Prints "OK" and exits 0 on success.
import { io } from "socket.io-client";

const [url, mode] = process.argv.slice(2);
const transports = mode === "polling" ? ["polling"] : ["websocket"];
const fail = (msg) => { console.error("FAIL " + msg); process.exit(1); };
let step = "connect";
setTimeout(() => fail("timeout at step " + step), 20000);
const eq = (a, b, what) => { if (JSON.stringify(a) !== JSON.stringify(b)) fail(`${what}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`); };
const once = (socket, ev) => new Promise((res) => socket.once(ev, (...a) => res(a)));
const ack = (socket, ev, ...args) => new Promise((res) => socket.emit(ev, ...args, (...a) => res(a)));
const open = (token) => io(url, { transports, auth: { token }, reconnection: false, forceNew: true });

/** Closes the transport as a dropped network would, and waits until the server saw the socket go. */
async function drop(socket, observer) {
  const id = socket.id;
  const gone = once(socket, "disconnect");
  socket.io.engine.close();
  await gone;
  while (!(await ack(observer, "gone", id))[0]) await new Promise((r) => setTimeout(r, 10));
}

const bob = open("bob");
await once(bob, "connect");

step = "first connection";
const alice = open("alice");
const heard = [];
alice.on("said", (text, offset) => {
  if (typeof offset !== "string") fail("no offset on a broadcast: " + JSON.stringify([text, offset]));
  heard.push(text);
});
await once(alice, "connect");
if (alice.recovered) fail("recovered on a first connection");
const firstId = alice.id;
await ack(alice, "join", "r1");
await ack(bob, "say", "r1", "m0");
while (heard.length < 1) await new Promise((r) => setTimeout(r, 10));

step = "missed while away";
await drop(alice, bob);
for (const m of ["m1", "m2", "m3", "m4", "m5"]) await ack(bob, "say", "r1", m);
const back = once(alice, "connect");
alice.connect();
await back;
if (!alice.recovered) fail("not recovered");
eq(alice.id, firstId, "same id after recovery");
await ack(bob, "say", "r1", "m6"); // live: the room is back without joining again
while (heard.length < 7) await new Promise((r) => setTimeout(r, 10));
await ack(bob, "say", "r1", "m7");
while (heard.length < 8) await new Promise((r) => setTimeout(r, 10));
eq(heard, ["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7"], "every packet once, in order");

step = "recovered twice";
await drop(alice, bob);
await ack(bob, "say", "r1", "m8");
const again = once(alice, "connect");
alice.connect();
await again;
if (!alice.recovered) fail("second recovery failed");
await ack(bob, "say", "r1", "m9");
while (heard.length < 10) await new Promise((r) => setTimeout(r, 10));
eq(heard.slice(8), ["m8", "m9"], "second recovery");

step = "another user's token";
await drop(alice, bob);
await ack(bob, "say", "r1", "secret");
alice.auth = { token: "mallory" };
const refused = once(alice, "connect_error");
alice.connect();
const [err] = await refused;
eq(err.message, "not your session", "refusal");
eq(heard.length, 10, "nothing replayed to a refused connection");
alice.close();

step = "expired window";
const carol = open("carol");
await once(carol, "connect");
const carolId = carol.id;
await ack(carol, "join", "r1");
await ack(bob, "say", "r1", "c0"); // carol now holds an offset
await drop(carol, bob);
await ack(bob, "advance-clock"); // the window passes
const fresh = once(carol, "connect");
carol.connect();
await fresh;
if (carol.recovered) fail("recovered after the window");
if (carol.id === carolId) fail("same id after the window");
carol.close();
bob.close();
console.log("OK " + mode);
process.exit(0);
