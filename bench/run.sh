#!/usr/bin/env bash
# bench/run.sh - FuseRing side by side with its peers on the "benchfs" workloads.
#
#   bench/run.sh                      # 3 rounds: A C D E + our four variants, interleaved per round
#   ROUNDS=5 bench/run.sh
#   OURS="uring-inline" PEERS="A" WORKLOADS="stat readdir" ROUNDS=2 bench/run.sh
#
# What it does:
#   1. builds fuse-core-ffm/target/fusering-cli.jar if it is missing (or REBUILD=1) and copies it to
#      $PERF_DIR/fusering-cli.jar, so that a rebuild of the tree during the run cannot change the daemon;
#   2. builds the peers and the client loops with the shared harness (build_peers.sh, into $PERF_DIR;
#      nothing is copied into this repository) unless they exist already (or REBUILD_PEERS=1);
#   3. for each round, for each implementation in turn, calls the shared run_peers.sh with ROUNDS=1 and
#      that single implementation (ours through its X_CMD hook), so every implementation gets exactly the
#      same mount, warm-up, fio jobs, statloop/readdirloop and RSS/CPU accounting, and the rounds
#      interleave all implementations;
#   4. merges the per-run CSVs into $RES/results.csv (the run_peers.sh format, impl renamed to ours) and
#      writes $RES/summary.md (summarize.py: medians, min-max, same-round ratios to A, daemon CPU) and
#      $RES/table.md (one row per workload, one column per implementation).
#
# Implementations: the peers of the shared harness (A libfuse 3.14, B0/B libfuse master if built,
# C jfuse, D jnr-fuse, E tmpfs) and ours: uring-inline, uring-offloaded, classic-inline,
# classic-offloaded (= --transport io-uring|classic --dispatch inline|offloaded, default depth and workers).
# A variant may end in -pinned (before any +NAME) to pin fuse-ring-N to CPU N with bench/pin-rings.sh (as
# measurements made before the engine pinned its threads itself). A variant may end in +NAME to run
# $PERF_DIR/fusering-cli-NAME.jar instead of the tree's jar (for trying an engine change side by side,
# e.g. OURS="uring-inline uring-inline+myfix").
# A round of one implementation is discarded (recorded as a failed mount) when the client loops saw
# errors or the daemon was gone before the end: the mount disappeared under the workload.
#
# Environment: PERF_DIR (default /tmp/fusering-perf), RES (default $PERF_DIR/results/fusering-<date>),
# ROUNDS (3), PEERS ("A C D E"), OURS (all four), WORKLOADS (all five), HARNESS (/work/shared/bench),
# JDK25 (first JDK 25 under /usr/lib/jvm), JAVA_OPTS (extra JVM flags for our daemon, default none:
# the peers C and D also run with the JVM defaults), DAEMON_ARGS (extra launcher options), KEEP_SHM=1 to
# keep the 2 GiB of tmpfs files of E in /dev/shm afterwards, STEAL_WARN (5: the percentage of host steal
# per part above which the summary counts a part as disturbed; every part's steal is in $RES/steal.csv).
# Debian packages: fuse3 libfuse3-dev libfuse2 fio meson ninja-build pkg-config liburing-dev maven jq
# (plus gcc and python3). Needs root.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/common.sh"
HARNESS=${HARNESS:-/work/shared/bench}
export PERF_DIR=${PERF_DIR:-${TMPDIR:-/tmp}/fusering-perf}
ROUNDS=${ROUNDS:-3}
PEERS=${PEERS:-"A C D E"}
OURS=${OURS:-"uring-inline uring-offloaded classic-inline classic-offloaded"}
export WORKLOADS=${WORKLOADS:-"seqread randread seqwrite stat readdir"}
JAVA_OPTS=${JAVA_OPTS:-}
DAEMON_ARGS=${DAEMON_ARGS:-}
JDK25=${JDK25:-$(find_jdk25)}
export JDK25
RES=${RES:-$PERF_DIR/results/fusering-$(date +%Y%m%d-%H%M%S)}
JAR=$PERF_DIR/fusering-cli.jar

die() { echo "bench/run.sh: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*" | tee -a "$RES/run.log"; }

[ "$(id -u)" = 0 ] || die "must run as root (mounts)"
[ -n "$JDK25" ] || die "no JDK 25 found under /usr/lib/jvm (set JDK25)"
for tool in fio jq fusermount3 python3 gcc pkg-config mvn; do
	command -v "$tool" > /dev/null || die "$tool missing: apt-get install -y fuse3 libfuse3-dev libfuse2 fio meson ninja-build pkg-config liburing-dev maven jq"
done
pkg-config --exists fuse3 || die "libfuse3-dev missing (apt-get install -y libfuse3-dev)"
mkdir -p "$RES/parts" "$PERF_DIR"

prepare_launcher
prepare_peers
enable_fuse_uring

