package dev.fusering.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Reads the test JVM's open file descriptors from {@code /proc/self/fd}. */
final class OpenDescriptors {

    private OpenDescriptors() {
    }

    /**
     * Lists the descriptors whose link target is a given path.
     *
     * @param target the path the descriptor must point to, e.g. {@code /dev/fuse}
     * @return the descriptor numbers, sorted
     */
    static Set<Integer> pointingTo(String target) {
        Set<Integer> fds = new TreeSet<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            for (Path entry : entries.toList()) {
                try {
                    if (Files.readSymbolicLink(entry).toString().equals(target)) {
                        fds.add(Integer.parseInt(entry.getFileName().toString()));
                    }
                } catch (IOException | NumberFormatException e) {
                    // closed while listing, or not a descriptor
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fds;
    }
}
