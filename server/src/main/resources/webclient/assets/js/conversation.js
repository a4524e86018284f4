// One conversation's state: the public room or the private chat with one user. Messages are kept by id
// (so a push, a page and a catch-up can bring the same message without showing it twice), messages being
// sent by their client id until the server confirms them, and the highest seq seen (decisions 31-33).

/** A message from REST or a push, in one shape whatever its kind. */
export function normalizeMessage(raw) {
  return {
    id: raw.id,
    content: raw.content,
    timestamp: raw.timestamp,
    authorId: raw.user_id ?? raw.sender_id ?? raw.user?.id ?? raw.sender?.id,
    username: raw.username ?? raw.user?.username ?? raw.sender?.username,
    chatId: raw.chat_id ?? null,
    seq: raw.seq ?? null,
    clientId: raw.client_id ?? null,
    editedAt: raw.edited_at ?? null,
    reactions: raw.reactions ?? [],
  };
}

export class Conversation extends EventTarget {
  /** @param {{id: number, username: string} | null} otherUser null for the public room */
  constructor(otherUser = null) {
    super();
    this.otherUser = otherUser;
    this.key = otherUser ? `user:${otherUser.id}` : 'public';
    this.chatId = null;
    this.messages = new Map(); // id -> message
    this.pending = new Map(); // client id -> message being sent
    this.lastSeq = 0;
    this.loaded = false; // the latest page was loaded once
    this.hasOlder = false;
    this.unread = 0; // the server's unread_count, kept up by pushes (decisions 38, 39)
    this.lastReadSeq = 0; // the caller's read position
    this.otherLastReadSeq = 0; // the other participant's (read receipts)
    this.lastMessage = null; // the newest message, for the chat list
  }

  get isPublic() { return this.otherUser === null; }
  get otherUserId() { return this.otherUser?.id ?? null; }
  get title() { return this.otherUser ? this.otherUser.username : 'Public room'; }

  /** Confirmed messages oldest first (ids grow within a conversation), then those being sent. */
  ordered() {
    const confirmed = [...this.messages.values()].sort((a, b) => a.id - b.id);
    return confirmed.concat([...this.pending.values()]);
  }

  /** The other participant read up to {@code seq} (it never moves back). */
  setOtherRead(seq) {
    if (seq > this.otherLastReadSeq) {
      this.otherLastReadSeq = seq;
      this.#changed();
    }
  }

  oldestId() {
    let oldest = null;
    for (const id of this.messages.keys()) if (oldest === null || id < oldest) oldest = id;
    return oldest;
  }

  /**
   * Adds or updates a message; an older state of it (lower seq) never replaces a newer one.
   * @returns {boolean} true when the message is new here
   */
  upsert(message) {
    if (message.chatId != null) this.chatId = message.chatId;
    if (message.clientId) this.pending.delete(message.clientId);
    const known = this.messages.get(message.id);
    if (known && known.seq != null && message.seq != null && message.seq < known.seq) return false;
    this.messages.set(message.id, message);
    this.#sawSeq(message.seq);
    this.#sawMessage(message);
    this.#changed();
    return !known;
  }

  remove(id, seq = null) {
    this.#sawSeq(seq);
    if (!this.messages.delete(id)) return;
    if (this.lastMessage?.id === id) this.lastMessage = this.ordered().filter((m) => m.id !== undefined).at(-1) ?? null;
    this.#changed();
  }

  /**
   * The newest page, replacing what is known of its range: a message in that range and not in the page
   * was deleted meanwhile. {@code limit}: the page size asked for (fewer: there is nothing older).
   */
  replaceLatest(messages, limit) {
    const ids = new Set(messages.map((m) => m.id));
    const from = messages.length === limit ? messages[0].id : -Infinity;
    for (const id of [...this.messages.keys()]) {
      if (id >= from && !ids.has(id)) this.messages.delete(id);
    }
    for (const m of messages) {
      if (m.clientId) this.pending.delete(m.clientId);
      if (m.chatId != null) this.chatId = m.chatId;
      this.messages.set(m.id, m);
      this.#sawSeq(m.seq);
      this.#sawMessage(m);
    }
    if (!this.loaded) this.hasOlder = messages.length === limit;
    this.loaded = true;
    this.#changed();
  }

  /** A page of older messages (before the oldest one held). */
  addOlder(messages, limit) {
    for (const m of messages) {
      if (!this.messages.has(m.id)) this.messages.set(m.id, m);
      this.#sawSeq(m.seq);
    }
    this.hasOlder = messages.length === limit;
    this.#changed();
  }

  addPending(message) {
    this.pending.set(message.clientId, message);
    this.#changed();
  }

  failPending(clientId, error) {
    const message = this.pending.get(clientId);
    if (!message) return;
    this.pending.set(clientId, { ...message, failed: error });
    this.#changed();
  }

  dropPending(clientId) {
    if (this.pending.delete(clientId)) this.#changed();
  }

  /** A pushed change whose seq is more than one past the last one seen: something was missed. */
  isGap(seq) {
    return seq != null && this.lastSeq > 0 && seq > this.lastSeq + 1;
  }

  setLatestSeq(seq) {
    this.#sawSeq(seq);
  }

  /** Keeps the newest message (ids grow within a conversation), or a newer state of it. */
  #sawMessage(message) {
    if (!this.lastMessage || message.id >= this.lastMessage.id) this.lastMessage = message;
  }

  #sawSeq(seq) {
    if (seq != null && seq > this.lastSeq) this.lastSeq = seq;
  }

  #changed() {
    this.dispatchEvent(new Event('change'));
  }
}
