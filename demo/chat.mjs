// A terminal chat client. Run it in two terminals with two users to chat (the third argument
// registers the account on first use):
//   node chat.mjs alice 'correct horse' alice@example.com
//   node chat.mjs bob   'battery staple' bob@example.com
// Type a line to post in the public room; /pm <username or id> <text>, /online, /history, /quit.
import readline from "node:readline";
import { api, connect, describe, DemoError, loginOrRegister, run } from "./lib.mjs";

const [username, password, email] = process.argv.slice(2);
const baseUrl = process.env.CHAT_URL || "http://localhost:5000";
if (!username || !password) {
  console.error("usage: node chat.mjs <username> <password> [email-to-register-with]");
  process.exit(2);
}

/** The id of the user named by `who`: a numeric id as given, otherwise looked up by username. */
async function userId(who, token) {
  if (/^\d+$/.test(who)) return Number(who);
  const { users } = await api(baseUrl, "GET", "/users", { token });
  const user = users.find((u) => u.username.toLowerCase() === who.toLowerCase());
  if (!user) throw new DemoError(`no user named '${who}'`);
  return user.id;
}

await run(async () => {
  const login = await loginOrRegister(baseUrl, username, password, email);
  const token = login.access_token;
  const { socket, welcome } = await connect(baseUrl, token);
  console.log(`* ${welcome.message} (your id is ${welcome.user.id})`);

  socket.on("user_joined", (e) => console.log(`* ${e.message}`));
  socket.on("user_left", (e) => console.log(`* ${e.message}`));
  socket.on("new_public_message", (m) => console.log(`[public] ${m.username}: ${m.content}`));
  socket.on("new_private_message", (m) => console.log(`[private #${m.chat_id}] ${m.username}: ${m.content}`));
  socket.on("message_deleted", (m) => console.log(`* message ${m.id} was deleted`));
  socket.on("online_users", (e) => console.log(`* online: ${e.users.map((u) => `${u.username} (id ${u.id})`).join(", ")}`));
  socket.on("error", (e) => console.log(`! ${e.message}`));
  socket.on("disconnect", (reason) => {
    console.log(`* disconnected: ${reason}`);
    process.exit(0);
  });
  socket.emit("join_public");

  // Lines are handled one after another (a /pm looks the user up first), and each send waits for the
  // server's acknowledgement, so piped input (`printf '/pm bob hi\n/quit\n' | node chat.mjs ...`) works.
  const send = (event, data) => socket.timeout(5000).emitWithAck(event, data);
  const rl = readline.createInterface({ input: process.stdin });
  let pending = Promise.resolve();
  rl.on("line", (line) => {
    pending = pending.then(() => handle(line.trim()));
  });
  rl.on("close", () => pending.then(() => quit()));
  const quit = () => {
    socket.disconnect();
    process.exit(0);
  };

  async function handle(text) {
    if (!text) return;
    try {
      if (text === "/quit") {
        quit();
      } else if (text === "/online") {
        await send("get_online_users");
      } else if (text === "/history") {
        const { messages } = await api(baseUrl, "GET", "/messages?limit=20", { token });
        for (const m of messages) console.log(`[history] ${m.timestamp} ${m.username}: ${m.content}`);
      } else if (text === "/pm" || text.startsWith("/pm ")) {
        const [, who, ...rest] = text.split(/\s+/);
        if (!who || rest.length === 0) throw new DemoError("usage: /pm <username or id> <text>");
        await send("send_private_message", { other_user_id: await userId(who, token), content: rest.join(" ") });
      } else {
        await send("send_public_message", { content: text });
      }
    } catch (e) {
      console.log(`! ${describe(e)}`);
    }
  }
});
