// The messages of one conversation as a list that is updated in place, element by element: a live
// region (role="log") announces only what is added, so the list is never rebuilt whole.
import { avatar, h, time } from './dom.js';

export class MessageLog {
  /**
   * @param {import('./conversation.js').Conversation} conversation
   * @param {{me: () => number, onDelete: (message) => void, onRetry: (message) => void}} actions
   */
  constructor(conversation, actions) {
    this.conversation = conversation;
    this.actions = actions;
    this.items = new Map(); // key -> {el, signature}
    this.element = h('ol', {
      class: 'message-log',
      role: 'log',
      'aria-label': `Messages: ${conversation.title}`,
      'aria-relevant': 'additions',
    });
    conversation.addEventListener('change', () => this.render());
  }

  /** One key per message for its whole life: a sent message keeps the element it had while pending. */
  static key(message) {
    return message.clientId ? `c:${message.authorId}:${message.clientId}` : `i:${message.id}`;
  }

  render() {
    const messages = this.conversation.ordered();
    const wanted = new Set(messages.map(MessageLog.key));
    for (const [key, item] of this.items) {
      if (!wanted.has(key)) {
        item.el.remove();
        this.items.delete(key);
      }
    }
    let previous = null;
    for (const message of messages) {
      const key = MessageLog.key(message);
      const signature = JSON.stringify([message.id, message.content, message.editedAt, message.failed ?? null,
        message.reactions]);
      let item = this.items.get(key);
      if (!item) {
        item = { el: h('li', { class: 'message' }), signature: null };
        this.items.set(key, item);
      }
      if (item.signature !== signature) {
        this.#fill(item.el, message);
        item.signature = signature;
      }
      const expectedPlace = previous ? previous.nextSibling : this.element.firstChild;
      if (expectedPlace !== item.el) {
        if (previous) previous.after(item.el);
        else this.element.prepend(item.el);
      }
      previous = item.el;
    }
    this.element.dispatchEvent(new Event('rendered', { bubbles: true }));
  }

  #fill(el, message) {
    const mine = message.authorId === this.actions.me();
    const pending = message.id === undefined;
    el.className = ['message', mine ? 'mine' : '', pending ? 'pending' : '', message.failed ? 'failed' : '']
      .filter(Boolean).join(' ');
    if (message.id !== undefined) el.dataset.id = String(message.id);
    const controls = [];
    if (message.failed) {
      controls.push(h('span', { class: 'send-error' }, `Not sent: ${message.failed}`),
        h('button', { type: 'button', class: 'link-button', onclick: () => this.actions.onRetry(message) }, 'Retry'));
    } else if (pending) {
      controls.push(h('span', { class: 'sending' }, 'Sending…'));
    } else if (mine) {
      controls.push(h('button', {
        type: 'button',
        class: 'link-button delete-button',
        'aria-label': `Delete your message: ${message.content.slice(0, 40)}`,
        onclick: () => this.actions.onDelete(message),
      }, 'Delete'));
    }
    el.replaceChildren(
      avatar(message.authorId, message.username),
      h('div', { class: 'bubble' },
        h('p', { class: 'meta' },
          h('span', { class: 'author' }, mine ? 'You' : message.username),
          ' ', message.timestamp ? time(message.timestamp) : null,
          message.editedAt ? h('span', { class: 'edited' }, ' (edited)') : null),
        h('p', { class: 'content' }, message.content),
        controls.length ? h('p', { class: 'controls' }, controls) : null),
    );
  }
}
