package dev.fusering.internal.linux;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Counts CPUs from the kernel's CPU list format ({@code "0-3,7-11"}).
 *
 * <p>The FUSE-over-io_uring transport has one queue per <em>possible</em> CPU (the kernel's
 * {@code num_possible_cpus()}), which is what {@code /sys/devices/system/cpu/possible} lists; the
 * online CPU count and {@link Runtime#availableProcessors()} can be smaller.
 */
public final class CpuList {

    /** Where the kernel lists the possible CPUs. */
    public static final Path POSSIBLE = Path.of("/sys/devices/system/cpu/possible");

    private CpuList() {
    }

    /**
     * Returns the number of possible CPUs from {@link #POSSIBLE}, or
     * {@link Runtime#availableProcessors()} when that file is missing, unreadable or malformed.
     *
     * @return the number of possible CPUs, at least 1
     */
    public static int possibleCpuCount() {
        return possibleCpuCount(POSSIBLE);
    }

    /**
     * Returns the number of CPUs listed in a CPU list file, or {@link Runtime#availableProcessors()}
     * when the file is missing, unreadable or malformed.
     *
     * @param file a file in the kernel's CPU list format
     * @return the number of CPUs, at least 1
     */
    static int possibleCpuCount(Path file) {
        try {
            return count(KernelFiles.read(file));
        } catch (IOException | IllegalArgumentException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Counts the CPUs in a list such as {@code "0-1"}, {@code "0-3,7-11"} or {@code "5"}. Leading and
     * trailing white space (the file's newline) is ignored.
     *
     * @param cpuList the list: comma-separated numbers or inclusive ranges {@code a-b} with {@code a <= b}
     * @return the number of CPUs named, at least 1
     * @throws IllegalArgumentException when the list is empty or malformed
     */
    public static int count(String cpuList) {
        String text = cpuList.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty CPU list");
        }
        int total = 0;
        for (String part : text.split(",", -1)) {
            int dash = part.indexOf('-');
            if (dash < 0) {
                parseCpu(part, cpuList);
                total += 1;
            } else {
                int first = parseCpu(part.substring(0, dash), cpuList);
                int last = parseCpu(part.substring(dash + 1), cpuList);
                if (last < first) {
                    throw new IllegalArgumentException("descending range '" + part + "' in CPU list '" + text + "'");
                }
                total += last - first + 1;
            }
        }
        return total;
    }

    private static int parseCpu(String number, String cpuList) {
        if (number.isEmpty() || number.length() > 9) {
            throw new IllegalArgumentException("malformed CPU list '" + cpuList.strip() + "'");
        }
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("malformed CPU list '" + cpuList.strip() + "'");
            }
        }
        return Integer.parseInt(number);
    }
}
