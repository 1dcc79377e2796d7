#!/usr/bin/env bash
# bench/probe.sh - memory and allocation of our daemon, measured from inside (bench/BenchProbe.java).
#
#   bench/probe.sh                                  # io-uring, inline dispatch, JFR per phase
#   TRANSPORT=classic DISPATCH=offloaded JFR=0 bench/probe.sh
#
# Mounts BenchFilesystem with the launcher's defaults through BenchProbe (same engine, same defaults as
# `fusering-cli.jar bench`), prints the negotiated sizes, the ring and /dev/fuse buffer memory from the
# session's queue statistics, then runs phases against it - stat (statloop), seqread, randread, seqwrite
# (the harness's fio jobs), readdir (readdirloop) - and for each prints the requests served, the bytes
# allocated by the transport threads per request, VmRSS and VmHWM. With JFR=1 (default) each phase is
# also recorded with JFR's "profile" settings into $OUT/<phase>.jfr; the script then prints
# `jfr view hot-methods` and `jfr view allocation-by-site` for each (top 25 lines).
# Environment: PERF_DIR (/tmp/fusering-perf), OUT ($PERF_DIR/probe/<transport>-<dispatch>), JAR (default
# $PERF_DIR/fusering-cli.jar as copied by run.sh, else the tree's), TRANSPORT (io-uring|classic),
# DISPATCH (inline|offloaded), DUR (seconds per loop phase, 20), JFR (1|0), HARNESS (/work/shared/bench),
# JAVA_OPTS (extra JVM flags; with -XX:NativeMemoryTracking=summary the script saves `jcmd VM.native_memory
# summary` before unmounting), PERF=1 to sample the daemon's CPU (user and kernel) with `perf record -e
# cpu-clock -g` during each phase and print flat profiles by thread and by symbol (JIT frames named
# through -XX:+DumpPerfMapAtExit), PIN=1 to pin fuse-ring-N to CPU N after mounting (as
# bench/pin-rings.sh does). Needs root, fio, and the client loops built by run.sh/build_peers.sh.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-/work/shared/bench}
PERF_DIR=${PERF_DIR:-${TMPDIR:-/tmp}/fusering-perf}
TRANSPORT=${TRANSPORT:-io-uring}
DISPATCH=${DISPATCH:-inline}
DUR=${DUR:-20}
JFR=${JFR:-1}
PERF=${PERF:-0}
JAVA_OPTS=${JAVA_OPTS:-}
JDK25=${JDK25:-$(for d in /usr/lib/jvm/*; do [ -x "$d/bin/java" ] && "$d/bin/java" -version 2>&1 | grep -q 'version "25' && { echo "$d"; break; }; done)}
JAR=${JAR:-$PERF_DIR/fusering-cli.jar}
[ -f "$JAR" ] || JAR=$ROOT/fuse-core-ffm/target/fusering-cli.jar
OUT=${OUT:-$PERF_DIR/probe/$TRANSPORT-$DISPATCH}
MNT=$PERF_DIR/mnt/probe
BIN=$PERF_DIR/bin
[ -x "$BIN/statloop" ] || { echo "bench/probe.sh: $BIN/statloop missing: run bench/run.sh or build_peers.sh first" >&2; exit 1; }
mkdir -p "$OUT" "$MNT"
rm -f "$OUT"/*.jfr "$OUT"/*.perf.data "$OUT/perf-report.txt" "$OUT/jfr-views.txt"
if [ "$PERF" = 1 ]; then
	command -v perf > /dev/null || { echo "bench/probe.sh: PERF=1 needs perf (apt-get install linux-perf)" >&2; exit 1; }
	# JIT-compiled frames get names from /tmp/perf-PID.map, written when the daemon exits
	JAVA_OPTS="$JAVA_OPTS -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit"
fi
REPORT=$OUT/report.txt
: > "$REPORT"
JFR_DIR=""
[ "$JFR" = 1 ] && JFR_DIR=$OUT

# compiled ahead: the source launcher would run javac inside the daemon and inflate its RSS
rm -rf "$OUT/classes"
"$JDK25/bin/javac" -nowarn -cp "$JAR" -d "$OUT/classes" "$ROOT/bench/BenchProbe.java" || exit 1
coproc PROBE { exec "$JDK25/bin/java" --enable-native-access=ALL-UNNAMED $JAVA_OPTS -cp "$JAR:$OUT/classes" \
	BenchProbe "$MNT" "$TRANSPORT" "$DISPATCH" $JFR_DIR 2> "$OUT/daemon.log"; }
PID=$PROBE_PID
cleanup() {
	grep -q " $MNT " /proc/mounts && { fusermount3 -u "$MNT" 2>/dev/null || umount -l "$MNT"; }
	for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || return 0; sleep 0.1; done
	kill -TERM "$PID" 2>/dev/null
}
trap cleanup EXIT
expect() { # read probe lines until one starts with $1; echo them
	local line
	while read -r -t 120 -u "${PROBE[0]}" line; do
		echo "$line" | tee -a "$REPORT"
		[[ $line == "$1"* ]] && return 0
	done
	echo "bench/probe.sh: no '$1' from the daemon, see $OUT/daemon.log" >&2
	exit 1
}
expect rss_after_mount
if [ "${PIN:-0}" = 1 ]; then # the experiment of pin-rings.sh: fuse-ring-N on CPU N
	for t in /proc/"$PID"/task/*; do
		name=$(cat "$t/comm" 2> /dev/null) || continue
		case $name in fuse-ring-*) taskset -pc "${name#fuse-ring-}" "${t##*/}" > /dev/null ;; esac
	done
	echo "pinned fuse-ring-N to CPU N" | tee -a "$REPORT"
fi
echo "jar $JAR, java $("$JDK25/bin/java" -version 2>&1 | head -1), JAVA_OPTS='$JAVA_OPTS'" | tee -a "$REPORT"

# warm-up, not measured
"$BIN/statloop" "$MNT" 3 > /dev/null
dd if="$MNT/big" of=/dev/null bs=128k count=4096 iflag=direct 2> /dev/null
"$BIN/readdirloop" "$MNT/d" 2 > /dev/null

phase() { # $1 name, rest: the client command
	local name=$1 perfpid=""
	shift
	echo "start $name" >&"${PROBE[1]}"
	sleep 0.2
	if [ "$PERF" = 1 ]; then
		perf record -q -e cpu-clock -F 999 -g -p "$PID" -o "$OUT/$name.perf.data" > /dev/null 2>&1 &
		perfpid=$!
	fi
	"$@" > "$OUT/client-$name.txt" 2>&1
	if [ -n "$perfpid" ]; then
		kill -INT "$perfpid"
		wait "$perfpid"
	fi
	echo "stop" >&"${PROBE[1]}"
	expect "phase $name"
	case $name in
	seqread|randread|seqwrite) jq -r '.jobs[0] | "client \(.jobname): read \(.read.bw_bytes/1048576|floor) MiB/s \(.read.iops|floor) IOPS, write \(.write.bw_bytes/1048576|floor) MiB/s"' "$OUT/client-$name.txt" | tee -a "$REPORT" ;;
	*) sed 's/^/client /' "$OUT/client-$name.txt" | tee -a "$REPORT" ;;
	esac
}
phase stat "$BIN/statloop" "$MNT" "$DUR"
phase seqread env BENCH_DIR="$MNT" fio --output-format=json "$HARNESS/seqread.fio"
phase randread env BENCH_DIR="$MNT" fio --output-format=json "$HARNESS/randread.fio"
phase seqwrite env BENCH_DIR="$MNT" fio --output-format=json "$HARNESS/seqwrite.fio"
phase readdir "$BIN/readdirloop" "$MNT/d" "$DUR"
if [[ $JAVA_OPTS == *NativeMemoryTracking* ]]; then
	"$JDK25/bin/jcmd" "$PID" VM.native_memory summary > "$OUT/nmt.txt" 2>&1
	echo "NMT summary: $OUT/nmt.txt"
