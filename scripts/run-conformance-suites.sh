#!/usr/bin/env bash
# Runs the official Engine.IO and Socket.IO protocol test suites against our fixture
# (scripts/conformance-server.sh, port 3000).
#
#   scripts/run-conformance-suites.sh [ENGINE_IO_SUITE_DIR SOCKET_IO_SUITE_DIR]
#
# The two directories are the `test-suite/` folders of github.com/socketio/engine.io-protocol and
# github.com/socketio/socket.io-protocol; without arguments both repositories are shallow-cloned into
# a temporary directory. Needs node/npm, git, curl, and a prior `mvn -q -DskipTests package`.
# The suites' code is never copied into this repository.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -ge 2 ]]; then
  EIO_DIR=$1
  SIO_DIR=$2
else
  TMP=$(mktemp -d)
  git clone -q --depth 1 https://github.com/socketio/engine.io-protocol "$TMP/engine.io-protocol"
  git clone -q --depth 1 https://github.com/socketio/socket.io-protocol "$TMP/socket.io-protocol"
  EIO_DIR=$TMP/engine.io-protocol/test-suite
  SIO_DIR=$TMP/socket.io-protocol/test-suite
fi

if curl -s -o /dev/null "http://localhost:3000/"; then
  echo "port 3000 is already in use" >&2
  exit 1
fi
scripts/conformance-server.sh &
FIXTURE_PID=$!
trap 'kill "$FIXTURE_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -s -o /dev/null "http://localhost:3000/engine.io/?EIO=4&transport=polling" && break
  sleep 0.2
done

status=0
for dir in "$EIO_DIR" "$SIO_DIR"; do
  echo "== $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error && npm test) || status=1
done
exit $status
