// The messages of one conversation as a list that is updated in place, element by element: a live
// region (role="log") announces only what is added, so the list is never rebuilt whole. Each message
// offers its author Edit (an inline editor) and Delete, and everyone its reaction chips and a picker.
import { avatar, h, time } from './dom.js';

/** The picker's few common reactions; any other emoji someone used shows as a chip all the same. */
export const COMMON_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'];

export class MessageLog {
  /**
   * @param {import('./conversation.js').Conversation} conversation
   * @param {{me: () => number, onDelete: (message) => void, onRetry: (message) => void,
   *   onEdit: (message, content: string) => Promise<void>, onReact: (message, emoji: string, on: boolean) => void}} actions
   */
  constructor(conversation, actions) {
    this.conversation = conversation;
    this.actions = actions;
    this.items = new Map(); // key -> {el, signature}
    this.editing = null; // id of the message being edited
    this.picking = null; // id of the message whose reaction picker is open
    this.receipt = h('p', { class: 'receipt' }, 'Seen');
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
        message.reactions, this.editing === message.id, this.picking === message.id]);
      let item = this.items.get(key);
      if (!item) {
        item = { el: h('li', { class: 'message' }), signature: null };
        this.items.set(key, item);
      }
      if (item.signature !== signature) {
        this.#refill(item.el, message);
        item.signature = signature;
      }
      const expectedPlace = previous ? previous.nextSibling : this.element.firstChild;
      if (expectedPlace !== item.el) {
        if (previous) previous.after(item.el);
        else this.element.prepend(item.el);
      }
      previous = item.el;
    }
    this.#placeReceipt(messages);
    this.element.dispatchEvent(new Event('rendered', { bubbles: true }));
  }

  /** The element of a confirmed message, if shown. */
  elementOf(messageId) {
    return this.items.get(`i:${messageId}`)?.el ?? this.element.querySelector(`[data-id="${Number(messageId)}"]`);
  }

  /**
   * "Seen" under the newest own message the other participant has read (decision 39's read receipts):
   * a message whose seq is at or below their read position.
   */
  #placeReceipt(messages) {
    const read = this.conversation.otherLastReadSeq;
    const me = this.actions.me();
    let seen = null;
    if (!this.conversation.isPublic && read > 0) {
      for (const m of messages) {
        if (m.authorId === me && m.seq != null && m.seq <= read) seen = m;
      }
    }
    const bubble = seen ? this.items.get(MessageLog.key(seen))?.el.querySelector('.bubble') : null;
    if (!bubble) this.receipt.remove();
    else if (this.receipt.parentElement !== bubble) bubble.append(this.receipt);
  }

  /** Rebuilds one message's element, keeping the keyboard focus on the same control. */
  #refill(el, message) {
    const focused = el.contains(document.activeElement) ? document.activeElement.dataset.focus : null;
    this.#fill(el, message);
    if (focused) el.querySelector(`[data-focus="${CSS.escape(focused)}"]`)?.focus();
    if (this.editing === message.id && !focused) el.querySelector('textarea')?.focus();
  }

  #fill(el, message) {
    const mine = message.authorId === this.actions.me();
    const pending = message.id === undefined;
    el.className = ['message', mine ? 'mine' : '', pending ? 'pending' : '', message.failed ? 'failed' : '']
      .filter(Boolean).join(' ');
    if (message.id !== undefined) el.dataset.id = String(message.id);
    const editing = this.editing === message.id;
    const excerpt = message.content.slice(0, 40);
    const controls = [];
    if (message.failed) {
      controls.push(h('span', { class: 'send-error' }, `Not sent: ${message.failed}`),
        h('button', { type: 'button', class: 'link-button', onclick: () => this.actions.onRetry(message) }, 'Retry'));
    } else if (pending) {
      controls.push(h('span', { class: 'sending' }, 'Sending…'));
    } else if (!editing) {
      controls.push(this.#pickerToggle(message, excerpt));
    }
    if (mine && !pending && !message.failed && !editing) {
      controls.push(
        h('button', {
          type: 'button', class: 'link-button', 'data-focus': 'edit',
          'aria-label': `Edit your message: ${excerpt}`, onclick: () => this.#startEditing(message),
        }, 'Edit'),
        h('button', {
          type: 'button', class: 'link-button delete-button', 'data-focus': 'delete',
          'aria-label': `Delete your message: ${excerpt}`, onclick: () => this.actions.onDelete(message),
        }, 'Delete'));
    }
    el.replaceChildren(
      avatar(message.authorId, message.username),
      h('div', { class: 'bubble' },
        h('p', { class: 'meta' },
          h('span', { class: 'author' }, mine ? 'You' : message.username),
          ' ', message.timestamp ? time(message.timestamp) : null,
          message.editedAt ? h('span', { class: 'edited', title: new Date(message.editedAt).toLocaleString() }, 'edited') : null),
        editing ? this.#editor(message) : h('p', { class: 'content' }, message.content),
        pending || editing || message.reactions.length === 0 ? null : this.#chips(message),
        controls.length ? h('div', { class: 'controls' }, controls) : null,
        this.picking === message.id && !editing ? this.#picker(message) : null),
    );
  }

  #startEditing(message) {
    this.editing = message.id;
    this.picking = null;
    this.render();
  }

  #stopEditing(message) {
    this.editing = null;
    this.render();
    this.elementOf(message.id)?.querySelector('[data-focus="edit"]')?.focus();
  }

  #editor(message) {
    const id = `edit-${this.conversation.key}-${message.id}`.replace(/[^\w-]/g, '-');
    const input = h('textarea', { id, class: 'edit-input', rows: '2', maxlength: '4000', required: true });
    input.value = message.content;
    const error = h('p', { class: 'form-error', role: 'alert' });
    const form = h('form', {
      class: 'editor',
      onsubmit: async (e) => {
        e.preventDefault();
        const content = input.value.trim();
        if (!content) return;
        if (content === message.content) return this.#stopEditing(message);
        form.querySelectorAll('button, textarea').forEach((b) => { b.disabled = true; });
        try {
          await this.actions.onEdit(message, content);
          this.#stopEditing(message);
        } catch (err) {
          form.querySelectorAll('button, textarea').forEach((b) => { b.disabled = false; });
          error.textContent = `Could not save: ${err.message}`;
          input.focus();
        }
      },
    },
    h('label', { for: id, class: 'visually-hidden' }, 'Edit message'),
    input,
    h('p', { class: 'controls' },
      h('button', { type: 'submit', class: 'primary small' }, 'Save'),
      h('button', { type: 'button', class: 'small', onclick: () => this.#stopEditing(message) }, 'Cancel')),
    error);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.#stopEditing(message);
      } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    return form;
  }

  /** The emoji the caller reacted with. */
  #mine(message) {
    const me = this.actions.me();
    return new Set(message.reactions.filter((r) => r.user_ids?.includes(me)).map((r) => r.emoji));
  }

  /** One chip per emoji with its count, pressed when the caller is among its users; a click toggles. */
  #chips(message) {
    const reacted = this.#mine(message);
    return h('div', { class: 'reactions', role: 'group', 'aria-label': 'Reactions' },
      message.reactions.map((r) => h('button', {
        type: 'button', class: 'chip', 'data-focus': `chip:${r.emoji}`,
        'aria-pressed': String(reacted.has(r.emoji)),
        'aria-label': `${r.emoji} ${r.count}`,
        title: reacted.has(r.emoji) ? `Remove your ${r.emoji}` : `React with ${r.emoji}`,
        onclick: () => this.actions.onReact(message, r.emoji, !reacted.has(r.emoji)),
      }, h('span', { 'aria-hidden': 'true' }, r.emoji), ' ', h('span', { class: 'chip-count' }, String(r.count)))));
  }

  #pickerId(message) {
    return `picker-${this.conversation.key}-${message.id}`.replace(/[^\w-]/g, '-');
  }

  #pickerToggle(message, excerpt) {
    const open = this.picking === message.id;
    return h('button', {
      type: 'button', class: 'link-button add-reaction', 'data-focus': 'react',
      'aria-expanded': String(open), 'aria-controls': this.#pickerId(message),
      'aria-label': `Add a reaction to: ${excerpt}`, title: 'Add a reaction',
      onclick: () => {
        this.picking = open ? null : message.id;
        this.render();
        if (!open) this.elementOf(message.id)?.querySelector('.picker button')?.focus();
      },
    }, 'React');
  }

  /** The few common reactions; Escape closes it. */
  #picker(message) {
    const reacted = this.#mine(message);
    const close = () => {
      this.picking = null;
      this.render();
      this.elementOf(message.id)?.querySelector('[data-focus="react"]')?.focus();
    };
    return h('div', {
      id: this.#pickerId(message), class: 'picker', role: 'group', 'aria-label': 'Pick a reaction',
      onkeydown: (e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        close();
      },
    }, COMMON_REACTIONS.map((emoji) => h('button', {
      type: 'button', 'aria-label': `React with ${emoji}`, 'aria-pressed': String(reacted.has(emoji)),
      onclick: () => {
        this.actions.onReact(message, emoji, !reacted.has(emoji));
        close();
      },
    }, emoji)));
  }
}
