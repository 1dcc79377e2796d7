package dev.fusering.faults;

import dev.fusering.testing.Shell;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kernel's log lines about FUSE, to check that no malformed reply ever reached the kernel. */
final class KernelLog {

    private KernelLog() {
    }

    /**
     * Reads the kernel log lines that mention fuse.
     *
     * @return the lines, or empty when the log cannot be read (dmesg restricted or missing)
     */
    static Optional<List<String>> fuseLines() {
        Shell.Result r = Shell.run(Duration.ofSeconds(10), List.of("dmesg"));
        if (!r.ok()) {
            return Optional.empty();
        }
        return Optional.of(r.stdout().lines().filter(l -> l.toLowerCase(Locale.ROOT).contains("fuse")).toList());
    }

    /**
     * Returns the lines of {@code after} that {@code before} did not have (the log only grows, unless it
     * wrapped around).
     *
     * @param before lines read earlier
     * @param after  lines read now
     * @return the new lines
     */
    static List<String> added(List<String> before, List<String> after) {
        return after.stream().filter(l -> !before.contains(l)).toList();
    }
}
