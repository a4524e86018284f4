// The browser chat client at / (decision 44), driven in Debian's Chromium by playwright-core: two users
// in two browser contexts register, see each other online and typing, chat publicly and privately, see
// unread badges come and go and a read receipt, edit, react, search, delete a message, page back
// through history, and one of them goes offline while the other writes.
// Usage: node web-client-scenario.mjs <base-url> <screenshot-dir>. Prints WEB CLIENT OK at the end.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, shots] = process.argv.slice(2);
const TIMEOUT = 15_000;
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const problems = [];

function check(condition, what) {
  if (!condition) throw new Error(`Failed: ${what}`);
}

async function user(name, viewport = { width: 1280, height: 800 }, phone = false) {
  const context = await browser.newContext({
    viewport, colorScheme: 'light', reducedMotion: 'reduce', isMobile: phone, hasTouch: phone,
  });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  // Nothing may break the page: no script error, no CSP violation, no failed load of our own files.
  const u = { name, context, page, offline: false };
  page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error' || /status of 40[145]/.test(m.text())) return;
    // While the test holds the browser offline, the browser itself reports the failed connection attempts.
    if (u.offline && /net::ERR_|WebSocket connection to .* failed/.test(m.text())) return;
    problems.push(`${name} console: ${m.text()}`);
  });
  return u;
}

/** The messages of the open conversation, as their texts. */
const log = (page) => page.locator('.message-log:not([hidden]) .message');
const messageWith = (page, text) => log(page).filter({ has: page.locator('.content', { hasText: text }) });

async function register({ page, name }) {
  await page.goto(base + '/');
  await page.getByRole('tab', { name: 'Register' }).click();
  const form = page.getByRole('tabpanel', { name: 'Register' });
  await form.getByLabel('Username').fill(name);
  await form.getByLabel('Email').fill(`${name}@example.com`);
  await form.getByLabel('Password').fill('correct horse battery');
  await form.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('status').filter({ hasText: 'Online' }).waitFor();
}

async function send(page, text) {
  const input = page.locator('#composer-input');
  await input.fill(text);
  await input.press('Enter');
  await messageWith(page, text).and(page.locator(':not(.pending)')).waitFor();
}

async function once(page, text) {
  await messageWith(page, text).first().waitFor();
  const count = await messageWith(page, text).count();
  check(count === 1, `${text} shown once (was ${count})`);
}

async function online(page, name) {
  await page.locator('#online-list .user', { hasText: name }).waitFor();
}

/** A conversation's button in the sidebar, whatever its unread count. */
const chatButton = (page, title) => page.locator('#room-list, #private-list')
  .getByRole('button', { name: new RegExp(`^${title}(, \\d+ unread)?$`) });

/** Waits until {@code probe} answers true (a condition, polled; never a fixed sleep). */
async function until(probe, what, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const tokenOf = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('chat.session')).token);

async function chats(page) {
  const r = await fetch(`${base}/api/chats`, { headers: { Authorization: `Bearer ${await tokenOf(page)}` } });
  return r.json();
}

