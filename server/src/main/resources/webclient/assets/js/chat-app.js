// The chat screen: conversations in a sidebar, the open one's messages, the composer; fed by REST
// (pages, catch-up) and by the socket's pushes, which all land in the per-conversation stores.
import { Conversation, normalizeMessage } from './conversation.js';
import { avatar, h } from './dom.js';
import { MessageLog } from './message-log.js';
import { Realtime } from './realtime.js';
import { SearchView } from './search-view.js';
import { newClientId } from './session.js';
import { Sync } from './sync.js';
import { Typing } from './typing.js';

const $ = (id) => document.getElementById(id);
const NEAR_EDGE_PX = 80;
const MARK_READ_EVERY_MS = 1000; // at most one mark_read a second while messages keep coming

export class ChatApp {
  constructor(api, me, token, { onLogout }) {
    this.api = api;
    this.me = me;
    this.token = token;
    this.onLogout = onLogout;
    this.sync = new Sync(api);
    this.conversations = new Map(); // key -> {conversation, log, item}
    this.byChatId = new Map(); // private chat id -> conversation key
    this.online = new Map(); // user id -> user
    this.active = null;
    this.stickToBottom = true;
    this.listeners = new AbortController();
    this.typing = new Typing((conversation) => this.#sendTyping(conversation, true),
      (conversation) => this.#sendTyping(conversation, false), () => this.#renderTyping());
  }

  start() {
    $('chat-view').hidden = false;
    $('me-name').textContent = this.me.username;
    this.#bindControls();
    this.search = new SearchView(this.api, {
      me: () => this.me,
      describe: (message) => this.#describe(message),
      onOpen: (message) => this.#openResult(message),
      signal: this.listeners.signal,
    });
    this.#open(this.#conversation(null).key);
    this.realtime = new Realtime(this.token, this.#pushHandlers());
    this.realtime.addEventListener('state', (e) => this.#connectionState(e.detail));
    this.realtime.addEventListener('ready', (e) => this.#ready(e.detail));
    this.realtime.addEventListener('refused', (e) => this.#refused(e.detail));
    this.#loadChatList();
  }

  stop() {
    clearTimeout(this.markReadTimer);
    this.search.clear();
    this.realtime?.close();
    this.typing.clear();
    this.listeners.abort();
    $('message-logs').replaceChildren();
    $('room-list').replaceChildren();
    $('private-list').replaceChildren();
    $('online-list').replaceChildren();
    $('chat-view').hidden = true;
    document.title = 'Chat';
  }

  // ---- conversations ----

  /** The conversation with {@code otherUser} (null: the public room), created on first use. */
  #conversation(otherUser) {
    const key = otherUser ? `user:${otherUser.id}` : 'public';
    let entry = this.conversations.get(key);
    if (entry) return entry.conversation;
    const conversation = new Conversation(otherUser);
    const log = new MessageLog(conversation, {
      me: () => this.me.id,
      onDelete: (message) => this.#delete(conversation, message),
      onRetry: (message) => this.#send(conversation, message.content, message.clientId),
      onEdit: (message, content) => this.#edit(conversation, message, content),
      onReact: (message, emoji, on) => this.#react(conversation, message, emoji, on),
    });
    log.element.hidden = true;
    $('message-logs').append(log.element);
    const item = this.#sidebarItem(conversation);
    (otherUser ? $('private-list') : $('room-list')).append(item.li);
    entry = { conversation, log, item };
    this.conversations.set(key, entry);
    conversation.addEventListener('change', () => {
      if (conversation.chatId != null) this.byChatId.set(conversation.chatId, key);
      this.#renderPreview(entry);
      if (conversation === this.active) this.#scheduleMarkRead();
    });
    return conversation;
  }

  #sidebarItem(conversation) {
    const badge = h('span', { class: 'badge', hidden: true });
    const preview = h('span', { class: 'preview' });
    const button = h('button', { type: 'button', class: 'conversation-button', onclick: () => this.#open(conversation.key) },
      conversation.otherUser ? avatar(conversation.otherUser.id, conversation.title) : h('span', { class: 'room-mark', 'aria-hidden': 'true' }, '#'),
      h('span', { class: 'label' }, h('span', { class: 'name' }, conversation.title), preview), badge);
    return { li: h('li', {}, button), button, badge, preview };
  }

  /** The sidebar line under a chat's name: its newest message. */
  #renderPreview({ conversation, item }) {
    const last = conversation.lastMessage;
    const text = last ? `${last.authorId === this.me.id ? 'You: ' : ''}${last.content}` : '';
    if (item.preview.textContent !== text) item.preview.textContent = text;
  }

  /** A private chat with news goes to the top of the list: the list is kept in order of activity. */
  #bump(conversation) {
    if (conversation.isPublic) return;
    const { li } = this.conversations.get(conversation.key).item;
    if ($('private-list').firstChild !== li) $('private-list').prepend(li);
  }

  #open(key) {
    const previous = this.active;
    if (previous && previous.key !== key) this.typing.stopLocal();
    for (const [k, { log, item }] of this.conversations) {
      log.element.hidden = k !== key;
      if (k === key) item.button.setAttribute('aria-current', 'page');
      else item.button.removeAttribute('aria-current');
    }
    const { conversation } = this.conversations.get(key);
    this.active = conversation;
    $('conversation-title').textContent = conversation.isPublic ? conversation.title : `Chat with ${conversation.title}`;
    $('composer-input').setAttribute('aria-label', `Message to ${conversation.isPublic ? 'the public room' : conversation.title}`);
    this.#renderUnread();
    this.#renderTyping();
    this.stickToBottom = true;
    this.#setSidebar(false);
    this.#renderHistoryControls();
    this.#scrollToBottom();
    if (!conversation.loaded) {
      return this.#load(() => this.sync.loadLatest(conversation));
    }
    this.#scheduleMarkRead();
    return Promise.resolve();
  }

  async #load(what) {
    $('history-status').textContent = 'Loading…';
    try {
      await what();
      $('history-status').textContent = '';
    } catch (e) {
      $('history-status').textContent = `Could not load messages: ${e.message}`;
    }
    this.#renderHistoryControls();
  }

