# bench/common.sh - shell functions shared by bench/run.sh and bench/scaling.sh (sourced, not run).

# Prints the first JDK 25 under /usr/lib/jvm (nothing when there is none).
find_jdk25() {
	local d
	for d in /usr/lib/jvm/*; do
		[ -x "$d/bin/java" ] && "$d/bin/java" -version 2>&1 | grep -q 'version "25' && { echo "$d"; return 0; }
	done
}

# $1, $2: the "cpu ..." lines of /proc/stat before and after -> the percentage of CPU time the host gave to other
# guests in between (steal), with one decimal.
steal_pct() {
	awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x); split(b, y); t = 0
		for (k = 2; k <= 9 && k <= n; k++) t += y[k] - x[k]
		printf "%.1f", (t > 0 ? 100 * (y[9] - x[9]) / t : 0) }'
}

# The functions below use the caller's die and log, and its ROOT, HARNESS, PERF_DIR, JDK25, JAR, JAVA_OPTS and
# DAEMON_ARGS.

# Builds fuse-core-ffm/target/fusering-cli.jar when it is missing (or REBUILD=1) and copies it to $JAR, so that
# a rebuild of the tree during a run cannot change the daemon.
prepare_launcher() {
	local src=$ROOT/fuse-core-ffm/target/fusering-cli.jar
	if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$src" ]; then
		log "building $src"
		(cd "$ROOT" && JAVA_HOME=$JDK25 ./mvnw -B -q -pl fuse-core-ffm package -DskipTests) || die "maven build failed"
	fi
	unzip -l "$src" | grep -c 'dev/fusering/fs/BenchFilesystem.class' > /dev/null \
		|| die "$src has no BenchFilesystem: rebuild with REBUILD=1"
	cp "$src" "$JAR"
}

# Builds the peers and the client loops with the shared build_peers.sh (into $PERF_DIR; nothing is copied into
# this repository) unless they exist already (or REBUILD_PEERS=1).
prepare_peers() {
	if [ "${REBUILD_PEERS:-0}" = 1 ] || [ ! -x "$PERF_DIR/bin/statloop" ] || [ ! -x "$PERF_DIR/bin/readdirloop" ] \
		|| [ ! -x "$PERF_DIR/bin/benchfs_ll_314" ] || [ ! -d "$PERF_DIR/build/jfuse/target/classes" ] \
		|| [ ! -d "$PERF_DIR/build/jnrfuse/target/classes" ]; then
		log "building the peers with $HARNESS/build_peers.sh"
		"$HARNESS/build_peers.sh" || die "build_peers.sh failed"
	fi
}

# Switches the FUSE-over-io_uring knob on.
enable_fuse_uring() {
	if [ "$(cat /sys/module/fuse/parameters/enable_uring 2> /dev/null)" != Y ]; then
		echo Y > /sys/module/fuse/parameters/enable_uring || die "cannot enable FUSE-over-io_uring"
	fi
}

# $1 one of our variants (uring-inline, uring-offloaded, classic-inline, classic-offloaded), optionally ending in
# +NAME to run $PERF_DIR/fusering-cli-NAME.jar instead of $JAR -> the command that serves benchfs at {MNT}.
ours_cmd() {
	local jar=$JAR transport dispatch
	if [[ $1 == *+* ]]; then
		jar=$PERF_DIR/fusering-cli-${1#*+}.jar
		[ -f "$jar" ] || die "variant $1 needs $jar"
	fi
	case ${1%%+*} in
	uring-inline) transport=io-uring; dispatch=inline ;;
	uring-offloaded) transport=io-uring; dispatch=offloaded ;;
	classic-inline) transport=classic; dispatch=inline ;;
	classic-offloaded) transport=classic; dispatch=offloaded ;;
	*) die "unknown variant $1" ;;
	esac
	echo "$JDK25/bin/java --enable-native-access=ALL-UNNAMED $JAVA_OPTS -jar $jar bench {MNT} --transport $transport --dispatch $dispatch $DAEMON_ARGS"
}
