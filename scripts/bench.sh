#!/usr/bin/env bash
# Benchmark harness: chat server pinned to one core, load generator pinned to the other, then (cluster) two
# nodes on PostgreSQL and Redis, then the same fanout against the bare WebSocket floor server and the same
# REST GET against the bare HTTP floor server. Results (markdown + JSON) go to bench/results/.
#
#   scripts/bench.sh            # full run (~15-17 min): 1,000 receivers at 100 and 200 msg/s, 18,000 sockets, a 10,000-socket reconnect storm, a two-node cluster, ...
#   scripts/bench.sh quick      # ~3-4 min smoke run with small sizes
#   scripts/bench.sh soak       # 30 min of mixed load (BENCH_SOAK_SECONDS): heap after GC, threads, files at start and end
#
# Everything can be overridden by environment variables (see the defaults below), e.g.
#   BENCH_SCENARIOS=fanout,rest BENCH_RECEIVERS=500 scripts/bench.sh
# Heap per idle socket as a line (C114): BENCH_CONNECTION_STEPS=2000,6000,10000,14000,18000 opens the connections
# scenario's sockets in those steps and reads the server's heap after a full GC at each (slope = bytes per socket,
# intercept, projection to 100,000); 18,000 is about what the open-files limit of 20,000 per process allows
# (raised to the hard limit below, on both sides).
# Any BENCH_<OPTION> variable is also read by the load generator itself (java -jar chat-bench.jar --help
# is not a thing: see bench/src/main/java/io/chatserver/bench/*.java for options).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

PROFILE=${1:-${BENCH_PROFILE:-full}}
case "$PROFILE" in
  quick)
    : "${BENCH_RECEIVERS:=200}" "${BENCH_RATES:=100}" "${BENCH_WARMUP:=2}" "${BENCH_DURATION:=5}"
    : "${BENCH_CONNECTIONS:=2000}" "${BENCH_PAIRS:=20}" "${BENCH_USERS:=40}" "${BENCH_LOGIN_DURATION:=5}"
    : "${BENCH_STORM_SOCKETS:=1000}" ;;
  full)
    : "${BENCH_RECEIVERS:=1000}" "${BENCH_RATES:=100,200}" "${BENCH_WARMUP:=5}" "${BENCH_DURATION:=15}"
    : "${BENCH_CONNECTIONS:=18000}" "${BENCH_PAIRS:=50}" "${BENCH_USERS:=100}" "${BENCH_LOGIN_DURATION:=10}"
    : "${BENCH_STORM_SOCKETS:=10000}" ;;
  soak)
    # Not a throughput run: one server, mixed load for BENCH_SOAK_SECONDS; nothing on it may grow.
    : "${BENCH_SCENARIOS:=soak}" "${BENCH_FLOOR:=0}" "${BENCH_SOAK_SECONDS:=1800}" "${BENCH_USERS:=100}"
    : "${BENCH_LOAD_TIMEOUT:=$((BENCH_SOAK_SECONDS + 900))}"
    export BENCH_SOAK_SECONDS ;;
  *) echo "usage: $0 [quick|full|soak]" >&2; exit 2 ;;
esac
export BENCH_RECEIVERS BENCH_RATES BENCH_WARMUP BENCH_DURATION BENCH_CONNECTIONS BENCH_PAIRS BENCH_USERS BENCH_LOGIN_DURATION
[[ -n "${BENCH_STORM_SOCKETS:-}" ]] && export BENCH_STORM_SOCKETS

