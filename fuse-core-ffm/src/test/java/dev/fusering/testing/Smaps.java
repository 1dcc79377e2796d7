package dev.fusering.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mappings of this JVM as {@code /proc/self/smaps} lists them (only what the tests look at). */
public final class Smaps {

    /**
     * One mapping.
     *
     * @param start          its start address
     * @param end            its end address (exclusive)
     * @param hugePageAdvice true when its VmFlags hold {@code hg} ({@code MADV_HUGEPAGE})
     * @param anonHugeKib    its {@code AnonHugePages} in KiB
     */
    public record Mapping(long start, long end, boolean hugePageAdvice, long anonHugeKib) {

        /** @return the mapping's size in bytes */
        public long size() {
            return end - start;
        }
    }

    private Smaps() {
    }

    /**
     * Reads {@code /proc/self/smaps}.
     *
     * @return every mapping, in address order
     * @throws IOException if the file cannot be read
     */
    public static List<Mapping> read() throws IOException {
        List<Mapping> out = new ArrayList<>();
        long start = 0;
        long end = 0;
        long huge = 0;
        boolean open = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            int dash = line.indexOf('-');
            int space = line.indexOf(' ');
            if (dash > 0 && space > dash && line.substring(0, dash).matches("[0-9a-f]+")) {
                start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                huge = 0;
                open = true;
            } else if (open && line.startsWith("AnonHugePages:")) {
                huge = Long.parseLong(line.substring("AnonHugePages:".length()).strip().split("\\s+")[0]);
            } else if (open && line.startsWith("VmFlags:")) {
                List<String> flags = List.of(line.substring("VmFlags:".length()).strip().split("\\s+"));
                out.add(new Mapping(start, end, flags.contains("hg"), huge));
                open = false;
            }
        }
        return out;
    }

    /**
     * Returns the mapping that contains an address.
     *
     * @param address the address
     * @return the mapping
     * @throws IOException if {@code /proc/self/smaps} cannot be read, or no mapping contains the address
     */
    public static Mapping containing(long address) throws IOException {
        for (Mapping m : read()) {
            if (address >= m.start() && address < m.end()) {
                return m;
            }
        }
        throw new IOException("no mapping contains 0x" + Long.toHexString(address));
    }

    /**
     * Tells whether the kernel supports transparent huge pages at all (without that support,
     * {@code madvise(MADV_HUGEPAGE)} fails and no mapping carries the {@code hg} flag).
     *
     * @return true when {@code /sys/kernel/mm/transparent_hugepage} exists
     */
    public static boolean transparentHugePagesSupported() {
        return Files.isDirectory(Path.of("/sys/kernel/mm/transparent_hugepage"));
    }

    /**
     * Tells whether transparent huge pages may be used for ranges advised with {@code MADV_HUGEPAGE}.
     *
     * @return false when {@code /sys/kernel/mm/transparent_hugepage/enabled} selects {@code never} (or is missing)
     */
    public static boolean transparentHugePagesAvailable() {
        try {
            return !Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).contains("[never]");
        } catch (IOException e) {
            return false;
        }
    }
}
