#!/usr/bin/env bash
# Analytics benchmarks: bench/analytics/bench.sh ingest [seconds] [runs] | funnel [events] [runs]
#   ingest: events/s through POST /api/v1/events, batches of 1,000 events from 8 connections (default 15 s, 3 runs,
#           after a 10 s warm-up); the per-workspace event rate limit is off for the run, everything else is as shipped.
#   funnel: fills analytics_event with that many events (default 10,000,000, set-based with generate_series) and
#           times the 4-step funnel over one month and over the year (Funnels, the endpoint's code path; 5 runs each).
# Starts Levqor in-process on a fresh embedded PostgreSQL (fsync on, as in production); prints nproc and the load.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" ]]; then
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [[ -x "$jdk/bin/java" ]] && export JAVA_HOME="$jdk" && break
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"
./mvnw -B -q compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
CP="target/classes:$(cat target/bench-classpath.txt)"
rm -rf target/bench-analytics-classes && mkdir -p target/bench-analytics-classes
javac -d target/bench-analytics-classes -cp "$CP" bench/analytics/src/*.java
echo "nproc: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java ${BENCH_JAVA_OPTS:-} -Xms512m -Xmx1g -cp "target/bench-analytics-classes:$CP" io.levqor.bench.analytics.AnalyticsBench "$@"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; figures mean little when it exceeds nproc)"
