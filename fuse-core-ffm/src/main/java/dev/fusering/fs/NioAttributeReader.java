package dev.fusering.fs;

import dev.fusering.api.FileMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Reads {@link NioStat}s from the richest attribute view a provider offers, without following a final
 * symbolic link:
 * <ul>
 *   <li>{@code "unix"} (the default provider on Linux): everything, as {@code lstat(2)} reports it;</li>
 *   <li>{@code "posix"}: type, permission bits and times; the owner and group are numeric when their names
 *       are numbers, the daemon's own otherwise (a provider's principals have no portable number);</li>
 *   <li>{@code "basic"} only (a zip archive, most in-memory providers): type, size and times, with mode
 *       0755 for directories, 0644 for files and 0777 for symbolic links, without the write bits when the
 *       filesystem is read-only, owned by the daemon's user and group.</li>
 * </ul>
 * The change time is the modification time when the view has none; the link count is 1 (2 for
 * directories) outside the {@code unix} view.
 *
 * <p>Immutable and thread-safe.
 */
final class NioAttributeReader {

    /** Which view attributes come from. */
    enum View {
        /** The {@code unix} view of the default provider. */
        UNIX,
        /** {@link PosixFileAttributes}. */
        POSIX,
        /** {@link BasicFileAttributes} only. */
        BASIC
    }

    private final View view;
    private final boolean readOnly;
    private final int ownerUid;
    private final int ownerGid;

    /**
     * Creates a reader.
     *
     * @param views    the provider's {@code supportedFileAttributeViews()}
     * @param readOnly whether the served tree is read-only (drops the write bits of invented modes)
     * @param ownerUid the uid reported when the provider has none
     * @param ownerGid the gid reported when the provider has none
     */
    NioAttributeReader(Set<String> views, boolean readOnly, int ownerUid, int ownerGid) {
        this.view = views.contains("unix") ? View.UNIX : views.contains("posix") ? View.POSIX : View.BASIC;
        this.readOnly = readOnly;
        this.ownerUid = ownerUid;
        this.ownerGid = ownerGid;
    }

    /**
     * Returns the view attributes are read from.
     *
     * @return the view
     */
    View view() {
        return view;
    }

    /**
     * Reads the attributes of a file without following a final symbolic link.
     *
     * @param path the file
     * @return its attributes
     * @throws IOException as the provider reports it
     */
    NioStat read(Path path) throws IOException {
        return switch (view) {
            case UNIX -> fromUnix(PassthroughStat.read(path));
            case POSIX -> fromPosix(Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            case BASIC -> fromBasic(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        };
    }

    private static NioStat fromUnix(PassthroughStat s) {
        return new NioStat(s.mode(), s.ino(), s.nlink(), s.uid(), s.gid(), s.rdev(), s.size(), s.atime(),
            s.mtime(), s.ctime());
    }

    private NioStat fromPosix(PosixFileAttributes a) {
        return new NioStat(type(a) | PermissionBits.fromSet(a.permissions()), 0, links(a), number(a.owner(), ownerUid), number(a.group(), ownerGid),
            0, a.size(), timeOr(a.lastAccessTime(), a), timeOr(a.lastModifiedTime(), a), timeOr(a.lastModifiedTime(), a));
    }

    private NioStat fromBasic(BasicFileAttributes a) {
        int type = type(a);
        int bits = switch (type) {
            case FileMode.S_IFDIR -> 0755;
            case FileMode.S_IFLNK -> 0777;
            default -> 0644;
        };
        if (readOnly && type != FileMode.S_IFLNK) {
            bits &= ~0222;
        }
        return new NioStat(type | bits, 0, links(a), ownerUid, ownerGid, 0, a.size(), timeOr(a.lastAccessTime(), a),
            timeOr(a.lastModifiedTime(), a), timeOr(a.lastModifiedTime(), a));
    }

    private static int type(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return FileMode.S_IFDIR;
        }
        if (a.isSymbolicLink()) {
            return FileMode.S_IFLNK;
        }
        return FileMode.S_IFREG;
    }

    private static int links(BasicFileAttributes a) {
        return a.isDirectory() ? 2 : 1;
    }

    private static FileTime timeOr(FileTime time, BasicFileAttributes a) {
        if (time != null) {
            return time;
        }
        FileTime modified = a.lastModifiedTime();
        return modified != null ? modified : FileTime.fromMillis(0);
    }

    private static int number(UserPrincipal principal, int fallback) {
        if (principal == null) {
            return fallback;
        }
        String name = principal.getName();
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
