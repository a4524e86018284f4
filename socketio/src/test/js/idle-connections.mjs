// Usage: node idle-connections.mjs <ws-url> <count>
// Opens <count> raw Engine.IO WebSocket connections, joins the main namespace on each, answers
// pings, prints "READY <n>" once all are connected and stays idle until killed (MemoryProbe).
import WebSocket from "ws";

const [url, countArg] = process.argv.slice(2);
const count = Number(countArg);
let ready = 0;
const sockets = [];
for (let i = 0; i < count; i++) {
  const ws = new WebSocket(url);
  ws.on("message", (data) => {
    const s = data.toString();
    if (s.startsWith("0")) ws.send("40");
    else if (s === "2") ws.send("3");
    else if (s.startsWith("40") && ++ready === count) console.log("READY " + ready);
  });
  ws.on("error", (e) => { console.error("ERROR " + e.message); process.exit(1); });
  sockets.push(ws);
  if (i % 200 === 199) await new Promise((r) => setTimeout(r, 20));
}
