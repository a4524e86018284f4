// A terminal chat client. Run it in two terminals with two users to chat:
//   node chat.mjs alice secret-password alice@example.com
//   node chat.mjs bob   secret-password bob@example.com
// Type a line to post in the public room; /pm <user_id> <text>, /online, /history, /quit.
import readline from "node:readline";
import { api, connect, loginOrRegister } from "./lib.mjs";

const [username, password, email] = process.argv.slice(2);
const baseUrl = process.env.CHAT_URL || "http://localhost:5000";
if (!username || !password) {
  console.error("usage: node chat.mjs <username> <password> [email-to-register-with]");
  process.exit(2);
}

const login = await loginOrRegister(baseUrl, username, password, email);
const { socket, welcome } = await connect(baseUrl, login.access_token);
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

const rl = readline.createInterface({ input: process.stdin });
rl.on("line", async (line) => {
  const text = line.trim();
  if (!text) return;
  if (text === "/quit") {
    socket.disconnect();
    process.exit(0);
  } else if (text === "/online") {
    socket.emit("get_online_users");
  } else if (text === "/history") {
    const { messages } = await api(baseUrl, "GET", "/messages?limit=20", { token: login.access_token });
    for (const m of messages) console.log(`[history] ${m.timestamp} ${m.username}: ${m.content}`);
  } else if (text.startsWith("/pm ")) {
    const [, id, ...rest] = text.split(" ");
    socket.emit("send_private_message", { other_user_id: Number(id), content: rest.join(" ") });
  } else {
    socket.emit("send_public_message", { content: text });
  }
});
