#!/usr/bin/env bash
# bench/scaling.sh - several clients at once: one client per CPU (a stat loop, a readdir loop, a 128 KiB
# sequential reader or writer), each pinned to its CPU, against FuseRing and its peers, interleaved round by round.
#
#   bench/scaling.sh                                  # 3 rounds: A C D + uring-inline uring-offloaded
#   ROUNDS=5 OURS="uring-inline classic-inline" bench/scaling.sh
#
# The five workloads of the benchfs spec (bench/run.sh) each have a single client, or two independent fio
# jobs for randread. This script asks what they do not: what a mount serves when every CPU has a client
# of its own, which is where per-CPU queues are meant to pay off. It is an addition to the spec's five
# workloads, not a replacement, and docs/performance.md reports it apart from them.
#
# Workloads (WORKLOADS):
#   stat_par     statloop (the shared harness's client: stat() of d/f00000..d/f09999) on every CPU at once,
#                each pinned with taskset to its CPU; the value is the sum of their stat()s per second
#   readdir_par  readdirloop (opendir/readdir/closedir of d, 10,000 names) on every CPU at once, pinned the
#                same way; the value is the sum of their listings per second
#   seqread_par  the shared seqread.fio (128 KiB O_DIRECT reads of big) with one job per CPU, each pinned to
#                its CPU (numjobs=<CPUs>, cpus_allowed_policy=split); the value is their summed MiB/s
#   seqwrite_par the same with the shared seqwrite.fio (128 KiB O_DIRECT writes to sink)
# (the fio job files are derived from the shared ones at run time, with the runtime set to DUR)
# Each part starts the daemon, warms it up like run_peers.sh (256 MiB of direct reads, a 1 s stat loop and a
# 1 s readdir loop; the scaling1 to scaling4 runs of docs/performance.md had only the two loops),
# runs the workloads for DUR seconds each, records the daemon's CPU time and peak RSS, and unmounts.
# A part whose clients saw errors is recorded as failed (the mount went away under it).
#
# Implementations: A (libfuse 3.14), C (jfuse), D (jnr-fuse), built by the shared build_peers.sh, started
# with the same commands as the shared run_peers.sh; ours: uring-inline, uring-offloaded, classic-inline,
# classic-offloaded (= --transport io-uring|classic --dispatch inline|offloaded). A variant may end in +NAME to
# run $PERF_DIR/fusering-cli-NAME.jar instead of the tree's jar (an engine change side by side, as in run.sh).
# Output under $RES: results.csv (the run_peers.sh format, so bench/table.py reads it), table.md, run.log,
# steal.csv (host steal per part), raw/ (client outputs and daemon logs).
#
# Environment: PERF_DIR (/tmp/fusering-perf), RES ($PERF_DIR/results/scaling-<date>), ROUNDS (3),
# PEERS ("A C D"), OURS ("uring-inline uring-offloaded"), WORKLOADS ("stat_par readdir_par seqread_par
# seqwrite_par"), DUR (10),
# HARNESS (/work/shared/bench), JDK25 (first JDK 25 under /usr/lib/jvm), JAVA_OPTS, DAEMON_ARGS,
# REBUILD=1 (rebuild fusering-cli.jar first). Needs root, fuse3, fio, jq, util-linux (taskset) and the peers
# built.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/common.sh"
HARNESS=${HARNESS:-/work/shared/bench}
export PERF_DIR=${PERF_DIR:-${TMPDIR:-/tmp}/fusering-perf}
ROUNDS=${ROUNDS:-3}
PEERS=${PEERS:-"A C D"}
OURS=${OURS:-"uring-inline uring-offloaded"}
WORKLOADS=${WORKLOADS:-"stat_par readdir_par seqread_par seqwrite_par"}
DUR=${DUR:-10}
JAVA_OPTS=${JAVA_OPTS:-}
DAEMON_ARGS=${DAEMON_ARGS:-}
JDK25=${JDK25:-$(find_jdk25)}
RES=${RES:-$PERF_DIR/results/scaling-$(date +%Y%m%d-%H%M%S)}
BIN=$PERF_DIR/bin
JAR=$PERF_DIR/fusering-cli.jar
MNTROOT=$PERF_DIR/mnt
TCK=$(getconf CLK_TCK)
NCPU=$(nproc)

die() { echo "bench/scaling.sh: $*" >&2; exit 1; }
log() { echo "[$(date +%T)] $*" | tee -a "$RES/run.log"; }

