#!/usr/bin/env bash
# Feature flag evaluations per second through the OpenFeature client, on one core (taskset), in-process.
#   bench/flags/bench.sh [seconds-per-run] [runs]     (default 5 s, 3 runs; the median is printed)
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
rm -rf target/bench-flags-classes && mkdir -p target/bench-flags-classes
javac -d target/bench-flags-classes -cp "$CP" bench/flags/src/*.java
# One core: the JIT, the GC and the benchmark thread all share it.
exec taskset -c 0 java ${BENCH_OPTS:-} -XX:ActiveProcessorCount=1 -Xms256m -Xmx256m \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/bench-flags-classes:$CP" io.levqor.ops.flags.internal.FlagBench "$@"