daemon_cmd() { # $1 variant[-pinned][+JARNAME] -> the X_CMD of run_peers.sh
	local variant=${1%%+*} wrapper=""
	if [[ $variant == *-pinned ]]; then
		wrapper="$ROOT/bench/pin-rings.sh "
		variant=${variant%-pinned}
	fi
	local cmd
	cmd=$(ours_cmd "$variant${1#"${1%%+*}"}") || exit 1 # ours_cmd has said why
	echo "$wrapper$cmd"
}
for impl in $OURS; do daemon_cmd "$impl" > /dev/null; done

invalid_part() { # $1 part dir; prints why and succeeds when its numbers cannot be trusted
	local f
	[ -f "$1/results.csv" ] || { echo "no results"; return 0; }
	for f in "$1"/raw/*-stat.txt "$1"/raw/*-readdir.txt; do
		[ -f "$f" ] && grep -q 'errors=[1-9]' "$f" && { echo "client errors in $(basename "$f"): the mount went away"; return 0; }
	done
	# a negative daemon CPU time means the daemon was gone at the end of a workload
	awk -F, 'NR > 1 && $7 != "" && $7 < 0 {found = 1} END {exit !found}' "$1/results.csv" \
		&& { echo "daemon exited during a workload"; return 0; }
	return 1
}

clean_mountpoint() { # $1 impl: files fio created in the bare mountpoint directory after an unmount from outside
	local mnt=$PERF_DIR/mnt/X
	case $1 in A|B0|B|C|D) mnt=$PERF_DIR/mnt/$1 ;; E) return 0 ;; esac
	grep -q " $mnt " /proc/mounts || rm -f "$mnt/big" "$mnt/sink"
}

echo "round,impl,workload,metric,value,p99_us,daemon_cpu_s,wall_s" > "$RES/results.csv"
echo "round,impl,steal_pct" > "$RES/steal.csv"
{
	echo "# bench/run.sh $(date -Is)"
	echo "kernel $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), fuse enable_uring=$(cat /sys/module/fuse/parameters/enable_uring)"
	echo "java $("$JDK25/bin/java" -version 2>&1 | head -1), JAVA_OPTS='$JAVA_OPTS', DAEMON_ARGS='$DAEMON_ARGS'"
	echo "rounds $ROUNDS, peers '$PEERS', ours '$OURS', workloads '$WORKLOADS'"
	echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$RES/environment.txt"
log "results in $RES; $(tail -n 2 "$RES/environment.txt" | head -1)"

stop=0
trap 'stop=1' INT TERM
for r in $(seq 1 "$ROUNDS"); do
	for impl in $PEERS $OURS; do
		[ "$stop" = 1 ] && break 2
		part=$RES/parts/r$r-$impl
		cpu0=$(head -n 1 /proc/stat)
		case $impl in
		A|B0|B|C|D|E) RES=$part ROUNDS=1 IMPLS=$impl "$HARNESS/run_peers.sh" > "$part.out" 2>&1 ;;
		*) RES=$part ROUNDS=1 IMPLS=X X_CMD="$(daemon_cmd "$impl")" "$HARNESS/run_peers.sh" > "$part.out" 2>&1 ;;
		esac
		steal=$(steal_pct "$cpu0" "$(head -n 1 /proc/stat)")
		echo "$r,$impl,$steal" >> "$RES/steal.csv"
		if bad=$(invalid_part "$part"); then
			log "round $r $impl: discarded ($bad)"
			echo "$r,$impl,mount,failed,NA,,," >> "$RES/results.csv"
			clean_mountpoint "$impl"
		elif [ -f "$part/results.csv" ]; then
			tail -n +2 "$part/results.csv" | awk -F, -v OFS=, -v r="$r" -v i="$impl" '{$1 = r; $2 = i; print}' \
				>> "$RES/results.csv"
		else
			echo "$r,$impl,mount,failed,NA,,," >> "$RES/results.csv"
		fi
		log "round $r $impl: $(awk -F, 'NR > 1 {printf "%s=%s ", $3, $5}' "$part/results.csv" 2>/dev/null)steal=$steal%"
	done
done
trap - INT TERM
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RES/environment.txt"
[ "${KEEP_SHM:-0}" = 1 ] || rm -rf "${SHM_DIR:-/dev/shm/perf-benchfs}"

# Steal: CPU time the hypervisor gave to other guests while a part ran. Same-round ratios absorb slow drifts,
# not a noisy neighbour during one implementation's part: say so next to the numbers.
steal_note=$(awk -F, -v lim="${STEAL_WARN:-5}" 'NR > 1 { n++; if ($3 + 0 > max) { max = $3 + 0; at = "round " $1 " " $2 }
	if ($3 + 0 > lim) hi++ } END { printf "host steal per part: max %.1f%% (%s); parts above %s%%: %d of %d", max, at, lim, hi, n }' "$RES/steal.csv")
echo "$steal_note" >> "$RES/environment.txt"
log "$steal_note"
python3 "$HARNESS/summarize.py" "$RES/results.csv" > "$RES/summary.md"
python3 "$ROOT/bench/table.py" "$RES/results.csv" > "$RES/table.md"
cat "$RES/table.md"
log "done: $RES/results.csv, $RES/summary.md, $RES/table.md"
