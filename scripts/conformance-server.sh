#!/usr/bin/env bash
# Starts the fixture for the official Engine.IO / Socket.IO protocol test suites on port 3000
# (override with PORT): /engine.io/ echoes every message, /socket.io/ is the server described in the
# socket.io-protocol README. Build first: mvn -q -DskipTests package (at the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=socketio/target/socketio-conformance.jar
if [[ ! -f "$JAR" ]]; then
  echo "missing $JAR: run 'mvn -q -DskipTests package' at the repository root first" >&2
  exit 1
fi
exec java -jar "$JAR" "${PORT:-3000}"
