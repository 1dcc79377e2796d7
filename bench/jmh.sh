#!/usr/bin/env bash
# bench/jmh.sh - run the JMH benchmarks of the request path (fuse-core-ffm/src/test/java/dev/fusering/jmh).
#
#   bench/jmh.sh                          # all benchmarks, 3 forks x (3 x 1 s warm-up + 3 x 1 s), -prof gc
#   JMH_OPTS="-f 1 -wi 2 -i 2" bench/jmh.sh 'RequestPathBenchmark.read128k' -p fs=bench
#   bench/jmh.sh -h                       # JMH's own options (anything after the script name goes to JMH)
#
# Compiles the main and test classes of fuse-core-ffm (the JMH annotation processor generates the harness
# at test-compile), copies them to $PERF_DIR/jmh so that a rebuild of the tree cannot change them during
# the run, and runs org.openjdk.jmh.Main with the test class path. Takes about 4 minutes with the
# defaults. Results: the console, plus $PERF_DIR/jmh/result.json (JMH's JSON). gc.alloc.rate.norm is the
# number of bytes allocated per request (per operation).
# Environment: PERF_DIR (default /tmp/fusering-perf), JDK25 (default: the first JDK 25 under /usr/lib/jvm),
# SKIP_BUILD=1 to reuse the classes compiled before, JMH_OPTS to replace the default run lengths
# ("-f 3 -wi 3 -w 1s -i 3 -r 1s"; JMH refuses an option given twice, so change them here, not after).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PERF_DIR=${PERF_DIR:-${TMPDIR:-/tmp}/fusering-perf}
JDK25=${JDK25:-$(for d in /usr/lib/jvm/*; do [ -x "$d/bin/java" ] && "$d/bin/java" -version 2>&1 | grep -q 'version "25' && { echo "$d"; break; }; done)}
[ -n "$JDK25" ] || { echo "bench/jmh.sh: no JDK 25 found under /usr/lib/jvm (set JDK25)" >&2; exit 1; }
OUT=$PERF_DIR/jmh
MODULE=$ROOT/fuse-core-ffm
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
	(cd "$ROOT" && JAVA_HOME=$JDK25 ./mvnw -B -q -pl fuse-core-ffm test-compile dependency:build-classpath \
		-Dmdep.includeScope=test -Dmdep.outputFile="$OUT/dependencies.txt")
	rm -rf "$OUT/classes" "$OUT/test-classes"
	cp -r "$MODULE/target/classes" "$OUT/classes"
	cp -r "$MODULE/target/test-classes" "$OUT/test-classes"
fi
[ -f "$OUT/test-classes/META-INF/BenchmarkList" ] || { echo "bench/jmh.sh: no JMH BenchmarkList in $OUT/test-classes" >&2; exit 1; }

JMH_OPTS=${JMH_OPTS:-"-f 3 -wi 3 -w 1s -i 3 -r 1s"}
ARGS=("$@")
[ ${#ARGS[@]} -gt 0 ] || ARGS=("RequestPathBenchmark")
exec "$JDK25/bin/java" --enable-native-access=ALL-UNNAMED \
	-cp "$OUT/test-classes:$OUT/classes:$(cat "$OUT/dependencies.txt")" \
	org.openjdk.jmh.Main $JMH_OPTS -prof gc -rf json -rff "$OUT/result.json" "${ARGS[@]}"
