// Loading a conversation from REST: the newest page, older pages on scroll, and catching up after a
// connection that was lost and not recovered (decisions 33-34).
import { normalizeMessage } from './conversation.js';

export const PAGE_SIZE = 50;
const CHANGES_LIMIT = 500;

export class Sync {
  /** @param {import('./api.js').Api} api */
  constructor(api) {
    this.api = api;
    this.running = new Map(); // conversation key -> the load in progress
  }

  async loadLatest(conversation) {
    const { messages } = await this.api.page(conversation.otherUserId, { limit: PAGE_SIZE });
    conversation.replaceLatest(messages.map(normalizeMessage), PAGE_SIZE);
  }

  async loadOlder(conversation) {
    const before = conversation.oldestId();
    if (before === null || !conversation.hasOlder) return;
    await this.#once(conversation, 'older', async () => {
      const { messages } = await this.api.page(conversation.otherUserId, { before, limit: PAGE_SIZE });
      conversation.addOlder(messages.map(normalizeMessage), PAGE_SIZE);
    });
  }

  /**
   * Brings a loaded conversation up to date: its changes since the last seq seen, page after page
   * (decision 33); one not loaded yet gets its newest page.
   */
  catchUp(conversation) {
    return this.#once(conversation, 'catch-up', async () => {
      if (!conversation.loaded) return this.loadLatest(conversation);
      await this.#applyChanges(conversation);
    });
  }

  async #applyChanges(conversation) {
    // Paged from the last change of each page: a push meanwhile may raise conversation.lastSeq past
    // changes this loop has yet to fetch.
    let since = conversation.lastSeq;
    for (;;) {
      const answer = await this.api.changes(conversation.otherUserId, since, CHANGES_LIMIT);
      for (const change of answer.changes) {
        since = change.seq;
        if (change.deleted) conversation.remove(change.id, change.seq);
        else conversation.upsert(normalizeMessage(change));
      }
      if (!answer.has_more) {
        conversation.setLatestSeq(answer.latest_seq);
        return;
      }
    }
  }

  /** One load of a kind per conversation at a time: a second call waits for the first. */
  #once(conversation, kind, load) {
    const key = `${conversation.key}/${kind}`;
    const running = this.running.get(key);
    if (running) return running;
    const promise = load().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }
}
