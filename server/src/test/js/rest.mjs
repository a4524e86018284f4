// The REST calls every scenario makes, knowing only the documented interface: one request, and a fresh
// registered and logged-in user.
import assert from "node:assert/strict";

export async function api(base, method, path, token, body) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${base}/api${path}`, { method, headers, body: body && JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** Registers `<name>_<suffix>` on `base` and logs in: the user object plus its `token`. */
export async function newUser(base, name, suffix) {
  const username = `${name}_${suffix}`;
  const password = "scenario-password";
  const reg = await api(base, "POST", "/auth/register", null, { username, email: `${username}@example.com`, password });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const login = await api(base, "POST", "/auth/login", null, { username, password });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return { ...login.body.user, token: login.body.access_token };
}