# storm: 10,000 sockets (1,000 quick) dropped at once and recovering (decision 34); BENCH_STORM_MISSED messages
# posted while they are away (default 10), BENCH_STORM_CONCURRENCY reconnects in flight (default: all at once).
# cluster: two nodes on the local PostgreSQL and Redis (see 1c), BENCH_RECEIVERS receivers at the first of
# BENCH_RATES (BENCH_CLUSTER_RATES), all on the senders' node, all on the other, then half on each.
SCENARIOS=${BENCH_SCENARIOS:-fanout,connections,private,rest,storm,login,cluster}
FLOOR=${BENCH_FLOOR:-1}                       # 0: skip the bare floors (WebSocket fanout, HTTP GET)
PORT=${BENCH_PORT:-5055}
FLOOR_PORT=${BENCH_FLOOR_PORT:-5056}
# The cluster's second node; by default the floor's port, which is free while the cluster runs (the floors come after).
NODE_B_PORT=${BENCH_NODE_B_PORT:-$FLOOR_PORT}
# Both nodes share the server core by default (docs/benchmarks.md, Cluster: the load generator keeps its own core).
NODE_B_CORE=${BENCH_NODE_B_CORE:-${BENCH_SERVER_CORE:-0}}
PG_HOSTPORT=${BENCH_PG_HOSTPORT:-127.0.0.1:5432}   # PostgreSQL for the cluster: a schema of its own per run
PG_DB=${BENCH_PG_DB:-test}
PG_USER=${BENCH_PG_USER:-postgres}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}   # Redis for the cluster: a key prefix of its own per run
SERVER_CORE=${BENCH_SERVER_CORE:-0}
LOAD_CORE=${BENCH_LOAD_CORE:-1}
SERVER_JAR=${BENCH_SERVER_JAR:-server/target/chat-server.jar}
BENCH_JAR=${BENCH_JAR:-bench/target/chat-bench.jar}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-}
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:--Xms512m -Xmx4g -Xss512k}
LOAD_TIMEOUT=${BENCH_LOAD_TIMEOUT:-1200}      # seconds: hard bound for one load-generator run
# Rate limits and the per-user, per-address socket and connection caps (18,000 sockets over 100 users) are switched off for the
# benchmark (0 = disabled); add more as NAME=VALUE words.
SERVER_ENV=${BENCH_SERVER_ENV:-AUTH_RATE_LIMIT_PER_MINUTE=0 SOCKET_EVENTS_PER_SECOND=1000000 SOCKET_EVENT_BURST=1000000 MAX_SOCKETS_PER_USER=0 MAX_SESSIONS_PER_ADDRESS=0 MAX_CONNECTIONS_PER_ADDRESS=0 LOG_LEVEL=WARN}
# BENCH_METRICS=1: the chat server also serves Prometheus metrics (METRICS_PORT, decision 46), scraped
# into metrics.txt after the pinned run, to measure what metrics cost (docs/benchmarks.md).
METRICS=${BENCH_METRICS:-0}
METRICS_PORT=${BENCH_METRICS_PORT:-5057}
[[ "$METRICS" == 1 ]] && SERVER_ENV="$SERVER_ENV METRICS_PORT=$METRICS_PORT"

# The connections scenario needs one descriptor per socket on both sides.
ulimit -n "$(ulimit -Hn)" || true
echo "open files: $(ulimit -n)"

if [[ ! -f "$BENCH_JAR" || ! -f "$SERVER_JAR" || "${BENCH_BUILD:-0}" == 1 ]]; then
  echo "building (mvn -q -DskipTests package)"
  mvn -q -DskipTests package
fi

STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT=${BENCH_OUT:-bench/results/$STAMP-$PROFILE}
mkdir -p "$OUT" bench/results
DATA=$(mktemp -d /tmp/chat-bench-data.XXXXXX)

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "profile: $PROFILE; scenarios: $SCENARIOS"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "java: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "open files: $(ulimit -n)"
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "server: taskset -c $SERVER_CORE java $SERVER_JAVA_OPTS -jar $SERVER_JAR ($SERVER_ENV)"
  echo "load generator: taskset -c $LOAD_CORE java $LOAD_JAVA_OPTS -jar $BENCH_JAR"
  echo "busiest processes at start (lifetime %CPU): $(ps -eo pcpu=,comm= --sort=-pcpu | head -3 | awk '{printf "%s %s%%; ", $2, $1}')"
  if [[ -n "${BENCH_NOTE:-}" ]]; then echo "note: $BENCH_NOTE"; fi
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

