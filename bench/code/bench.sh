#!/usr/bin/env bash
# code step: evaluations per second of a small script through the sandbox (in-process, no database), and the
# same sum as a JSONata template for comparison.
#   bench/code/bench.sh [seconds-per-run] [runs]     (default 5 s, 3 runs; the median is printed)
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
rm -rf target/bench-code-classes && mkdir -p target/bench-code-classes
javac -d target/bench-code-classes -cp "$CP" bench/code/src/*.java
exec java ${BENCH_OPTS:-} -Xms256m -Xmx256m \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "target/bench-code-classes:$CP" io.levqor.connectors.internal.code.CodeBench "$@"
