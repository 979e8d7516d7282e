#!/usr/bin/env bash
# Console II page speed: bench/console/console2.sh [runs] [requests per page]  (default 100,000 runs, 30 requests)
# Starts Levqor in-process on a fresh embedded PostgreSQL (billing off), writes that many finished runs with one
# set-based INSERT, runs a workflow whose forEach has 1,000 items through the engine, logs into the console and prints
# per page (editor, run list, run detail of the loop, …) the median and worst time to the whole answer over loopback,
# and the bytes of the scripts the page loads.
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
rm -rf target/bench-console-classes && mkdir -p target/bench-console-classes
javac -d target/bench-console-classes -cp "$CP" bench/console/src/*.java
exec java ${BENCH_JAVA_OPTS:-} -Xms256m -Xmx1g -cp "target/bench-console-classes:$CP" io.levqor.bench.console.ConsoleBench "$@"
