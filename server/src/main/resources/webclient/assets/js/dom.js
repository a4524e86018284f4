// Small DOM helpers: every user-supplied text goes in as text, never as markup.

/** h('li', {class: 'x', dataset: {id: 1}}, 'text', child) */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A message's time: the hour today, the date too before. */
export function time(timestamp) {
  const date = new Date(timestamp);
  const today = new Date().toDateString() === date.toDateString();
  return h('time', { datetime: timestamp, title: dateTimeFormat.format(date) },
    today ? timeFormat.format(date) : dateTimeFormat.format(date));
}

/** A round badge with the user's initial, its colour from the user id (set through CSSOM: CSP-safe). */
export function avatar(userId, username) {
  const el = h('span', { class: 'avatar', 'aria-hidden': 'true' }, (username ?? '?').slice(0, 1).toUpperCase());
  el.style.setProperty('--hue', String((Number(userId) * 137) % 360));
  return el;
}