SPID=""
SPID_B=""
stop_pid() {
  local pid=$1
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}
cleanup() {
  stop_pid "$SPID"
  stop_pid "$SPID_B"
  SPID=""
  SPID_B=""
}
CLUSTER_SCHEMA=""
REDIS_PREFIX=""
# The cluster's schema and Redis keys go at the end of its run (or of the script, if it was cut short).
cluster_cleanup() {
  if [[ -n "$CLUSTER_SCHEMA" ]]; then
    psql "postgresql://$PG_USER@$PG_HOSTPORT/$PG_DB" -q -c "DROP SCHEMA IF EXISTS $CLUSTER_SCHEMA CASCADE" >/dev/null 2>&1 || true
  fi
  if [[ -n "$REDIS_PREFIX" ]]; then
    redis-cli -u "$REDIS_URL" --scan --pattern "$REDIS_PREFIX:*" 2>/dev/null | xargs -r -n 500 redis-cli -u "$REDIS_URL" DEL \
      >/dev/null 2>&1 || true
  fi
  CLUSTER_SCHEMA=""
  REDIS_PREFIX=""
}
trap 'cleanup; cluster_cleanup; rm -rf "$DATA"' EXIT

# The machine may be shared: a port someone else's server holds would make /api/health answer for it, and
# the load would go to that server. Refuse instead (set BENCH_PORT / BENCH_FLOOR_PORT to other ports).
port_free() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "port $1 is already in use (another benchmark?): set BENCH_PORT / BENCH_FLOOR_PORT" >&2
    exit 1
  fi
}

wait_health() { # port [pid]
  local port=$1 pid=${2:-$SPID}
  for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then echo "server died (see its log in $OUT)" >&2; return 1; fi
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/api/health" 2>/dev/null && kill -0 "$pid" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "no /api/health on port $port" >&2
  return 1
}

run_load() { # out.json extra-args...
  local out=$1; shift
  timeout --signal=TERM --kill-after=20 "$LOAD_TIMEOUT" \
    taskset -c "$LOAD_CORE" java $LOAD_JAVA_OPTS -jar "$BENCH_JAR" --out "$out" --server-core "$SERVER_CORE" --load-core "$LOAD_CORE" "$@" 2>&1 | tee -a "$OUT/loadgen.log" | grep '^\[bench' || true
}

RESULTS=()
# Login is measured on its own server, on both cores (see 1b), the cluster on two nodes (1c); the pinned run does the rest.
PINNED_SCENARIOS=$(echo ",$SCENARIOS," | sed 's/,login,/,/g; s/,cluster,/,/g; s/^,//; s/,$//')

# 1. The chat server (not started when only login and cluster were asked for: they start their own).
if [[ -n "$PINNED_SCENARIOS" ]]; then
  echo "== chat server on 127.0.0.1:$PORT (core $SERVER_CORE), DATA_DIR=$DATA"
  port_free "$PORT"
  env $SERVER_ENV PORT="$PORT" DATA_DIR="$DATA" taskset -c "$SERVER_CORE" java $SERVER_JAVA_OPTS -jar "$SERVER_JAR" \
    > "$OUT/server.log" 2>&1 &
  SPID=$!
  wait_health "$PORT"
  echo "server pid $SPID, VmRSS $(awk '/VmRSS/ {print $2, $3}' /proc/$SPID/status)"
  # --save-page: one page of GET /api/messages?limit=50 as the server answers it, for the HTTP floor (2b).
  run_load "$OUT/server.json" --port "$PORT" --server-pid "$SPID" --scenarios "$PINNED_SCENARIOS" --save-page "$OUT/page.json"
  RESULTS+=("$OUT/server.json")
  if [[ "$METRICS" == 1 ]]; then
    curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" > "$OUT/metrics.txt" || echo "no /metrics on port $METRICS_PORT" >&2
  fi
  cleanup
fi

