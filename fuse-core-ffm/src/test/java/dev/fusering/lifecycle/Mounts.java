package dev.fusering.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small facts about the machine that the lifecycle tests compare against. */
final class Mounts {

    private Mounts() {
    }

    /**
     * Counts the mounts stacked exactly on a directory.
     *
     * @param dir an absolute, normalized path (as listed in mountinfo)
     * @return how many lines of /proc/self/mountinfo mount something there
     */
    static int countOn(Path dir) {
        try {
            int n = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && fields[4].equals(dir.toString())) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the number of possible CPUs (the io_uring queue count), from /sys/devices/system/cpu/possible */
    static int possibleCpus() {
        try {
            String text = Files.readString(Path.of("/sys/devices/system/cpu/possible")).strip();
            int n = 0;
            for (String range : text.split(",")) {
                String[] ends = range.split("-");
                int lo = Integer.parseInt(ends[0]);
                int hi = ends.length == 2 ? Integer.parseInt(ends[1]) : lo;
                n += hi - lo + 1;
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
