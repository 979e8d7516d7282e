#!/usr/bin/env bash
# Backup benchmark: bench/ops/bench.sh [runs] [attempts per run]  (default 1,000,000 runs with 3 step attempts each)
# Starts Levqor in-process on a fresh embedded PostgreSQL (fsync on, as in production), writes that many finished
# runs and their step attempts with SQL, then makes one verified backup and prints the database size, archive size, time to write the
# archive, time to verify it (restore into a scratch database + checksums) and the throughput in MB/s.
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
rm -rf target/bench-ops-classes && mkdir -p target/bench-ops-classes
javac -d target/bench-ops-classes -cp "$CP" bench/ops/src/*.java
exec java ${BENCH_JAVA_OPTS:-} -Xms256m -Xmx1g -XX:+UseSerialGC -cp "target/bench-ops-classes:$CP" io.levqor.bench.ops.BackupBench "$@"