[ "$(id -u)" = 0 ] || die "must run as root (mounts)"
[ -n "$JDK25" ] || die "no JDK 25 found under /usr/lib/jvm (set JDK25)"
for tool in taskset fusermount3 python3 mvn fio jq; do
	command -v "$tool" > /dev/null || die "$tool missing"
done
mkdir -p "$RES/raw" "$MNTROOT"

prepare_launcher
prepare_peers
enable_fuse_uring

# fio jobs: the shared ones with one job per CPU, each pinned to its CPU, and the runtime set to DUR
for wl in seqread seqwrite; do
	[ -r "$HARNESS/$wl.fio" ] || die "$HARNESS/$wl.fio missing"
	sed -e "s/^runtime=.*/runtime=$DUR/" \
		-e "s/^numjobs=.*/numjobs=$NCPU\ncpus_allowed=0-$((NCPU - 1))\ncpus_allowed_policy=split/" \
		"$HARNESS/$wl.fio" > "$RES/${wl}_par.fio"
	grep -q "^cpus_allowed_policy=split" "$RES/${wl}_par.fio" || die "$HARNESS/$wl.fio has no numjobs line"
done

daemon_cmd() { # $1 implementation[+JARNAME] -> command line with {MNT}
	case $1 in
	A) echo "$BIN/benchfs_ll_314 -f {MNT}" ;;
	C) echo "$JDK25/bin/java --enable-native-access=ALL-UNNAMED -cp $PERF_DIR/build/jfuse/target/classes:$PERF_DIR/build/jfuse/target/dependency/* BenchFsJfuse {MNT}" ;;
	D) echo "$JDK25/bin/java --enable-native-access=ALL-UNNAMED -cp $PERF_DIR/build/jnrfuse/target/classes:$PERF_DIR/build/jnrfuse/target/dependency/* BenchFsJnr {MNT}" ;;
	*) ours_cmd "$1" ;;
	esac
}
for impl in $PEERS $OURS; do daemon_cmd "$impl" > /dev/null; done

cpu_ticks() { # utime+stime of process $1 (all threads)
	if [ -r "/proc/$1/stat" ]; then sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; else echo -1; fi
}

DPID=""
MNT=""
stop_daemon() {
	if [ -n "$MNT" ] && grep -q " $MNT " /proc/mounts; then
		fusermount3 -u "$MNT" 2> /dev/null || umount "$MNT" 2> /dev/null || umount -l "$MNT"
	fi
	if [ -n "$DPID" ]; then
		for _ in $(seq 1 100); do kill -0 "$DPID" 2> /dev/null || break; sleep 0.1; done
		if kill -0 "$DPID" 2> /dev/null; then log "pid $DPID still alive after unmount, SIGTERM"; kill -TERM "$DPID"; sleep 1; fi
		kill -0 "$DPID" 2> /dev/null && kill -KILL "$DPID"
		wait "$DPID" 2> /dev/null
	fi
	DPID=""
}

start_daemon() { # $1 impl $2 round; sets DPID and MNT
	local cmd
	MNT=$MNTROOT/scaling-$1
	mkdir -p "$MNT"
	grep -q " $MNT " /proc/mounts && { log "stale mount at $MNT, unmounting"; umount -l "$MNT"; }
	cmd=$(daemon_cmd "$1")
	bash -c "exec ${cmd//\{MNT\}/$MNT}" > "$RES/raw/daemon-$1-r$2.log" 2>&1 &
	DPID=$!
	for _ in $(seq 1 300); do
		grep -q " $MNT " /proc/mounts && stat "$MNT/big" > /dev/null 2>&1 && return 0
		kill -0 "$DPID" 2> /dev/null || break
		sleep 0.1
	done
	log "$1 failed to mount, see $RES/raw/daemon-$1-r$2.log"
	return 1
}

