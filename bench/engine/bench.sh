#!/usr/bin/env bash
# Engine benchmarks: one command each, printing their figures and the machine's core count.
#   bench/engine/bench.sh noop [steps]          durable no-op steps/s (default 1,000,000 steps)
#   bench/engine/bench.sh webhook-async [n]     accepted webhooks/s, then p99 accept latency at 1,000 req/s
#   bench/engine/bench.sh webhook-sync [n]      webhook → transform → respond runs/s at 16 connections
#   bench/engine/bench.sh claim [jobs]          claim latency with 0 and with 1,000,000 queued jobs
#   bench/engine/bench.sh http [runs]           transform → http (local peer) → transform runs/s (needs the http step)
#   bench/engine/bench.sh foreach-transform [n] one forEach over n items (default 10,000) of a transform: items/s
#   bench/engine/bench.sh foreach-http [n]      one forEach over n items (default 1,000), an http call each at
#                                               concurrency 50: item calls/s
# Settings may follow, e.g. bench/engine/bench.sh noop 100000 --levqor.engine.workers=128
# BENCH_STATEMENTS=1 also prints the SQL statements of the measured phase per unit of work (pg_stat_statements).
# Each run starts Levqor in-process on a fresh embedded PostgreSQL (fsync on, as in production).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" ]]; then
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [[ -x "$jdk/bin/java" ]] && export JAVA_HOME="$jdk" && break
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="target/classes:$(cat target/bench-classpath.txt)"
rm -rf target/bench-classes && mkdir -p target/bench-classes
javac -q -d target/bench-classes -cp "$CP" bench/engine/src/*.java 2>/dev/null || javac -d target/bench-classes -cp "$CP" bench/engine/src/*.java
exec java ${BENCH_JAVA_OPTS:-} -Xms256m -Xmx1g -XX:+UseSerialGC -cp "target/bench-classes:$CP" io.levqor.bench.engine.EngineBench "$@"