# 1b. Login: Argon2id hashing runs on a pool as wide as the machine (HASH_THREADS = cores), and the
#     target is for both cores, so this server gets both; the load generator (a few % of a core) shares.
if [[ ",$SCENARIOS," == *",login,"* ]]; then
  LOGIN_DATA=$(mktemp -d /tmp/chat-bench-login.XXXXXX)
  echo "== chat server for login on 127.0.0.1:$PORT (cores $SERVER_CORE,$LOAD_CORE)"
  port_free "$PORT"
  env $SERVER_ENV PORT="$PORT" DATA_DIR="$LOGIN_DATA" taskset -c "$SERVER_CORE,$LOAD_CORE" java $SERVER_JAVA_OPTS \
    -jar "$SERVER_JAR" > "$OUT/server-login.log" 2>&1 &
  SPID=$!
  wait_health "$PORT"
  run_load "$OUT/login.json" --port "$PORT" --server-pid "$SPID" --scenarios login
  RESULTS+=("$OUT/login.json")
  cleanup
  rm -rf "$LOGIN_DATA"
fi

# 1c. The cluster: two nodes of the same jar (separate JVMs) on a PostgreSQL schema and a Redis key prefix of
#     this run's own, both dropped afterwards; node a on PORT, node b on NODE_B_PORT; the redis-server's pid
#     (from INFO) so that its CPU is read from /proc like the nodes'. Senders on node a, receivers on a, b, both.
# Without PostgreSQL or Redis (or their clients) the cluster is skipped with a line saying why, not the run.
cluster_missing() {
  local tool
  for tool in psql redis-cli; do
    command -v "$tool" >/dev/null || { echo "no $tool"; return; }
  done
  psql "postgresql://$PG_USER@$PG_HOSTPORT/$PG_DB" -Atqc 'select 1' >/dev/null 2>&1 \
    || { echo "PostgreSQL at $PG_HOSTPORT (database $PG_DB, user $PG_USER) does not answer"; return; }
  [[ "$(redis-cli -u "$REDIS_URL" PING 2>/dev/null)" == PONG ]] || echo "Redis at $REDIS_URL does not answer"
}
CLUSTER_MISSING=""
[[ ",$SCENARIOS," == *",cluster,"* ]] && CLUSTER_MISSING=$(cluster_missing)
if [[ -n "$CLUSTER_MISSING" ]]; then
  echo "== cluster skipped: $CLUSTER_MISSING" | tee -a "$OUT/machine.txt" >&2
elif [[ ",$SCENARIOS," == *",cluster,"* ]]; then
  CLUSTER_SCHEMA="bench_$(date -u +%Y%m%d%H%M%S)_$$"
  REDIS_PREFIX="bench-$CLUSTER_SCHEMA"
  psql "postgresql://$PG_USER@$PG_HOSTPORT/$PG_DB" -q -v ON_ERROR_STOP=1 -c "CREATE SCHEMA $CLUSTER_SCHEMA"
  REDIS_PID=$(redis-cli -u "$REDIS_URL" INFO server | tr -d '\r' | awk -F: '$1 == "process_id" {print $2}')
  [[ "$REDIS_PID" =~ ^[0-9]+$ ]] || { echo "no process_id from redis-cli INFO at $REDIS_URL" >&2; exit 1; }
  CLUSTER_DB="jdbc:postgresql://$PG_HOSTPORT/$PG_DB?user=$PG_USER&currentSchema=$CLUSTER_SCHEMA"
  SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
  echo "== cluster: node a on 127.0.0.1:$PORT (core $SERVER_CORE), node b on 127.0.0.1:$NODE_B_PORT (core $NODE_B_CORE);" \
    "schema $CLUSTER_SCHEMA, Redis prefix $REDIS_PREFIX (redis-server pid $REDIS_PID)"
  echo "cluster: node a taskset -c $SERVER_CORE, node b taskset -c $NODE_B_CORE; DATABASE_URL=$CLUSTER_DB; REDIS_URL=$REDIS_URL" \
    "REDIS_PREFIX=$REDIS_PREFIX (redis-server pid $REDIS_PID); $(psql "postgresql://$PG_USER@$PG_HOSTPORT/$PG_DB" -Atc 'show server_version' \
    2>/dev/null | sed 's/^/PostgreSQL /'); Redis $(redis-cli -u "$REDIS_URL" INFO server | tr -d '\r' | awk -F: '$1 == "redis_version" {print $2}')" \
    >> "$OUT/machine.txt"
  port_free "$PORT"
  port_free "$NODE_B_PORT"
  # Node a first: it applies the migrations to the empty schema; node b then finds nothing to do.
  env $SERVER_ENV PORT="$PORT" NODE_ID=bench-a DATA_DIR="$DATA" DATABASE_URL="$CLUSTER_DB" REDIS_URL="$REDIS_URL" \
    REDIS_PREFIX="$REDIS_PREFIX" JWT_SECRET="$SECRET" taskset -c "$SERVER_CORE" java $SERVER_JAVA_OPTS -jar "$SERVER_JAR" \
    > "$OUT/server-node-a.log" 2>&1 &
  SPID=$!
  wait_health "$PORT" "$SPID"
  # METRICS_PORT= (blank, i.e. off) on node b: with BENCH_METRICS=1 node a holds the metrics port.
  env $SERVER_ENV METRICS_PORT= PORT="$NODE_B_PORT" NODE_ID=bench-b DATA_DIR="$DATA" DATABASE_URL="$CLUSTER_DB" REDIS_URL="$REDIS_URL" \
    REDIS_PREFIX="$REDIS_PREFIX" JWT_SECRET="$SECRET" taskset -c "$NODE_B_CORE" java $SERVER_JAVA_OPTS -jar "$SERVER_JAR" \
    > "$OUT/server-node-b.log" 2>&1 &
  SPID_B=$!
  wait_health "$NODE_B_PORT" "$SPID_B"
  echo "node a pid $SPID, node b pid $SPID_B"
  run_load "$OUT/cluster.json" --port "$PORT" --server-pid "$SPID" --node-b-port "$NODE_B_PORT" --node-b-pid "$SPID_B" \
    --redis-pid "$REDIS_PID" --scenarios cluster
  RESULTS+=("$OUT/cluster.json")
  cleanup
  cluster_cleanup
