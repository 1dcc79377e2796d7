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
