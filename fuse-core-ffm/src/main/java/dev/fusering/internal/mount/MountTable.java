package dev.fusering.internal.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the mount table of the calling process from {@code /proc/self/mountinfo}.
 *
 * <p>Each line has the form
 * {@code ID PARENT MAJOR:MINOR ROOT MOUNT_POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER_OPTIONS};
 * the kernel escapes space, tab, newline and backslash in paths as octal {@code \040}, {@code \011},
 * {@code \012} and {@code \134}, which {@link #parse(String)} decodes. Reading the file never talks to
 * a FUSE server, so it is safe on hung or stale FUSE mounts.
 */
public final class MountTable {

    /** The mount table of the calling process. */
    public static final Path PROC_SELF_MOUNTINFO = Path.of("/proc/self/mountinfo");

    private final List<Entry> entries;

    private MountTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * One mount, as listed in mountinfo.
     *
     * @param mountId the unique mount id
     * @param parentId the id of the parent mount
     * @param major the major number of the mounted device ({@code st_dev}); 0 for FUSE
     * @param minor the minor number of the mounted device; for FUSE, the connection number under
     *     {@code /sys/fs/fuse/connections}
     * @param root the directory of the filesystem that is mounted here (usually "/")
     * @param mountPoint the absolute mount point, unescaped
     * @param mountOptions per-mount options, e.g. {@code rw,nosuid,nodev,relatime}
     * @param fsType the filesystem type, e.g. {@code ext4} or {@code fuse.myfs}
     * @param source the mount source ("device"), unescaped
     * @param superOptions per-superblock options, e.g. {@code rw,user_id=0,group_id=0}
     */
    public record Entry(int mountId, int parentId, int major, int minor, String root, String mountPoint,
            String mountOptions, String fsType, String source, String superOptions) {

        /**
         * Tells whether this is a FUSE mount (type {@code fuse}, {@code fuse.<subtype>}, {@code fuseblk} or
         * {@code fuseblk.<subtype>}).
         *
         * @return {@code true} for FUSE
         */
        public boolean isFuse() {
            return fsType.equals("fuse") || fsType.startsWith("fuse.") || fsType.equals("fuseblk")
                    || fsType.startsWith("fuseblk.");
        }

        /**
         * Describes the mount for messages, e.g. {@code "ext4 (/dev/sda1)"}.
         *
         * @return the type and source
         */
        public String describe() {
            return fsType + " (" + source + ")";
        }
    }

    /**
     * Reads {@code /proc/self/mountinfo}.
     *
     * @return the current mount table
     * @throws IOException when the file cannot be read
     */
    public static MountTable read() throws IOException {
        return parse(Files.readString(PROC_SELF_MOUNTINFO, StandardCharsets.UTF_8));
    }

    /**
     * Parses mountinfo text. Malformed lines are skipped.
     *
     * @param text the content of a mountinfo file
     * @return the table, in file order
     */
    public static MountTable parse(String text) {
        List<Entry> result = new ArrayList<>();
        for (String line : text.split("\n")) {
            Entry entry = parseLine(line);
            if (entry != null) {
                result.add(entry);
            }
        }
        return new MountTable(result);
    }

    /**
     * Returns all entries in file order (parents before children, older before newer).
     *
     * @return the entries, unmodifiable
     */
    public List<Entry> entries() {
        return entries;
    }

    /**
     * Finds the mount whose mount point equals a path. When several mounts are stacked on the same
     * point, the last one (the visible one) is returned.
     *
     * @param mountPoint an absolute, normalized path
     * @return the topmost entry mounted exactly there, or empty
     */
    public Optional<Entry> find(Path mountPoint) {
        String wanted = mountPoint.toString();
        Entry found = null;
        for (Entry entry : entries) {
            if (entry.mountPoint().equals(wanted)) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    private static Entry parseLine(String line) {
        String[] fields = line.strip().split(" ");
        int separator = -1;
        for (int i = 6; i < fields.length; i++) {
            if (fields[i].equals("-")) {
                separator = i;
                break;
            }
        }
        if (separator < 0 || fields.length < separator + 4) {
            return null;
        }
        String[] device = fields[2].split(":");
        if (device.length != 2) {
            return null;
        }
        try {
            return new Entry(
                    Integer.parseInt(fields[0]),
                    Integer.parseInt(fields[1]),
                    Integer.parseInt(device[0]),
                    Integer.parseInt(device[1]),
                    unescape(fields[3]),
                    unescape(fields[4]),
                    fields[5],
                    unescape(fields[separator + 1]),
                    unescape(fields[separator + 2]),
                    unescape(fields[separator + 3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Decodes the kernel's octal escapes ({@code \040} etc.) in one mountinfo field.
     *
     * @param field the raw field
     * @return the decoded text
     */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        int i = 0;
        while (i < field.length()) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1) && isOctal(field, i + 2) && isOctal(field, i + 3)) {
                int value = (field.charAt(i + 1) - '0') * 64 + (field.charAt(i + 2) - '0') * 8
                        + (field.charAt(i + 3) - '0');
                out.append((char) value);
                i += 4;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int index) {
        if (index >= s.length()) {
            return false;
        }
        char c = s.charAt(index);
        return c >= '0' && c <= '7';
    }
}