run_clients() { # $1 workload $2 output prefix -> prints the summed rate, or nothing when a client failed
	local wl=$1 out=$2 cpu pids=() bad=0
	case $wl in
	seqread_par|seqwrite_par)
		local dir=read
		[ "$wl" = seqwrite_par ] && dir=write
		BENCH_DIR=$MNT fio --output-format=json "$RES/$wl.fio" > "$out.json" 2> "$out.err" || return 0
		jq ".jobs[0].$dir.bw_bytes / 1048576" "$out.json" 2> /dev/null | awk '$1 > 0 {printf "%.1f", $1}'
		return 0 ;;
	stat_par|readdir_par) ;;
	*) die "unknown workload $wl" ;;
	esac
	for cpu in $(seq 0 $((NCPU - 1))); do
		case $wl in
		stat_par) taskset -c "$cpu" "$BIN/statloop" "$MNT" "$DUR" > "$out-cpu$cpu.txt" 2>&1 & ;;
		readdir_par) taskset -c "$cpu" "$BIN/readdirloop" "$MNT/d" "$DUR" > "$out-cpu$cpu.txt" 2>&1 & ;;
		esac
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p" || bad=1; done
	[ "$bad" = 0 ] || return 0
	local key=ops_per_s
	[ "$wl" = readdir_par ] && key=listings_per_s
	sed -n "s/.* $key=\([0-9.]*\).*/\1/p" "$out"-cpu*.txt | awk '{s += $1; n++} END {if (n) printf "%.1f", s}'
}

echo "round,impl,workload,metric,value,p99_us,daemon_cpu_s,wall_s" > "$RES/results.csv"
echo "round,impl,steal_pct" > "$RES/steal.csv"
{
	echo "# bench/scaling.sh $(date -Is)"
	echo "kernel $(uname -r), $NCPU CPUs, fuse enable_uring=$(cat /sys/module/fuse/parameters/enable_uring)"
	echo "java $("$JDK25/bin/java" -version 2>&1 | head -1), JAVA_OPTS='$JAVA_OPTS', DAEMON_ARGS='$DAEMON_ARGS'"
	echo "rounds $ROUNDS, peers '$PEERS', ours '$OURS', workloads '$WORKLOADS', $NCPU clients of $DUR s each"
} > "$RES/environment.txt"
log "results in $RES; $NCPU clients per workload"

trap 'stop_daemon; exit 130' INT TERM
for r in $(seq 1 "$ROUNDS"); do
	for impl in $PEERS $OURS; do
		cpu0=$(head -n 1 /proc/stat)
		if ! start_daemon "$impl" "$r"; then
			stop_daemon
			echo "$r,$impl,mount,failed,NA,,," >> "$RES/results.csv"
			continue
		fi
		# warm-up as in run_peers.sh (JIT, dentries): 256 MiB of direct reads, a 1 s stat loop, a 1 s readdir loop
		dd if="$MNT/big" of=/dev/null bs=128k count=2048 iflag=direct 2> /dev/null
		"$BIN/statloop" "$MNT" 1 > /dev/null 2>&1
		"$BIN/readdirloop" "$MNT/d" 1 > /dev/null 2>&1
		line=""
		for wl in $WORKLOADS; do
			c0=$(cpu_ticks "$DPID"); t0=$(date +%s.%N)
			val=$(run_clients "$wl" "$RES/raw/$impl-r$r-$wl")
			c1=$(cpu_ticks "$DPID"); t1=$(date +%s.%N)
			if [ -z "$val" ] || [ "$c1" -lt 0 ]; then
				log "round $r $impl $wl: failed (client errors or the daemon exited; see $RES/raw/$impl-r$r-$wl-*)"
				echo "$r,$impl,mount,failed,NA,,," >> "$RES/results.csv"
				continue
			fi
			cpu=$(awk -v a="$c0" -v b="$c1" -v t="$TCK" 'BEGIN{printf "%.2f", (b - a) / t}')
			wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b - a}')
			case $wl in
			stat_par) metric=ops_s ;;
			readdir_par) metric=listings_s ;;
			*) metric=MiB_s ;;
			esac
			echo "$r,$impl,$wl,$metric,$val,,$cpu,$wall" >> "$RES/results.csv"
			line="$line$wl=$val cpu=${cpu}s "
		done
		hwm=$(awk '/^VmHWM/{print $2}' "/proc/$DPID/status" 2> /dev/null)
		[ -n "$hwm" ] && echo "$r,$impl,peak_rss,KiB,$hwm,,,," >> "$RES/results.csv"
		stop_daemon
		steal=$(steal_pct "$cpu0" "$(head -n 1 /proc/stat)")
		echo "$r,$impl,$steal" >> "$RES/steal.csv"
		log "round $r $impl: ${line}steal=$steal%"
	done
done
trap - INT TERM
python3 "$ROOT/bench/table.py" "$RES/results.csv" > "$RES/table.md"
cat "$RES/table.md"
log "done: $RES/results.csv, $RES/table.md"
