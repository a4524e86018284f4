// The browser chat client at / (decision 44), driven in Debian's Chromium by playwright-core: two users
// in two browser contexts register, see each other online, chat publicly and privately, delete a
// message, page back through history, and one of them goes offline while the other writes.
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

async function user(name, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, colorScheme: 'light', reducedMotion: 'reduce' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  // Nothing may break the page: no script error, no CSP violation, no failed load of our own files.
  page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 40[145]/.test(m.text())) problems.push(`${name} console: ${m.text()}`);
  });
  return { name, context, page };
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

  // History on scroll: 70 messages before bob's page loads show 50, scrolling up brings the rest.
  const token = await alice.page.evaluate(() => JSON.parse(sessionStorage.getItem('chat.session')).token);
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

  // Private chat: alice opens it from the online list; bob sees an unread badge, opens it, answers.
  await alice.page.getByRole('button', { name: 'Message bob privately' }).click();
  await alice.page.getByRole('heading', { name: 'bob' }).waitFor();
  await send(alice.page, 'Psst, bob: a private word');
  const aliceChat = bob.page.getByRole('button', { name: 'alice, 1 unread' });
  await aliceChat.waitFor();
  await aliceChat.click();
  await once(bob.page, 'Psst, bob: a private word');
  await send(bob.page, 'Private reply to alice');
  await once(alice.page, 'Private reply to alice');

  // Deleting one's own message: gone for both.
  await alice.page.getByRole('button', { name: 'Public room' }).click();
  await bob.page.getByRole('button', { name: 'Public room' }).click();
  await messageWith(alice.page, 'Hello from alice').getByRole('button', { name: /^Delete your message/ }).click();
  await messageWith(alice.page, 'Hello from alice').waitFor({ state: 'detached' });
  await messageWith(bob.page, 'Hello from alice').waitFor({ state: 'detached' });

  // Offline: bob's connection drops while alice writes publicly and privately; back online, bob's
  // client reconnects and catches up, and shows every message exactly once.
  await bob.context.setOffline(true);
  await bob.page.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor();
  for (const text of ['While you were away 1', 'While you were away 2', 'While you were away 3']) {
    await send(alice.page, text);
  }
  await alice.page.getByRole('button', { name: 'bob' }).click();
  await send(alice.page, 'Private, while you were away');
  await bob.context.setOffline(false);
  await bob.page.getByRole('status').filter({ hasText: 'Online' }).waitFor();
  for (const text of ['While you were away 1', 'While you were away 2', 'While you were away 3']) {
    await once(bob.page, text);
  }
  await once(bob.page, 'Hi alice, bob here');
  await bob.page.getByRole('button', { name: /^alice/ }).click();
  await once(bob.page, 'Private, while you were away');
  await once(bob.page, 'Psst, bob: a private word');

  // Screenshots of the main screens, desktop and narrow.
  await bob.page.getByRole('button', { name: 'Public room' }).click();
  await bob.page.screenshot({ path: join(shots, 'public-room.png') });
  await alice.page.screenshot({ path: join(shots, 'private-chat.png') });
  const narrow = await user('bob-phone', { width: 375, height: 740 });
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