try {
  const alice = await user('alice');
  const bob = await user('bob');

  await alice.page.goto(base + '/');
  await alice.page.getByRole('button', { name: 'Log in' }).waitFor();
  await alice.page.screenshot({ path: join(shots, 'login.png') });

  // A failed login is told on the form, in words.
  const login = alice.page.getByRole('tabpanel', { name: 'Log in' });
  await login.getByLabel('Username').fill('alice');
  await login.getByLabel('Password').fill('not the password');
  await login.getByRole('button', { name: 'Log in' }).click();
  await login.getByRole('alert').filter({ hasText: /\w/ }).waitFor();

  await register(alice);
  await register(bob);
  await online(alice.page, 'bob');
  await online(bob.page, 'alice');

  // Typing, both ways: a notice while the other writes, gone when the field empties.
  await alice.page.locator('#composer-input').fill('I am typ');
  await bob.page.locator('#typing-indicator', { hasText: 'alice is typing…' }).waitFor();
  await alice.page.locator('#composer-input').fill('');
  await bob.page.locator('#typing-indicator', { hasText: /^$/ }).waitFor();
  await bob.page.locator('#composer-input').fill('Me t');
  await alice.page.locator('#typing-indicator', { hasText: 'bob is typing…' }).waitFor();
  await bob.page.locator('#composer-input').fill('');

  // History on scroll: 70 messages before bob's page loads show 50, scrolling up brings the rest.
  const token = await tokenOf(alice.page);
  for (let i = 1; i <= 70; i++) {
    const r = await fetch(`${base}/api/messages`, {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ content: `history ${i}` }),
    });
    check(r.status === 201, `seed message ${i}`);
  }
  await bob.page.reload(); // the session is kept in the tab
  await bob.page.getByRole('status').filter({ hasText: 'Online' }).waitFor();
  await once(bob.page, 'history 70');
  check(await messageWith(bob.page, /^history 1$/).count() === 0, 'history 1 not on the first page');
  await bob.page.locator('#message-scroller').evaluate((el) => { el.scrollTop = 0; });
  await once(bob.page, /^history 1$/);
  check(await log(bob.page).count() === 70, 'all 70 after scrolling up');
  await once(bob.page, 'history 70');

  // Public chat both ways.
  await send(alice.page, 'Hello from alice');
  await once(bob.page, 'Hello from alice');
  await send(bob.page, 'Hi alice, bob here');
  await once(alice.page, 'Hi alice, bob here');

  // Private chat: alice opens it from the online list; bob sees an unread badge, opens it (the badge
  // goes, here and on the server), alice sees that bob has seen it, bob answers.
  await alice.page.getByRole('button', { name: 'Message bob privately' }).click();
  await alice.page.getByRole('heading', { name: 'Chat with bob' }).waitFor();
  await send(alice.page, 'Psst, bob: a private word');
  const aliceChat = bob.page.getByRole('button', { name: 'alice, 1 unread' });
  await aliceChat.waitFor();
  check(await aliceChat.locator('.badge').textContent() === '1', 'the badge shows 1');
  check(await bob.page.locator('#menu-badge').textContent() === '1', 'the total shows 1');
  await aliceChat.click();
  await once(bob.page, 'Psst, bob: a private word');
  await chatButton(bob.page, 'alice').and(bob.page.getByRole('button', { name: 'alice', exact: true })).waitFor();
  check(await chatButton(bob.page, 'alice').locator('.badge').isHidden(), 'the badge is gone once opened');
  await until(async () => (await chats(bob.page)).chats[0]?.unread_count === 0, 'the server counts it read');
  await messageWith(alice.page, 'Psst, bob: a private word').locator('.receipt', { hasText: 'Seen' }).waitFor();
  await send(bob.page, 'Private reply to alice');
  await once(alice.page, 'Private reply to alice');

  // Editing: alice fixes her private message; bob sees the new text, marked "edited".
  await messageWith(alice.page, 'Psst, bob: a private word')
    .getByRole('button', { name: /^Edit your message/ }).click();
  const editor = alice.page.getByRole('textbox', { name: 'Edit message' });
  await editor.fill('Psst, bob: an edited word');
  await editor.press('Enter');
  await messageWith(alice.page, 'Psst, bob: an edited word').locator('.edited').waitFor();
  await messageWith(bob.page, 'Psst, bob: an edited word').locator('.edited', { hasText: 'edited' }).waitFor();
  check(await messageWith(bob.page, 'a private word').count() === 0, 'the old text is gone');

  // Reactions: bob picks 👍; alice sees a chip with its count, adds hers (2 on bob's side), bob takes
  // his back (1 again). A chip is pressed for the one who reacted with it.
  const edited = (page) => messageWith(page, 'Psst, bob: an edited word');
  await edited(bob.page).getByRole('button', { name: /^Add a reaction/ }).click();
  await bob.page.screenshot({ path: join(shots, 'reactions.png') });
  await edited(bob.page).getByRole('button', { name: 'React with 👍' }).click();
  await edited(bob.page).getByRole('button', { name: '👍 1', pressed: true }).waitFor();
  await edited(alice.page).getByRole('button', { name: '👍 1', pressed: false }).click();
  await edited(alice.page).getByRole('button', { name: '👍 2', pressed: true }).waitFor();
  await edited(bob.page).getByRole('button', { name: '👍 2', pressed: true }).click();
  await edited(alice.page).getByRole('button', { name: '👍 1', pressed: true }).waitFor();
  await edited(bob.page).getByRole('button', { name: '👍 1', pressed: false }).waitFor();

  // Unread in the public room while bob reads the private chat; it clears when he opens the room.
  await chatButton(alice.page, 'Public room').click();
  await send(alice.page, 'Public news for bob');
  await bob.page.getByRole('button', { name: 'Public room, 1 unread' }).waitFor();
  await chatButton(bob.page, 'Public room').click();
  await once(bob.page, 'Public news for bob');
  await bob.page.getByRole('button', { name: 'Public room', exact: true }).waitFor();
  await until(async () => (await chats(bob.page)).public.unread_count === 0, 'the public room read');

  // Search: the edited private message, found by bob from the public room, opens its chat; a query
  // with many results pages on with "Load more results".
  await bob.page.getByRole('searchbox', { name: 'Search messages' }).fill('edited wor');
  await bob.page.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
  const result = bob.page.locator('#search-list .search-result', { hasText: 'Psst, bob: an edited word' });
  await result.waitFor();
  check((await result.locator('.result-type').textContent()) === 'Private with alice', 'a private result says so');
  await result.click();
  await bob.page.getByRole('heading', { name: 'Chat with alice' }).waitFor();
  await edited(bob.page).and(bob.page.locator('.highlight')).waitFor();
  await bob.page.getByRole('searchbox', { name: 'Search messages' }).fill('history');
  await bob.page.getByRole('button', { name: 'Search', exact: true }).click();
  await bob.page.getByRole('status').filter({ hasText: '20+ messages found for “history”' }).waitFor();
  check(await bob.page.locator('#search-list .result-type', { hasText: 'Public room' }).count() === 20, 'public results');
  await bob.page.getByRole('button', { name: 'Load more results' }).click();
  await bob.page.getByRole('status').filter({ hasText: '40+ messages' }).waitFor();
  await bob.page.screenshot({ path: join(shots, 'search.png') });
  await bob.page.getByRole('button', { name: 'Clear' }).click();
  check(await bob.page.locator('#search-results').isHidden(), 'Clear hides the results');

  // Deleting one's own message: gone for both.
  await chatButton(alice.page, 'Public room').click();
  await chatButton(bob.page, 'Public room').click();
  await messageWith(alice.page, 'Hello from alice').getByRole('button', { name: /^Delete your message/ }).click();
  await messageWith(alice.page, 'Hello from alice').waitFor({ state: 'detached' });
  await messageWith(bob.page, 'Hello from alice').waitFor({ state: 'detached' });

  // Offline: bob's connection drops while alice writes publicly and privately; back online, bob's
  // client reconnects and catches up, and shows every message exactly once.
  bob.offline = true;
  await bob.context.setOffline(true);
  await bob.page.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor();
  for (const text of ['While you were away 1', 'While you were away 2', 'While you were away 3']) {
    await send(alice.page, text);
  }
  await chatButton(alice.page, 'bob').click();
  await send(alice.page, 'Private, while you were away');
  await bob.context.setOffline(false);
  await bob.page.getByRole('status').filter({ hasText: 'Online' }).waitFor();
  bob.offline = false;
  for (const text of ['While you were away 1', 'While you were away 2', 'While you were away 3']) {
    await once(bob.page, text);
  }
  await once(bob.page, 'Hi alice, bob here');
  await bob.page.getByRole('button', { name: 'alice, 1 unread' }).click(); // counted after the catch-up
  await once(bob.page, 'Private, while you were away');
  await once(bob.page, 'Psst, bob: an edited word');
  await messageWith(alice.page, 'Private, while you were away').locator('.receipt', { hasText: 'Seen' }).waitFor();

  // Screenshots of the main screens, desktop and narrow.
  await chatButton(bob.page, 'Public room').click();
  for (const { page } of [alice, bob]) await page.mouse.move(0, 0); // no message hovered
  await bob.page.screenshot({ path: join(shots, 'public-room.png') });
  await alice.page.screenshot({ path: join(shots, 'private-chat.png') });
  const narrow = await user('bob-phone', { width: 375, height: 740 }, true);
  await narrow.page.goto(base + '/');
  const narrowLogin = narrow.page.getByRole('tabpanel', { name: 'Log in' });
  await narrowLogin.getByLabel('Username').fill('bob');
  await narrowLogin.getByLabel('Password').fill('correct horse battery');
  await narrowLogin.getByRole('button', { name: 'Log in' }).click();
  await narrow.page.getByRole('status').filter({ hasText: 'Online' }).waitFor();
  await once(narrow.page, 'While you were away 3');
  await narrow.page.screenshot({ path: join(shots, 'public-room-narrow.png') });
  await narrow.page.getByRole('button', { name: 'Conversations' }).click();
  await narrow.page.locator('#online-list .user', { hasText: 'alice' }).waitFor();
  await narrow.page.screenshot({ path: join(shots, 'sidebar-narrow.png') });
  await narrow.page.keyboard.press('Escape');
  check(await narrow.page.getByRole('button', { name: 'Conversations' }).getAttribute('aria-expanded') === 'false',
    'Escape closes the sidebar');

  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
  console.log('WEB CLIENT OK');
} finally {
  await browser.close();
}
