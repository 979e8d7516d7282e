#!/usr/bin/env bash
# Workflow benchmarks: expression rendering and definition validation, in-process (no database).
#   bench/workflow/bench.sh [seconds-per-case]     (default 5; three runs, median printed)
#   bench/workflow/bench.sh validate [kilobytes] [runs]   (the cost of validating hostile definitions; 900 KB, 3 runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ -z "${JAVA_HOME:-}" ]]; then
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64; do
    [[ -x "$jdk/bin/java" ]] && export JAVA_HOME="$jdk" && break
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
rm -rf target/bench-workflow-classes && mkdir -p target/bench-workflow-classes
javac -d target/bench-workflow-classes -cp "$CP" bench/workflow/src/*.java
MAIN=io.levqor.bench.workflow.ExpressionBench
if [[ "${1:-}" == validate ]]; then
  MAIN=io.levqor.bench.workflow.ValidationBench
  shift
fi
exec java ${BENCH_OPTS:-} -Xms128m -Xmx512m -cp "target/bench-workflow-classes:$CP" "$MAIN" "$@"
