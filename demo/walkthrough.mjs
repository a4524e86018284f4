// A scripted tour: two new users log in, chat in public, exchange a private message and list who is
// online. Each run registers users of its own (walk_a_<run>, walk_b_<run>), so it never clashes with
// the README's alice and bob or with an earlier run. Exits non-zero if anything does not arrive.
import { connect, next, registerAndLogin, run } from "./lib.mjs";

const baseUrl = process.env.CHAT_URL || process.argv[2] || "http://localhost:5000";
const runId = Date.now().toString(36) + Math.random().toString(36).slice(2, 5);
const password = "walkthrough-password";

const step = (text) => console.log(`-- ${text}`);

await run(async () => {
  step("register and log in two new users");
  const alice = await registerAndLogin(baseUrl, `walk_a_${runId}`, password, `walk_a_${runId}@example.com`);
  const bob = await registerAndLogin(baseUrl, `walk_b_${runId}`, password, `walk_b_${runId}@example.com`);
  console.log(`${alice.user.username} (id ${alice.user.id}) and ${bob.user.username} (id ${bob.user.id})`);

  step("connect both over Socket.IO");
  const a = await connect(baseUrl, alice.access_token);
  const b = await connect(baseUrl, bob.access_token);
  console.log(a.welcome.message, "/", b.welcome.message);

  step("both join the public room");
  a.socket.emit("join_public");
  await next(a.socket, "user_joined", (e) => e.user_id === alice.user.id);
  b.socket.emit("join_public");
  console.log((await next(a.socket, "user_joined", (e) => e.user_id === bob.user.id)).message);

  step("the first says hello in public");
  const heard = next(b.socket, "new_public_message", (m) => m.user_id === alice.user.id);
  a.socket.emit("send_public_message", { content: "Hello everyone!" });
  const pub = await heard;
  console.log(`${bob.user.username} sees: ${pub.username}: ${pub.content}`);

  step("the second answers in private");
  const whisper = next(a.socket, "new_private_message");
  b.socket.emit("send_private_message", { other_user_id: alice.user.id, content: "Hi, just you and me" });
  const priv = await whisper;
  console.log(`${alice.user.username} sees in chat ${priv.chat_id}: ${priv.username}: ${priv.content}`);

  step("who is online (in the public room)?");
  const online = next(a.socket, "online_users");
  a.socket.emit("get_online_users");
  console.log((await online).users.map((u) => u.username).join(", "));

  a.socket.disconnect();
  b.socket.disconnect();
  step("done");
  process.exit(0);
});
