"""A chat scenario through python-socketio 5.x, knowing only the documented interface (docs/decisions.md).

Usage: python3 chat_scenario.py <base-url> <websocket|polling|upgrade>
Prints "PYTHON OK" and exits 0 when every step held; raises otherwise.
"""
import queue
import sys
import time

import requests
import socketio

BASE, MODE = sys.argv[1], sys.argv[2]
TRANSPORTS = {"websocket": ["websocket"], "polling": ["polling"], "upgrade": ["polling", "websocket"]}[MODE]
SUFFIX = f"py{MODE[:2]}{int(time.time() * 1000) % 10**8}"


def new_user(name):
    username = f"{name}_{SUFFIX}"
    password = "python-password"
    r = requests.post(f"{BASE}/api/auth/register",
                      json={"username": username, "email": f"{username}@example.com", "password": password})
    assert r.status_code == 201, r.text
    r = requests.post(f"{BASE}/api/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    body = r.json()
    return body["user"], body["access_token"]


class Client:
    """A python-socketio client whose received events are queued per name."""

    def __init__(self, token):
        self.events = {}
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", self._any)
        self.sio.connect(BASE, auth={"token": token}, transports=TRANSPORTS, wait_timeout=10)

    def _any(self, event, *args):
        self.events.setdefault(event, queue.Queue()).put(args[0] if args else None)

    def next(self, event, predicate=lambda p: True, timeout=15):
        q = self.events.setdefault(event, queue.Queue())
        deadline = time.time() + timeout
        while True:
            payload = q.get(timeout=max(0.01, deadline - time.time()))
            if predicate(payload):
                return payload

    def call(self, event, data=None):
        return self.sio.call(event, data, timeout=15)


alice, alice_token = new_user("alice")
bob, bob_token = new_user("bob")

# A bad token is refused with a connect error carrying the server's message. (python-socketio 5.7
# waits out wait_timeout after a connect error, hence the short one.)
refused = socketio.Client(reconnection=False)
connect_errors = queue.Queue()
refused.on("connect_error", lambda data: connect_errors.put(data))
try:
    refused.connect(BASE, auth={"token": "forged"}, transports=TRANSPORTS, wait_timeout=2)
    raise AssertionError("a forged token was accepted")
except socketio.exceptions.ConnectionError:
    pass
error = connect_errors.get(timeout=5)
assert isinstance(error, dict) and error.get("message"), error

a = Client(alice_token)
b = Client(bob_token)
welcome = a.next("connected")
assert welcome == {"message": f"Welcome, {alice['username']}!",
                   "user": {"id": alice["id"], "username": alice["username"], "avatar_url": None}}, welcome

assert a.call("join_public")["ok"] is True
assert b.call("join_public", {})["ok"] is True
a.next("user_joined", lambda e: e["user_id"] == bob["id"])

ack = a.call("send_public_message", {"content": "hello from python"})
assert ack["ok"] is True and ack["content"] == "hello from python", ack
m = b.next("new_public_message", lambda m: m["content"] == "hello from python")
assert m["user"] == {"id": alice["id"], "username": alice["username"]} and m["user_id"] == alice["id"], m

online = b.call("get_online_users")
assert sorted(u["id"] for u in online["users"]) == sorted([alice["id"], bob["id"]]), online

ack = b.call("send_private_message", {"other_user_id": alice["id"], "content": "psst"})
assert ack["ok"] is True, ack
p = a.next("new_private_message", lambda m: m["content"] == "psst")
assert p["sender_id"] == bob["id"] and p["chat_id"] == ack["chat_id"], p

bad = a.call("send_public_message", {"content": "   "})
assert bad["ok"] is False and bad["message"], bad
assert a.next("error")["message"] == bad["message"]

# python-socketio 5.7's disconnect() closes the connection without waiting for its DISCONNECT packet
# to go out, so the server may see a lost connection, whose user stays present for the recovery window
# (decision 34). Leaving the room first is the deliberate way out.
assert a.call("leave_public")["ok"] is True
b.next("user_left", lambda e: e["user_id"] == alice["id"])
assert b.call("leave_public")["ok"] is True
a.sio.disconnect()
b.sio.disconnect()
print("PYTHON OK")