fi

# 2. The bare floor: same fanout, plain WebSocket frames of the same size as the server's (and the same
#    number of idle connections, as a memory reference).
FLOOR_SCENARIOS=""
[[ ",$SCENARIOS," == *",fanout,"* ]] && FLOOR_SCENARIOS="fanout"
[[ ",$SCENARIOS," == *",connections,"* ]] && FLOOR_SCENARIOS="${FLOOR_SCENARIOS:+$FLOOR_SCENARIOS,}connections"
if [[ "$FLOOR" == 1 && -n "$FLOOR_SCENARIOS" ]]; then
  FRAME=$(jq -r '[.[] | select(.scenario=="fanout") | .avg_frame_bytes // empty] | max // 230' "$OUT/server.json" 2>/dev/null || echo 230)
  [[ "$FRAME" =~ ^[0-9]+$ && "$FRAME" -gt 0 ]] || FRAME=230
  echo "== bare floor on 127.0.0.1:$FLOOR_PORT (core $SERVER_CORE), frames of $FRAME bytes"
  port_free "$FLOOR_PORT"
  taskset -c "$SERVER_CORE" java $SERVER_JAVA_OPTS -cp "$BENCH_JAR" io.chatserver.bench.floor.BareBroadcastServer "$FLOOR_PORT" \
    > "$OUT/floor.log" 2>&1 &
  SPID=$!
  wait_health "$FLOOR_PORT"
  run_load "$OUT/floor.json" --port "$FLOOR_PORT" --server-pid "$SPID" --scenarios "$FLOOR_SCENARIOS" --plain true --frame-bytes "$FRAME"
  RESULTS+=("$OUT/floor.json")
  cleanup
  # The tighter floor: frame encoded once, unflushed writes, one flush per socket per event-loop turn.
  if [[ ",$FLOOR_SCENARIOS," == *",fanout,"* && "${BENCH_FLOOR_BATCHED:-1}" == 1 ]]; then
    echo "== bare floor (batched writes) on 127.0.0.1:$FLOOR_PORT (core $SERVER_CORE)"
    port_free "$FLOOR_PORT"
    taskset -c "$SERVER_CORE" java $SERVER_JAVA_OPTS -cp "$BENCH_JAR" io.chatserver.bench.floor.BareBroadcastServer "$FLOOR_PORT" batched \
      > "$OUT/floor-batched.log" 2>&1 &
    SPID=$!
    wait_health "$FLOOR_PORT"
    run_load "$OUT/floor-batched.json" --port "$FLOOR_PORT" --server-pid "$SPID" --scenarios fanout --plain true \
      --label floor_batched --frame-bytes "$FRAME"
    RESULTS+=("$OUT/floor-batched.json")
    cleanup
  fi
