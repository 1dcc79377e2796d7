#!/usr/bin/env python3
"""table.py [--ref A] results.csv [more.csv ...] - one row per workload, one column per implementation.

Reads the CSV format of run_peers.sh / bench/run.sh. Each cell: the median over all rounds, then the
median of the per-round ratio to the reference implementation (value / reference value in the same
round of the same file) with its min-max; the reference's own cell shows its min-max instead. Higher is
better except for the randread p99 latency, daemon CPU per operation, the peak RSS and the thread count.
Rounds of several files are pooled. The "_par" workloads come from bench/scaling.sh (a client loop per CPU);
their daemon CPU per operation is the daemon's CPU time over operations done in the workload's wall time.
"""
import csv
import statistics
import sys
from collections import defaultdict

ROWS = [("seqread", "seqread MiB/s"), ("randread", "randread IOPS"), ("randread_p99", "randread p99 us"),
        ("seqwrite", "seqwrite MiB/s"), ("stat", "stat ops/s"), ("readdir", "readdir listings/s"),
        ("stat_par", "stat ops/s, a loop per CPU"), ("stat_par_cpu", "daemon CPU us per stat, a loop per CPU"),
        ("readdir_par", "readdir listings/s, a loop per CPU"),
        ("readdir_par_cpu", "daemon CPU us per listing, a loop per CPU"),
        ("seqread_par", "seqread MiB/s, a job per CPU"), ("seqread_par_cpu", "daemon CPU us per 128 KiB read, a job per CPU"),
        ("seqwrite_par", "seqwrite MiB/s, a job per CPU"),
        ("seqwrite_par_cpu", "daemon CPU us per 128 KiB write, a job per CPU"),
        ("peak_rss", "peak RSS MiB"), ("threads", "threads")]
# Rows whose value is better when lower.
LOWER_IS_BETTER = {"randread_p99", "stat_par_cpu", "readdir_par_cpu", "seqread_par_cpu", "seqwrite_par_cpu",
                   "peak_rss", "threads"}
# Operations per unit of a "_par" workload's value (MiB/s of 128 KiB I/O: 8 operations per MiB).
OPS_PER_UNIT = {"seqread_par": 8.0, "seqwrite_par": 8.0}


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def fmt(x):
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def main(argv):
    ref = "A"
    if argv and argv[0] == "--ref":
        ref, argv = argv[1], argv[2:]
    if not argv:
        sys.exit(__doc__)
    order = []
    vals = defaultdict(dict)  # (impl, key) -> {(file, round): value}
    failed = defaultdict(int)
    for fi, path in enumerate(argv):
        with open(path) as f:
            for r in csv.DictReader(f):
                impl, wl, rnd = r["impl"], r["workload"], (fi, r["round"])
                if impl not in order:
                    order.append(impl)
                if wl == "mount":
                    failed[impl] += 1
                    continue
                v = num(r["value"])
                if v is None:
                    continue
                if wl == "peak_rss":
                    v /= 1024.0
                vals[(impl, wl)][rnd] = v
                p99 = num(r["p99_us"])
                if wl == "randread" and p99 is not None:
                    vals[(impl, "randread_p99")][rnd] = p99
                cpu, wall = num(r["daemon_cpu_s"]), num(r["wall_s"])
                if wl.endswith("_par") and cpu is not None and wall and v:
                    vals[(impl, wl + "_cpu")][rnd] = 1e6 * cpu / (v * OPS_PER_UNIT.get(wl, 1.0) * wall)
    print("| workload | " + " | ".join(order) + " |")
    print("|---|" + "---|" * len(order))
    for key, label in ROWS:
        if not any((impl, key) in vals for impl in order):
            continue
        cells = []
        refd = vals.get((ref, key), {})
        for impl in order:
            d = vals.get((impl, key))
            if not d:
                cells.append("-")
                continue
            xs = list(d.values())
            med = statistics.median(xs)
            if impl == ref:
                cells.append(f"{fmt(med)} ({fmt(min(xs))}-{fmt(max(xs))})")
                continue
            rs = [d[k] / refd[k] for k in d if k in refd and refd[k]]
            if rs:
                cells.append(f"{fmt(med)} · {statistics.median(rs):.2f}x ({min(rs):.2f}-{max(rs):.2f})")
            else:
                cells.append(fmt(med))
        print(f"| {label} | " + " | ".join(cells) + " |")
    rounds = {rnd for d in vals.values() for rnd in d}
    print(f"\nCells: median over {len(rounds)} rounds · median (min-max) of the same-round ratio to {ref}; "
          f"{ref}: median (min-max). Higher is better except for "
          + "; ".join(label for key, label in ROWS if key in LOWER_IS_BETTER) + ".")
    for impl, n in failed.items():
        print(f"{impl}: mount failed in {n} round(s)")


if __name__ == "__main__":
    main(sys.argv[1:])
