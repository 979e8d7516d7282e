#!/usr/bin/env bash
# Cold start (empty data dir) to healthy, warm start (same data dir) to healthy, and idle RSS, for the packaged jar.
# Usage: bench/startup.sh [runs]   (default 3; prints each run and the medians)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=$(ls target/levqor-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ]; then ./mvnw -B -q -DskipTests package; jar=$(ls target/levqor-*.jar | grep -v original | head -1); fi

now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }

# Starts Levqor on a data dir, waits for /health UP; prints "<ms to healthy> <pid>".
start() {
  local data=$1 port=$2 t0
  t0=$(now_ms)
  LEVQOR_DATA_DIR=$data SERVER_PORT=$port "$JAVA" -jar "$jar" > "$data.log" 2>&1 &
  local pid=$!
  until curl -fs "http://localhost:$port/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "Levqor died; see $data.log" >&2; exit 1; }
    sleep 0.05
  done
  echo "$(( $(now_ms) - t0 )) $pid"
}

stop() { kill "$1"; while kill -0 "$1" 2>/dev/null; do sleep 0.1; done; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

cold=(); warm=(); rss=()
for i in $(seq "$runs"); do
  dir=$(mktemp -d)/data; port=$(free_port)
  read -r ms pid < <(start "$dir" "$port"); cold+=("$ms"); stop "$pid"
  read -r ms pid < <(start "$dir" "$port"); warm+=("$ms")
  sleep 10  # let start-up garbage settle before reading the idle footprint
  kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status"); rss+=("$((kb / 1024))")
  stop "$pid"
  echo "run $i: cold ${cold[-1]} ms, warm ${warm[-1]} ms, idle RSS ${rss[-1]} MB"
  rm -rf "$(dirname "$dir")"
done
echo "cores: $(nproc); java: $("$JAVA" -version 2>&1 | head -1)"
echo "median cold start to healthy: $(printf '%s\n' "${cold[@]}" | median) ms"
echo "median warm start to healthy: $(printf '%s\n' "${warm[@]}" | median) ms"
echo "median idle RSS: $(printf '%s\n' "${rss[@]}" | median) MB"
