#!/usr/bin/env bash
# bench/pin-rings.sh CMD [ARGS...] - run our daemon with each io_uring worker thread pinned to one CPU.
#
# The engine now pins a ring owner that serves one queue to that queue's CPU by itself; this wrapper
# reproduces the measurements made before it did. This wrapper
# starts a background helper and then execs CMD, so CMD keeps this script's PID (run_peers.sh's CPU and
# RSS accounting stays right). The helper waits for the threads named fuse-ring-N of that PID and pins
# fuse-ring-N to CPU N (worker N serves queue N when there are as many workers as CPUs, and the kernel
# puts a request on the queue of the CPU the application runs on), then exits.
set -u
pid=$$
(
	for _ in $(seq 1 300); do
		sleep 0.1
		pinned=0
		for t in /proc/"$pid"/task/*; do
			name=$(cat "$t/comm" 2> /dev/null) || continue
			case $name in
			fuse-ring-*) taskset -pc "${name#fuse-ring-}" "${t##*/}" > /dev/null 2>&1 && pinned=$((pinned + 1)) ;;
			esac
		done
		if [ "$pinned" -gt 0 ]; then
			echo "pin-rings: pinned $pinned fuse-ring thread(s) of $pid" >&2
			exit 0
		fi
	done
	echo "pin-rings: no fuse-ring threads in $pid after 30 s" >&2
) < /dev/null &
exec "$@"