fi
echo quit >&"${PROBE[1]}"
for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done

if [ "$JFR" = 1 ]; then
	for f in "$OUT"/*.jfr; do
		{
			echo "=== $(basename "$f" .jfr): hot methods"
			"$JDK25/bin/jfr" view --width 160 hot-methods "$f" | head -30
			echo "=== $(basename "$f" .jfr): allocation by site"
			"$JDK25/bin/jfr" view --width 160 allocation-by-site "$f" | head -25
		} >> "$OUT/jfr-views.txt" 2>&1
	done
	echo "JFR views: $OUT/jfr-views.txt"
fi
if [ "$PERF" = 1 ]; then
	for f in "$OUT"/*.perf.data; do
		{
			echo "=== $(basename "$f" .perf.data): daemon CPU samples by thread and code (kernel, JIT, libc, libjvm)"
			perf report -i "$f" --no-children --sort comm,dso -g none --stdio 2> /dev/null | grep -v '^#' \
				| grep -v '^$' | head -12
			echo "=== $(basename "$f" .perf.data): daemon CPU samples by symbol (self)"
			perf report -i "$f" --no-children --sort dso,sym -g none --stdio 2> /dev/null | grep -v '^#' \
				| grep -v '^$' | head -"${PERF_TOP:-45}"
		} >> "$OUT/perf-report.txt"
	done
	rm -f "/tmp/perf-$PID.map"
	echo "perf reports: $OUT/perf-report.txt"
fi
echo "report: $REPORT"