fi

# 2b. The HTTP floor: GET /api/messages?limit=50 against a bare Vert.x HTTP server (one event loop, same core)
#     answering the page the chat server answered in 1 (same bytes, same headers); closed loop only.
if [[ "$FLOOR" == 1 && ",$SCENARIOS," == *",rest,"* ]]; then
  if [[ -s "$OUT/page.json" ]]; then
    echo "== HTTP floor on 127.0.0.1:$FLOOR_PORT (core $SERVER_CORE), page of $(stat -c %s "$OUT/page.json") bytes"
    port_free "$FLOOR_PORT"
    taskset -c "$SERVER_CORE" java $SERVER_JAVA_OPTS -cp "$BENCH_JAR" io.chatserver.bench.floor.BareHttpServer "$FLOOR_PORT" \
      "$OUT/page.json" "$OUT/page.json.headers" > "$OUT/floor-http.log" 2>&1 &
    SPID=$!
    wait_health "$FLOOR_PORT"
    run_load "$OUT/floor-http.json" --port "$FLOOR_PORT" --server-pid "$SPID" --scenarios rest --plain true --label floor_http \
      --rest-ops get --rest-rate 0
    RESULTS+=("$OUT/floor-http.json")
    cleanup
  else
    echo "no page saved from the chat server's GET run: HTTP floor skipped" >&2
  fi
fi

# 2c. The write floor: the same sends through the server's own services and SQLite writer, with no HTTP and
#     no sockets (same core, same window as the private scenario): what a stored message costs at least.
if [[ "$FLOOR" == 1 && ( ",$SCENARIOS," == *",private,"* || ",$SCENARIOS," == *",rest,"* ) ]]; then
  for KIND in private public; do
    [[ "$KIND" == private && ",$SCENARIOS," != *",private,"* ]] && continue
    [[ "$KIND" == public && ",$SCENARIOS," != *",rest,"* ]] && continue
    echo "== write floor ($KIND sends, core $SERVER_CORE)"
    # public: as many posts in flight as the REST scenario's connections
    if [[ "$KIND" == private ]]; then FLOOR_ARGS=("$BENCH_PAIRS" "${BENCH_WINDOW:-4}"); else FLOOR_ARGS=("${BENCH_HTTP_CONNECTIONS:-64}" 1); fi
    if taskset -c "$SERVER_CORE" java $SERVER_JAVA_OPTS -cp "$SERVER_JAR:$BENCH_JAR" io.chatserver.bench.floor.WritePathFloor \
        "$KIND" "${FLOOR_ARGS[@]}" "$BENCH_WARMUP" "$BENCH_DURATION" > "$OUT/floor-write-$KIND.log" 2>&1; then
      grep '^\[{' "$OUT/floor-write-$KIND.log" > "$OUT/floor-write-$KIND.json"
      RESULTS+=("$OUT/floor-write-$KIND.json")
    else
      echo "write floor ($KIND) failed: see $OUT/floor-write-$KIND.log" >&2
    fi
  done
fi

# 3. Report.
java -jar "$BENCH_JAR" report "$OUT/results.md" "$OUT/results.json" "${RESULTS[@]}" > /dev/null
cat "$OUT/machine.txt" > "$OUT/README.md"
echo >> "$OUT/README.md"
cat "$OUT/results.md" >> "$OUT/README.md"
LATEST=latest
[[ "$PROFILE" == soak ]] && LATEST=latest-soak
cp "$OUT/results.md" "bench/results/$LATEST.md"
cp "$OUT/results.json" "bench/results/$LATEST.json"
cp "$OUT/machine.txt" "bench/results/$LATEST-machine.txt"
echo
cat "$OUT/results.md"
echo
echo "results: $OUT (and bench/results/$LATEST.*)"
