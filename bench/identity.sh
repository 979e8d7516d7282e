#!/usr/bin/env bash
# Identity: login and token-refresh throughput and latency at 16 connections, and authenticated GET /api/v1/me
# latency at 500 req/s, against the packaged jar on an embedded PostgreSQL in a temporary data dir.
# Usage: bench/identity.sh [runs] [seconds per measurement] [me]   (default 3 runs of 15 s; prints each run and
# medians; "me" measures only GET /api/v1/me)
# Rate limits are raised for the run (one benchmark client would otherwise be limited, as it should be); the
# limiter itself still runs on every request. The failed-login throttle is untouched (every login succeeds).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
seconds=${2:-15}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=$(ls target/levqor-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ]; then ./mvnw -B -q -DskipTests package; jar=$(ls target/levqor-*.jar | grep -v original | head -1); fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
data=$(mktemp -d)/data
LEVQOR_DATA_DIR=$data SERVER_PORT=$port \
  LEVQOR_IDENTITY_RATELIMITS_AUTH=100000000 \
  LEVQOR_IDENTITY_RATELIMITS_TIERS_FREE=100000000 \
  "$JAVA" ${BENCH_JVM_OPTS:-} -jar "$jar" > "$data.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$(dirname "$data")"' EXIT
until curl -fs "http://localhost:$port/health" 2>/dev/null | grep -q '"UP"'; do
  kill -0 "$pid" 2>/dev/null || { echo "Levqor died; see $data.log" >&2; exit 1; }
  sleep 0.2
done
echo "java: $("$JAVA" -version 2>&1 | head -1); nproc: $(nproc); load before: $(cut -d" " -f1-3 /proc/loadavg)"
"$JAVA" bench/IdentityLoad.java "http://localhost:$port" "$runs" "$seconds" "${3:-all}"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; figures mean little when it exceeds nproc)"
