#!/usr/bin/env bash
# Lean (issue 22): jar size, time to /health UP cold (empty data dir) and warm (same data dir), and the Levqor JVM's
# RSS after 60 s of webhook-async and 60 s of webhook-sync load sent from another process (bench/lean/LeanLoad.java),
# for Levqor started the documented way (bin/levqor). PostgreSQL's processes are counted apart (PSS, so shared
# buffers count once). Prints each run, the medians, and the load average (figures mean little above nproc).
# Usage: bench/lean.sh [runs] [seconds of each webhook benchmark]      (default 3 runs of 60 s)
#   LEAN_START  the start command (default bin/levqor; e.g. "java -jar old.jar" for a before/after comparison)
#   LEAN_JAR    the jar whose size is printed (default target/levqor-*.jar, also what bin/levqor runs)
#   LEAN_NMT=1  also prints the JVM's Native Memory Tracking summary after the load (adds -XX:NativeMemoryTracking)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
seconds=${2:-60}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=${LEAN_JAR:-$(ls target/levqor-*.jar 2>/dev/null | grep -v original | head -1 || true)}
if [ -z "$jar" ]; then ./mvnw -B -q -DskipTests package; jar=$(ls target/levqor-*.jar | grep -v original | head -1); fi
start_cmd=${LEAN_START:-bin/levqor}
export LEVQOR_JAR=$jar
nmt=""
[ "${LEAN_NMT:-}" = 1 ] && nmt="-XX:NativeMemoryTracking=summary"

now_ms() { date +%s%3N; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])'; }
cpu_s() { awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$1/stat"; }   # user + system CPU of the process
load() { cut -d' ' -f1-3 /proc/loadavg; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# The JVM: the process listening on the port (bin/levqor execs java, so it is the started pid itself).
rss_mb() { awk '/^VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status"; }
hwm_mb() { awk '/^VmHWM/ {printf "%d", $2/1024}' "/proc/$1/status"; }
# PostgreSQL: the postmaster (from postmaster.pid) and its children, proportional set size.
pg_pss_mb() {
  local pm; pm=$(head -1 "$1/postgres/postmaster.pid")
  { echo "$pm"; pgrep -P "$pm"; } | while read -r p; do awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null; done \
    | awk '{s+=$1} END {printf "%d", s/1024}'
}

# Starts Levqor; waits for /health UP; sets ms (wall), cpu (JVM CPU seconds until then) and pid.
start() {
  local data=$1 port=$2 t0
  t0=$(now_ms)
  JDK_JAVA_OPTIONS="$nmt ${JDK_JAVA_OPTIONS:-}" LEVQOR_DATA_DIR=$data SERVER_PORT=$port LEVQOR_BILLING_ENABLED=false \
    LEVQOR_HOOKS_RATE_LIMIT_ENABLED=false $start_cmd > "$data.log" 2>&1 &
  pid=$!
  until curl -fs "http://localhost:$port/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { echo "Levqor died; see $data.log" >&2; exit 1; }
    sleep 0.05
  done
  ms=$(( $(now_ms) - t0 )); cpu=$(cpu_s "$pid")
}
stop() { kill "$1"; while kill -0 "$1" 2>/dev/null; do sleep 0.1; done; }

echo "jar: $jar $(stat -c %s "$jar") bytes ($(( $(stat -c %s "$jar") / 1000000 )) MB); start: $start_cmd"
echo "cores: $(nproc); java: $("$JAVA" -version 2>&1 | head -1); load before: $(load)"
cold=(); coldcpu=(); warm=(); warmcpu=(); arss=(); srss=(); apg=(); spg=(); arate=(); srate=()
for i in $(seq "$runs"); do
  tmp=$(mktemp -d); dir=$tmp/data; port=$(free_port)
  start "$dir" "$port"; cold+=("$ms"); coldcpu+=("$cpu"); stop "$pid"
  start "$dir" "$port"; warm+=("$ms"); warmcpu+=("$cpu")
  a=$("$JAVA" bench/lean/LeanLoad.java "http://localhost:$port" async "$seconds" | tail -1)
  arss+=("$(rss_mb "$pid")"); apg+=("$(pg_pss_mb "$dir")"); arate+=("$(echo "$a" | awk '{print $2}')")
  s=$("$JAVA" bench/lean/LeanLoad.java "http://localhost:$port" sync "$seconds" | tail -1)
  srss+=("$(rss_mb "$pid")"); spg+=("$(pg_pss_mb "$dir")"); srate+=("$(echo "$s" | awk '{print $2}')")
  echo "run $i: cold ${cold[-1]} ms (JVM CPU ${coldcpu[-1]} s), warm ${warm[-1]} ms (${warmcpu[-1]} s) |" \
    "async ${arate[-1]}/s RSS ${arss[-1]} MB (PG ${apg[-1]} MB) | sync ${srate[-1]}/s RSS ${srss[-1]} MB" \
    "(PG ${spg[-1]} MB, JVM peak $(hwm_mb "$pid") MB) | load $(load)"
  "${JAVA%java}jcmd" "$pid" GC.heap_info | tail -n +2
  if [ -n "$nmt" ]; then "${JAVA%java}jcmd" "$pid" VM.native_memory summary | grep -E "^-"; fi
  stop "$pid"
  rm -rf "$tmp"
done
med() { printf '%s\n' "$@" | median; }
echo "median cold start to UP: $(med "${cold[@]}") ms (JVM CPU $(med "${coldcpu[@]}") s)"
echo "median warm start to UP: $(med "${warm[@]}") ms (JVM CPU $(med "${warmcpu[@]}") s)"
echo "median RSS after ${seconds} s webhook-async: $(med "${arss[@]}") MB JVM, $(med "${apg[@]}") MB PostgreSQL; $(med "${arate[@]}") accepted/s"
echo "median RSS after ${seconds} s webhook-sync: $(med "${srss[@]}") MB JVM, $(med "${spg[@]}") MB PostgreSQL; $(med "${srate[@]}") runs/s"
echo "load after: $(load) (1, 5, 15 min)"
