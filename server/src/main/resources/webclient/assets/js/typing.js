// Typing notices (decision 40). Sent: at most one "typing" every 2 s while the field has text, and a
// "stopped" when it empties, is sent, loses focus or stays untouched for 5 s. Received: shown per
// conversation until a "stopped", the person's message, or 6 s without a new notice.

const SEND_EVERY_MS = 2000;
const IDLE_MS = 5000;
const SHOWN_MS = 6000;

export class Typing {
  constructor(sendTyping, sendStopped, onChange) {
    this.sendTyping = sendTyping;
    this.sendStopped = sendStopped;
    this.onChange = onChange;
    this.local = null; // {conversation, sentAt, idleTimer}
    this.others = new Map(); // conversation key -> Map(user id -> {username, timer})
  }

  localInput(conversation) {
    const now = Date.now();
    if (this.local && this.local.conversation !== conversation) this.stopLocal();
    if (!this.local) this.local = { conversation, sentAt: 0, idleTimer: null };
    if (now - this.local.sentAt >= SEND_EVERY_MS) {
      this.local.sentAt = now;
      this.sendTyping(conversation);
    }
    clearTimeout(this.local.idleTimer);
    this.local.idleTimer = setTimeout(() => this.stopLocal(), IDLE_MS);
  }

  stopLocal() {
    if (!this.local) return;
    clearTimeout(this.local.idleTimer);
    this.sendStopped(this.local.conversation);
    this.local = null;
  }

  received(key, userId, username, typing) {
    let typists = this.others.get(key);
    const known = typists?.get(userId);
    if (known) clearTimeout(known.timer);
    if (!typing) {
      if (known) {
        typists.delete(userId);
        this.onChange();
      }
      return;
    }
    if (!typists) this.others.set(key, typists = new Map());
    typists.set(userId, { username, timer: setTimeout(() => this.received(key, userId, username, false), SHOWN_MS) });
    this.onChange();
  }

  names(key) {
    return [...(this.others.get(key)?.values() ?? [])].map((t) => t.username);
  }

  clear() {
    if (this.local) clearTimeout(this.local.idleTimer);
    this.local = null;
    for (const typists of this.others.values()) for (const t of typists.values()) clearTimeout(t.timer);
    this.others.clear();
  }
}
