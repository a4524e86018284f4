#!/usr/bin/env bash
# The test command. Installs and starts what the tests need, then runs `mvn -B verify` with any
# extra arguments (e.g. `scripts/test.sh -pl server -Dtest=HttpEdgeTest`).
#
# It cannot install: JDK 17+, Maven 3.8+, Node 20+ with npm, and a Debian system with apt (as root or
# with sudo). Everything else it installs when missing (Debian packages) or starts when down
# (PostgreSQL, Redis); when all is present it only checks, in about a second.
# TEST_SETUP_ONLY=1 does the set-up and stops before Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "test.sh: $*"; }
die() { echo "test.sh: $*" >&2; exit 1; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "needs root or sudo for: $*"; fi
}

for tool in java mvn node npm; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not on the PATH (needs JDK 17+, Maven 3.8+, Node 20+ with npm)"
done
# nginx lives in /usr/sbin, which an ordinary user's PATH may lack; the cluster tests run `nginx`.
case ":$PATH:" in *:/usr/sbin:*) ;; *) export PATH="$PATH:/usr/sbin" ;; esac

# Debian packages: PostgreSQL and Redis (the database and cluster tests), nginx (the cluster tests
# start deploy/nginx.conf in front of two nodes), python-socketio and what it imports (the Python
# client test, run with /usr/bin/python3), and Chromium with an emoji font (browser tests drive
# /usr/bin/chromium).
missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server redis-tools)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The browser test's screenshots show reactions: without a colour emoji font they are empty boxes.
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing+=(fonts-noto-color-emoji)
for module in socketio websocket requests; do
  # From / : in the repository, "import socketio" would find our socketio/ module directory instead.
  (cd / && /usr/bin/python3 -c "import $module") >/dev/null 2>&1 || missing+=("python3-$module")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Services: PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379, started when down.
pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q >/dev/null 2>&1; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }
if ! pg_up; then
  say "starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
fi
if ! redis_up; then
  say "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
fi
deadline=$((SECONDS + 60))
until pg_up && redis_up; do
  [ "$SECONDS" -lt "$deadline" ] || die "PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) not up after 60 s"
  sleep 0.5
done

# The tests use throw-away schemas in database `test`, as user postgres without a password.
pg() { psql -h 127.0.0.1 -p 5432 -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
pg -d postgres -c 'SELECT 1' >/dev/null 2>&1 \
  || die "cannot connect as postgres to 127.0.0.1:5432 without a password: the tests need trust auth for 127.0.0.1 in pg_hba.conf"
if [ "$(pg -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'test'")" != 1 ]; then
  say "creating database test"
  pg -d postgres -c 'CREATE DATABASE test' >/dev/null
fi

say "PostgreSQL, Redis, nginx, python3-socketio and chromium are ready"
if [ "${TEST_SETUP_ONLY:-0}" = 1 ]; then exit 0; fi
exec mvn -B verify "$@"
