// The API document's demo, scripted: two users log in, chat in public, exchange a private
// message and list who is online. Exits non-zero if anything does not arrive.
import { connect, loginOrRegister, next } from "./lib.mjs";

const baseUrl = process.env.CHAT_URL || process.argv[2] || "http://localhost:5000";
const suffix = Date.now().toString(36);
const password = "walkthrough-password";

const step = (text) => console.log(`-- ${text}`);

step("register and log in alice and bob");
const alice = await loginOrRegister(baseUrl, `alice_${suffix}`, password, `alice_${suffix}@example.com`);
const bob = await loginOrRegister(baseUrl, `bob_${suffix}`, password, `bob_${suffix}@example.com`);

step("connect both over Socket.IO");
const a = await connect(baseUrl, alice.access_token);
const b = await connect(baseUrl, bob.access_token);
console.log(a.welcome.message, "/", b.welcome.message);

step("both join the public room");
a.socket.emit("join_public");
await next(a.socket, "user_joined", (e) => e.user_id === alice.user.id);
b.socket.emit("join_public");
console.log((await next(a.socket, "user_joined", (e) => e.user_id === bob.user.id)).message);

step("alice says hello in public");
const heard = next(b.socket, "new_public_message");
a.socket.emit("send_public_message", { content: "Hello everyone!" });
const pub = await heard;
console.log(`bob sees: ${pub.username}: ${pub.content}`);

step("bob answers alice in private");
const whisper = next(a.socket, "new_private_message");
b.socket.emit("send_private_message", { other_user_id: alice.user.id, content: "Hi Alice, just you and me" });
const priv = await whisper;
console.log(`alice sees in chat ${priv.chat_id}: ${priv.username}: ${priv.content}`);

step("who is online?");
const online = next(a.socket, "online_users");
a.socket.emit("get_online_users");
console.log((await online).users.map((u) => u.username).join(", "));

a.socket.disconnect();
b.socket.disconnect();
step("done");
process.exit(0);