  #renderHistoryControls() {
    const c = this.active;
    $('older-button').hidden = !(c.loaded && c.hasOlder);
    if (c.loaded && !c.hasOlder && !$('history-status').textContent.startsWith('Could not')) {
      $('history-status').textContent = c.messages.size ? 'This is the beginning of the conversation.' : 'No messages yet. Say hello!';
    }
  }

  async #loadOlder() {
    const c = this.active;
    if (!c.loaded || !c.hasOlder || this.loadingOlder) return;
    this.loadingOlder = true;
    const scroller = $('message-scroller');
    this.anchorFromBottom = scroller.scrollHeight - scroller.scrollTop;
    try {
      await this.#load(() => this.sync.loadOlder(c));
    } finally {
      this.anchorFromBottom = null;
      this.loadingOlder = false;
    }
  }

  /**
   * The chat list (decision 38): the private chats in order of activity, every unread count and read
   * position as the server counts them. Loaded at the start and after a reconnection that was not
   * recovered; pushes keep it up to date in between.
   */
  #loadChatList() {
    if (this.chatListLoading) return this.chatListLoading;
    this.chatListLoading = this.api.chats().then((list) => {
      const room = this.#conversation(null);
      room.unread = list.public.unread_count;
      room.lastReadSeq = Math.max(room.lastReadSeq, list.public.last_read_seq);
      for (const chat of list.chats) {
        const conversation = this.#conversation(chat.other_user);
        conversation.chatId = chat.chat_id;
        this.byChatId.set(chat.chat_id, conversation.key);
        conversation.unread = chat.unread_count;
        conversation.lastReadSeq = Math.max(conversation.lastReadSeq, chat.last_read_seq);
        if (chat.last_message && !conversation.lastMessage) conversation.upsert(normalizeMessage(chat.last_message));
        conversation.setOtherRead(chat.other_last_read_seq);
        $('private-list').append(this.conversations.get(conversation.key).item.li); // the server's order
      }
      this.#renderUnread();
      this.#scheduleMarkRead();
    }).catch((e) => console.warn('Chat list:', e.message))
      .finally(() => { this.chatListLoading = null; });
    return this.chatListLoading;
  }

  // ---- read positions ----

  /** The open conversation, on screen, has news: tells the server it was read, at most once a second. */
  #scheduleMarkRead() {
    const c = this.active;
    if (!c || document.hidden || this.markReadTimer || !this.#hasUnreadNews(c)) return;
    const wait = Math.max(0, (this.lastMarkRead ?? 0) + MARK_READ_EVERY_MS - Date.now());
    this.markReadTimer = setTimeout(() => {
      this.markReadTimer = null;
      this.lastMarkRead = Date.now();
      this.#markRead(this.active);
    }, wait);
  }

  #hasUnreadNews(c) {
    return c.lastSeq > c.lastReadSeq && (c.isPublic || c.chatId != null) && this.realtime?.connected;
  }

  async #markRead(c) {
    if (!c || document.hidden || !this.#hasUnreadNews(c)) return;
    const seq = c.lastSeq;
    try {
      const entry = await this.realtime.request('mark_read', { chat_id: c.isPublic ? null : c.chatId, seq });
      c.lastReadSeq = Math.max(c.lastReadSeq, entry.last_read_seq ?? seq);
      c.unread = entry.unread_count ?? 0;
      this.#renderUnread();
    } catch (e) {
      console.warn('Marking read:', e.message);
    }
  }

  /** A read position moved: the caller's (here or in another tab) or, in a private chat, the other's. */
  #readMoved({ chat_id: chatId, user_id: userId, seq }) {
    const c = chatId == null ? this.#conversation(null) : this.#byChat(chatId);
    if (!c) return;
    if (userId !== this.me.id) {
      c.setOtherRead(seq);
      return;
    }
    if (seq <= c.lastReadSeq) return;
    c.lastReadSeq = seq;
    if (seq >= c.lastSeq) c.unread = 0;
    else this.#loadChatList(); // read elsewhere up to a point this tab cannot count from
    this.#renderUnread();
  }

  // ---- sending and deleting ----

  async #send(conversation, content, clientId = newClientId()) {
    conversation.addPending({
      clientId, content, authorId: this.me.id, username: this.me.username, timestamp: new Date().toISOString(),
    });
    try {
      let raw;
      if (this.realtime.connected) {
        const payload = { content, client_id: clientId };
        if (!conversation.isPublic) payload.other_user_id = conversation.otherUserId;
        raw = await this.realtime.request(conversation.isPublic ? 'send_public_message' : 'send_private_message', payload);
      } else {
        raw = await this.api.post(conversation.otherUserId, content, clientId); // same client id: never twice
      }
      conversation.dropPending(clientId);
      if (conversation.upsert(normalizeMessage(raw))) this.#bump(conversation);
    } catch (e) {
      conversation.failPending(clientId, e.message);
    }
  }

  async #delete(conversation, message) {
    try {
      await this.api.remove(conversation.otherUserId, message.id);
      conversation.remove(message.id);
      $('composer-input').focus();
    } catch (e) {
      $('composer-error').textContent = `Could not delete: ${e.message}`;
    }
  }

  async #edit(conversation, message, content) {
    const raw = await this.api.edit(conversation.otherUserId, message.id, content);
    conversation.upsert(normalizeMessage(raw));
  }

  async #react(conversation, message, emoji, on) {
    $('composer-error').textContent = '';
    try {
      conversation.upsert(normalizeMessage(await this.api.react(conversation.otherUserId, message.id, emoji, on)));
    } catch (e) {
      $('composer-error').textContent = `Could not react: ${e.message}`;
    }
  }

  // ---- the socket ----

  #pushHandlers() {
    return {
      connected: ({ user }) => { if (user?.username) $('me-name').textContent = user.username; },
      new_public_message: (raw) => this.#received(this.#conversation(null), normalizeMessage(raw)),
      new_private_message: (raw) => {
        const message = normalizeMessage(raw);
        const conversation = message.authorId === this.me.id
          ? this.#byChat(message.chatId)
          : this.#conversation({ id: message.authorId, username: message.username });
        if (conversation) this.#received(conversation, message);
        else this.#loadChatList(); // sent from another tab, to a chat this tab has not seen yet
      },
      message_updated: (raw) => {
        const message = normalizeMessage(raw);
        const conversation = message.chatId == null ? this.#conversation(null) : this.#byChat(message.chatId);
        if (!conversation) return;
        if (conversation.isGap(message.seq)) this.#catchUp(conversation);
        conversation.upsert(message);
      },
      message_deleted: ({ id, chat_id: chatId, seq }) => {
        const conversation = chatId == null ? this.#conversation(null) : this.#byChat(chatId);
        if (!conversation) return;
        if (conversation.isGap(seq)) this.#catchUp(conversation);
        conversation.remove(id, seq);
      },
      chat_deleted: ({ chat_id: chatId }) => this.#chatDeleted(chatId),
      online_users: ({ users }) => {
        this.online = new Map(users.map((u) => [u.id, u]));
        this.#renderOnline();
      },
      user_joined: ({ user_id: id, username }) => {
        this.online.set(id, { id, username });
        this.#renderOnline();
      },
      user_left: ({ user_id: id }) => {
        this.online.delete(id);
        this.#renderOnline();
      },
      joined_private: ({ chat_id: chatId, other_user: other }) => {
        const conversation = this.#conversation(other);
        conversation.chatId = chatId;
        this.byChatId.set(chatId, conversation.key);
      },
      read: (payload) => this.#readMoved(payload),
      typing: ({ user_id: userId, username, chat_id: chatId, typing }) => {
        if (userId === this.me.id) return;
        const conversation = chatId == null ? this.#conversation(null) : this.#conversation({ id: userId, username });
        this.typing.received(conversation.key, userId, username, typing !== false);
      },
      error: ({ message } = {}) => console.warn('Server:', message),
    };
  }

  #received(conversation, message) {
    if (conversation.isGap(message.seq)) this.#catchUp(conversation);
    this.typing.received(conversation.key, message.authorId, message.username, false);
    const added = conversation.upsert(message);
    if (!added) return;
    this.#bump(conversation);
    if (message.authorId !== this.me.id && message.seq > conversation.lastReadSeq
      && (conversation !== this.active || document.hidden)) {
      conversation.unread += 1;
      this.#renderUnread();
    }
  }

  #byChat(chatId) {
    const key = this.byChatId.get(chatId);
    return key ? this.conversations.get(key).conversation : null;
  }

  #chatDeleted(chatId) {
    const key = this.byChatId.get(chatId);
    if (!key) return;
    const { log, item } = this.conversations.get(key);
    log.element.remove();
    item.li.remove();
    this.conversations.delete(key);
    this.byChatId.delete(chatId);
    if (this.active?.key === key) this.#open('public');
  }

  /** Connected, for the first time or again: back in the room, and nothing missed on screen. */
  async #ready({ recovered }) {
    $('composer-error').textContent = '';
    if (recovered) return; // the server replayed what this socket missed (decision 34)
    try {
      await this.realtime.request('join_public');
      this.realtime.socket.emit('get_online_users', {});
    } catch (e) {
      console.warn('Joining the public room:', e.message);
    }
    // Loaded before this connection existed, or while it was down: bring each up to date, and the
    // chat list's counts with them.
    const catchUps = [];
    for (const { conversation } of this.conversations.values()) {
      if (conversation.loaded) catchUps.push(this.#catchUp(conversation));
    }
    await Promise.all(catchUps);
    if (this.readyBefore) this.#loadChatList();
    this.readyBefore = true;
    this.#scheduleMarkRead();
  }

  #catchUp(conversation) {
    return this.sync.catchUp(conversation).catch((e) => console.warn('Catching up:', e.message));
  }

  async #refused(error) {
    // A revoked or expired token: a REST call with it answers 401, and the app logs out.
    try {
      await this.api.page(null, { limit: 1 });
    } catch (e) {
      if (e.status === 401) return;
    }
    $('connection-status').textContent = `Refused: ${error.message}. Retrying…`;
    setTimeout(() => this.realtime?.socket.connect(), 3000);
  }

  #connectionState(state) {
    const status = $('connection-status');
    status.dataset.state = state;
    status.textContent = { connected: 'Online', reconnecting: 'Reconnecting…', offline: 'Offline' }[state] ?? state;
  }

  #sendTyping(conversation, typing) {
    const payload = { typing };
    if (!conversation.isPublic) payload.other_user_id = conversation.otherUserId;
    this.realtime.volatile('typing', payload);
  }

  // ---- rendering ----

  #renderOnline() {
    const users = [...this.online.values()].sort((a, b) => a.username.localeCompare(b.username));
    $('online-count').textContent = `(${users.length})`;
    $('online-list').replaceChildren(...users.map((user) => h('li', { class: 'user' },
      avatar(user.id, user.username),
      h('span', { class: 'name' }, user.username, user.id === this.me.id ? h('span', { class: 'you' }, ' (you)') : null),
      user.id === this.me.id ? null : h('button', {
        type: 'button', class: 'link-button', 'aria-label': `Message ${user.username} privately`,
        onclick: () => this.#open(this.#conversation(user).key),
      }, 'Message'))));
  }

  #renderUnread() {
    let total = 0;
    for (const { conversation, item } of this.conversations.values()) {
      if (conversation === this.active && !document.hidden) conversation.unread = 0;
      const count = conversation.unread;
      total += conversation === this.active ? 0 : count;
      item.badge.hidden = count === 0;
      item.badge.textContent = String(count);
      item.button.setAttribute('aria-label', count ? `${conversation.title}, ${count} unread` : conversation.title);
    }
    $('menu-badge').hidden = total === 0;
    $('menu-badge').textContent = String(total);
    const all = total + (document.hidden ? this.active?.unread ?? 0 : 0);
    document.title = all ? `(${all}) Chat` : 'Chat';
  }

  #renderTyping() {
    const names = this.active ? this.typing.names(this.active.key) : [];
    $('typing-indicator').textContent = names.length === 0 ? ''
      : names.length === 1 ? `${names[0]} is typing…`
        : names.length === 2 ? `${names[0]} and ${names[1]} are typing…` : 'Several people are typing…';
  }

  #scrollToBottom() {
    const scroller = $('message-scroller');
    scroller.scrollTop = scroller.scrollHeight;
  }

  #setSidebar(open) {
    document.body.classList.toggle('sidebar-open', open);
    $('menu-button').setAttribute('aria-expanded', String(open));
  }

  #bindControls() {
    const signal = this.listeners.signal;
    const on = (target, event, handler) => target.addEventListener(event, handler, { signal });
    const composer = $('composer');
    const input = $('composer-input');
    const scroller = $('message-scroller');

    on(composer, 'submit', (e) => {
      e.preventDefault();
      const content = input.value.trim();
      if (!content) return;
      input.value = '';
      this.#fitComposer();
      this.typing.stopLocal();
      $('composer-error').textContent = '';
      this.stickToBottom = true;
      this.#send(this.active, content);
    });
    on(input, 'keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        composer.requestSubmit();
      }
    });
    on(input, 'input', () => {
      this.#fitComposer();
      if (input.value.trim()) this.typing.localInput(this.active);
      else this.typing.stopLocal();
    });
    on(input, 'blur', () => this.typing.stopLocal());
    on(scroller, 'scroll', () => {
      this.stickToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_EDGE_PX;
      if (scroller.scrollTop < NEAR_EDGE_PX) this.#loadOlder();
    });
    on(scroller, 'rendered', (e) => {
      if (e.target.hidden) return;
      if (this.anchorFromBottom != null) scroller.scrollTop = scroller.scrollHeight - this.anchorFromBottom;
      else if (this.stickToBottom) this.#scrollToBottom();
      this.#renderHistoryControls();
    });
    on($('older-button'), 'click', () => this.#loadOlder());
    on($('logout-button'), 'click', () => this.onLogout());
    on($('menu-button'), 'click', () => this.#setSidebar(!document.body.classList.contains('sidebar-open')));
    on(document, 'keydown', (e) => {
      if (e.key === 'Escape' && !e.defaultPrevented && document.body.classList.contains('sidebar-open')) {
        this.#setSidebar(false);
        $('menu-button').focus();
      }
    });
    on($('conversation'), 'click', () => this.#setSidebar(false)); // a tap beside the open sidebar closes it
    on(document, 'visibilitychange', () => {
      this.#renderUnread();
      this.#scheduleMarkRead();
    });
    on($('new-chat-input'), 'focus', () => this.#loadUserOptions());
    on($('new-chat-form'), 'submit', (e) => this.#openByName(e));
  }

  #fitComposer() {
    const input = $('composer-input');
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }

  async #loadUserOptions() {
    try {
      const { users } = await this.api.users();
      this.users = users;
      $('user-options').replaceChildren(...users.filter((u) => u.id !== this.me.id)
        .map((u) => h('option', { value: u.username })));
    } catch (e) {
      console.warn('Users:', e.message);
    }
  }

  async #openByName(event) {
    event.preventDefault();
    const input = $('new-chat-input');
    const name = input.value.trim().toLowerCase();
    const error = $('new-chat-error');
    error.textContent = '';
    if (!name) return;
    if (!this.users) await this.#loadUserOptions();
    const user = this.users?.find((u) => u.username.toLowerCase() === name);
    if (!user) error.textContent = `No user named “${input.value.trim()}”.`;
    else if (user.id === this.me.id) error.textContent = 'That is you.';
    else {
      input.value = '';
      this.#open(this.#conversation(user).key);
      $('composer-input').focus();
    }
  }

  // ---- search results ----

  /** Where a search result was said: "Public room", or "Private with <name>". */
  #describe(message) {
    if (message.type === 'public') return 'Public room';
    const other = this.#byChat(message.chatId)?.otherUser
      ?? (message.authorId !== this.me.id ? { username: message.username } : null);
    return other ? `Private with ${other.username}` : 'Private';
  }

  /** Opens a result's conversation, loading older pages until the message is there, and shows it. */
  async #openResult(message) {
    let conversation;
    if (message.type === 'public') conversation = this.#conversation(null);
    else {
      if (!this.#byChat(message.chatId)) await this.#loadChatList();
      conversation = this.#byChat(message.chatId)
        ?? (message.authorId !== this.me.id ? this.#conversation({ id: message.authorId, username: message.username }) : null);
    }
    if (!conversation) return;
    await this.#open(conversation.key);
    for (let pages = 0; !conversation.messages.has(message.id) && conversation.hasOlder && pages < 20; pages++) {
      await this.sync.loadOlder(conversation);
    }
    const { log } = this.conversations.get(conversation.key);
    const el = log.elementOf(message.id);
    if (!el) {
      $('history-status').textContent = 'That message is no longer here.';
      return;
    }
    this.stickToBottom = false;
    el.scrollIntoView({ block: 'center' });
    el.classList.add('highlight');
    el.tabIndex = -1;
    el.focus({ preventScroll: true });
    setTimeout(() => el.classList.remove('highlight'), 2500);
  }
}
