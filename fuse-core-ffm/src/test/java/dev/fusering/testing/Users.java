package dev.fusering.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Running parts of a test as an unprivileged user: uid and gid 65534 ({@code nobody}/{@code nogroup} on
 * Debian) with no supplementary groups, through {@code setpriv} (util-linux).
 */
public final class Users {

    /** The unprivileged user and group id tests switch to. */
    public static final int NOBODY = 65534;

    private Users() {
    }

    /**
     * Returns the command prefix that runs a program as {@link #NOBODY}.
     *
     * @return {@code setpriv --reuid=65534 --regid=65534 --clear-groups}
     */
    public static List<String> asNobody() {
        return List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
    }

    /**
     * Makes a directory readable and traversable by everybody (mode 0755), as the parents of a path that
     * {@link #NOBODY} must reach have to be (temporary directories are created with mode 0700).
     *
     * @param dir the directory
     * @throws IOException if the mode cannot be changed
     */
    public static void openUp(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
