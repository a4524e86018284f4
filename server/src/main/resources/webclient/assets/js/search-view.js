// Message search (decision 43): a search box in the sidebar, a list of results (public or private,
// newest first) that pages on with "Load more results" while the server gives a next_cursor.
import { normalizeMessage } from './conversation.js';
import { h, time } from './dom.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 20;

export class SearchView {
  /**
   * @param {import('./api.js').Api} api
   * @param {{me: () => {id: number}, describe: (message) => string, onOpen: (message) => void, signal: AbortSignal}} options
   *   describe: the result's place ("Public room", "Private with bob"); onOpen: a result was chosen
   */
  constructor(api, { me, describe, onOpen, signal }) {
    this.api = api;
    this.me = me;
    this.describe = describe;
    this.onOpen = onOpen;
    this.query = null;
    this.cursor = null;
    this.generation = 0; // a newer search makes the answers of older ones stale
    const on = (id, event, handler) => $(id).addEventListener(event, handler, { signal });
    on('search-form', 'submit', (e) => {
      e.preventDefault();
      const q = $('search-input').value.trim();
      if (q) this.#search(q);
      else this.clear();
    });
    on('search-more', 'click', () => this.#more());
    on('search-clear', 'click', () => {
      this.clear();
      $('search-input').focus();
    });
    on('search-input', 'keydown', (e) => {
      if (e.key === 'Escape' && $('search-input').value) {
        e.stopPropagation();
        this.clear();
      }
    });
  }

  clear() {
    this.generation += 1;
    this.query = null;
    $('search-input').value = '';
    $('search-list').replaceChildren();
    $('search-results').hidden = true;
  }

  async #search(q) {
    this.query = q;
    this.cursor = null;
    $('search-list').replaceChildren();
    $('search-results').hidden = false;
    await this.#page(++this.generation);
  }

  async #more() {
    if (this.cursor) await this.#page(this.generation);
  }

  async #page(generation) {
    const status = $('search-status');
    const more = $('search-more');
    status.textContent = 'Searching…';
    more.disabled = true;
    try {
      const { messages, next_cursor: next } = await this.api.search(this.query, this.cursor, PAGE_SIZE);
      if (generation !== this.generation) return;
      const first = $('search-list').children.length === 0;
      $('search-list').append(...messages.map((raw) => this.#result(raw)));
      this.cursor = next;
      const count = $('search-list').children.length;
      status.textContent = count === 0 ? `Nothing found for “${this.query}”.`
        : `${count}${next ? '+' : ''} ${count === 1 ? 'message' : 'messages'} found for “${this.query}”.`;
      more.hidden = !next;
      if (!first) $('search-list').children[count - messages.length]?.querySelector('button')?.focus();
    } catch (e) {
      if (generation === this.generation) status.textContent = `Search failed: ${e.message}`;
    } finally {
      more.disabled = false;
    }
  }

  #result(raw) {
    const message = { ...normalizeMessage(raw), type: raw.type };
    const mine = message.authorId === this.me().id;
    return h('li', {}, h('button', {
      type: 'button', class: 'search-result', onclick: () => this.onOpen(message),
    },
    h('span', { class: 'result-meta' },
      h('span', { class: `result-type ${message.type}` }, this.describe(message)),
      ' ', h('span', { class: 'author' }, mine ? 'You' : message.username),
      ' ', time(message.timestamp)),
    h('span', { class: 'snippet' }, message.content)));
  }
}
