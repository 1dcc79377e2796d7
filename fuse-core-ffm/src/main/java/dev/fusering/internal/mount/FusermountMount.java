package dev.fusering.internal.mount;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseMountException;
import dev.fusering.api.FuseMountException.Reason;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.ProcessCapabilities;
import dev.fusering.internal.linux.LinuxConstants;
import dev.fusering.internal.linux.NativeCallException;
import dev.fusering.internal.linux.Spawn;
import dev.fusering.internal.linux.UnixSockets;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts and unmounts a FUSE filesystem without privileges, through the set-user-ID helper
 * {@code fusermount3} (Debian/Ubuntu package {@code fuse3}).
 *
 * <p>The protocol: the caller creates a Unix socket pair, starts {@code fusermount3 -o OPTIONS -- MOUNTPOINT}
 * with one end as a descriptor of the child and its number in the environment variable
 * {@code _FUSE_COMMFD}. fusermount3 checks that the user may mount there (the mount point must be owned
 * by the user and writable; {@code allow_other} needs {@code user_allow_other} in {@code /etc/fuse.conf}),
 * opens {@code /dev/fuse}, calls mount(2) with {@code nosuid,nodev} and {@code user_id}/{@code group_id}
 * of the real user, and sends the {@code /dev/fuse} descriptor back over the socket as {@code SCM_RIGHTS}
 * ancillary data of a one-byte message. Then it exits, except with {@code auto_unmount}: it then stays
 * as a watcher that blocks all signals and waits for the socket to close (the daemon exited or was
 * killed), and unmounts lazily if the mount is still there and its server is gone.
 *
 * <p>Hence with auto-unmount the caller keeps its end of the socket for the session's lifetime and
 * closes it ({@link #close()}) after unmounting. The helper is started with {@code posix_spawn} (see
 * {@link Spawn}) because {@link ProcessBuilder} does not pass extra descriptors; every wait for it has a
 * deadline, after which it is killed.
 *
 * <p>Options accepted by fusermount3 for non-root users: {@code fsname}, {@code subtype},
 * {@code auto_unmount}, {@code default_permissions}, {@code allow_other}, {@code max_read=},
 * {@code blksize=}, and the flags {@code ro}, {@code rw}, {@code noexec}, {@code exec}, {@code sync},
 * {@code async}, {@code noatime}, {@code atime}, {@code dirsync}, {@code nosuid}, {@code nodev};
 * {@code suid} and {@code dev} are ignored with a warning, anything else is refused.
 */
public final class FusermountMount implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FusermountMount.class);

    /** The helper's name, looked up on {@code PATH}. */
    public static final String PROGRAM = "fusermount3";
    /** fusermount3's configuration file. */
    public static final Path FUSE_CONF = Path.of("/etc/fuse.conf");
    /** The environment variable that gives fusermount3 the socket's descriptor number. */
    static final String COMMFD_ENV = "_FUSE_COMMFD";
    /** The descriptor number of the socket in the child. */
    static final int CHILD_COMM_FD = 3;

    private static final long MOUNT_TIMEOUT_MS = 15_000;
    private static final long UNMOUNT_TIMEOUT_MS = 10_000;
    private static final long WATCHER_EXIT_TIMEOUT_MS = 5_000;
    private static final int MAX_STDERR = 16 * 1024;
    private static final List<String> FALLBACK_PATH = List.of("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin",
            "/sbin");

    private final Path mountPoint;
    private final String program;
    private final int devFd;
    private final boolean autoUnmount;
    private int commFd;
    private int stderrFd;
    private int watcherPid;

    private FusermountMount(Path mountPoint, String program, int devFd, boolean autoUnmount, int commFd,
            int stderrFd, int watcherPid) {
        this.mountPoint = mountPoint;
        this.program = program;
        this.devFd = devFd;
        this.autoUnmount = autoUnmount;
        this.commFd = commFd;
        this.stderrFd = stderrFd;
        this.watcherPid = watcherPid;
    }

    /**
     * Tells whether mount(2) is not permitted to this process, so that mounting must go through
     * fusermount3: the effective uid is not 0 and the effective capabilities lack CAP_SYS_ADMIN.
     *
     * @return {@code true} when fusermount3 is needed
     */
    public static boolean required() {
        return LibC.geteuid() != 0 && !ProcessCapabilities.hasEffective(ProcessCapabilities.CAP_SYS_ADMIN);
    }

    /**
     * Mounts a FUSE filesystem through fusermount3.
     *
     * @param mountPoint the prepared mount point (absolute; see {@link MountPointGuard#prepare(Path)})
     * @param source the filesystem name shown as the mount source ("fsname")
     * @param subtype the subtype, or {@code null}/empty for plain {@code fuse}
     * @param msFlags {@code MS_*} flags; {@code MS_NOSUID} and {@code MS_NODEV} are always set by
     *     fusermount3
     * @param extraOptions a comma-separated list of extra FUSE options, or {@code null}/empty
     * @param autoUnmount whether fusermount3 stays as a watcher that unmounts when this process dies
     * @return the mount; {@link #devFd()} is the {@code /dev/fuse} descriptor (close-on-exec), owned by
     *     the caller. Call {@link #unmount()} and then {@link #close()} at the end
     * @throws FuseMountException with a one-line message naming the cause and the fix
     */
    public static FusermountMount mount(Path mountPoint, String source, String subtype, long msFlags,
            String extraOptions, boolean autoUnmount) throws FuseMountException {
        boolean watch = autoUnmount || hasOption(extraOptions == null ? "" : extraOptions, "auto_unmount");
        String options = options(source, subtype, msFlags, withoutOption(extraOptions, "auto_unmount"), watch);
        String program = findProgram();
        Path dev = Path.of(DevFuse.PATH);
        if (LibC.getuid() != 0 && Files.exists(dev) && !(Files.isReadable(dev) && Files.isWritable(dev))) {
            throw devFuseNotAccessible();
        }
        checkMountPoint(mountPoint);
        if (hasOption(options, "allow_other") && LibC.getuid() != 0 && !userAllowOther(FUSE_CONF)) {
            throw allowOtherRefused();
        }
        if (watch) {
            warnAboutOldWatcher(program, mountPoint, hasOption(options, "allow_other"));
        }
        if ((msFlags & (LinuxConstants.MS_NOSUID | LinuxConstants.MS_NODEV))
                != (LinuxConstants.MS_NOSUID | LinuxConstants.MS_NODEV)) {
            LOG.warn("suid and dev are not allowed for mounts by non-root users: {} is mounted nosuid,nodev",
                    mountPoint);
        }
        String target = mountPoint.toString();
        List<String> argv = List.of(PROGRAM, "-o", options, "--", target);
        int[] sockets = {-1, -1};
        int[] stderr = {-1, -1};
        int pid = -1;
        boolean done = false;
        try {
            sockets = UnixSockets.socketPair();
            stderr = Spawn.pipe();
            pid = Spawn.spawn(program, argv, environment(true),
                    new int[] {-1, stderr[1], stderr[1], sockets[1]});
            closeQuietly(sockets[1]);
            sockets[1] = -1;
            closeQuietly(stderr[1]);
            stderr[1] = -1;
            int fd = receive(sockets[0], target);
            if (fd < 0) {
                Spawn.Exit exit = awaitExit(pid, "mount " + target);
                pid = -1;
                throw translate(readAll(stderr[0]), exit, mountPoint);
            }
            FusermountMount mount;
            if (watch) {
                mount = new FusermountMount(mountPoint, program, fd, true, sockets[0], stderr[0], pid);
                LOG.debug("mounted {} through {} (auto_unmount watcher pid {})", target, program, pid);
            } else {
                Spawn.Exit exit = awaitExit(pid, "mount " + target);
                pid = -1;
                if (!exit.success()) {
                    LOG.warn("{} sent the /dev/fuse descriptor for {} but then ended with {}: {}", PROGRAM, target,
                            exit, oneLine(readAll(stderr[0])));
                }
                closeQuietly(sockets[0]);
                closeQuietly(stderr[0]);
                mount = new FusermountMount(mountPoint, program, fd, false, -1, -1, -1);
                LOG.debug("mounted {} through {}", target, program);
            }
            done = true;
            return mount;
        } catch (NativeCallException e) {
            throw new FuseMountException(Reason.MOUNT_FAILED, "cannot run " + program + " to mount " + target
                    + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                if (pid > 0) {
                    killAndReap(pid);
                }
                closeQuietly(sockets[0]);
                closeQuietly(sockets[1]);
                closeQuietly(stderr[0]);
                closeQuietly(stderr[1]);
            }
        }
    }

    /**
     * fusermount3 before 3.15 (e.g. 3.14 in Debian 12) has two gaps in its auto-unmount watcher, which checks
     * that the mount's server is gone by opening the mount point: it opens it as root, which FUSE refuses
     * without allow_other (EACCES, libfuse issue #586), and it accepts only ENOTCONN, while an open that
     * races with the end of an io_uring connection fails with ECONNABORTED. In both cases it leaves the mount.
     */
    private static void warnAboutOldWatcher(String program, Path mountPoint, boolean allowOther) {
        int[] version = version(program);
        if (version == null || version[0] > 3 || (version[0] == 3 && version[1] >= 15)) {
            return;
        }
        boolean needsAllowOther = !allowOther && LibC.getuid() != 0;
        LOG.warn("{} {}.{} can auto-unmount {} only {}with the classic transport (fixed in fuse 3.15): otherwise a"
                + " killed daemon leaves a stale mount, detached at the next start", PROGRAM, version[0], version[1],
                mountPoint, needsAllowOther ? "with allow_other and " : "");
    }

    /** Returns {major, minor} from {@code fusermount3 -V}, or {@code null} when it cannot be told. */
    static int[] version(String program) {
        try {
            Result r = run(program, List.of(PROGRAM, "-V"), true);
            return parseVersion(r.stderr());
        } catch (NativeCallException e) {
            return null;
        }
    }

    /**
     * Parses {@code fusermount3 version: 3.14.0}.
     *
     * @param text the output
     * @return {major, minor}, or {@code null}
     */
    static int[] parseVersion(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("version:\\s*(\\d+)\\.(\\d+)").matcher(text);
        if (!m.find()) {
            return null;
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /**
     * Waits (bounded) for the descriptor from fusermount3. On failure the caller kills and reaps it.
     *
     * @return the descriptor, or -1 when fusermount3 closed the socket without sending one (it failed)
     */
    private static int receive(int socket, String target) throws FuseMountException {
        try {
            if (!UnixSockets.awaitReadable(socket, MOUNT_TIMEOUT_MS)) {
                throw new FuseMountException(Reason.MOUNT_FAILED, PROGRAM + " did not mount " + target + " within "
                        + MOUNT_TIMEOUT_MS / 1000 + " s and was killed: check that the mount point is not on a hung"
                        + " filesystem");
            }
            return UnixSockets.receiveDescriptor(socket);
        } catch (FuseMountException e) {
            throw e;
        } catch (IOException e) {
            throw new FuseMountException(Reason.MOUNT_FAILED, "no /dev/fuse descriptor from " + PROGRAM
                    + " for " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds the {@code -o} option string for fusermount3.
     *
     * @param source the fsname
     * @param subtype the subtype, or {@code null}/empty
     * @param msFlags the {@code MS_*} flags, turned into flag words
     * @param extraOptions the FUSE options, or {@code null}/empty
     * @param autoUnmount whether to add {@code auto_unmount}
     * @return the option string, e.g. {@code fsname=memfs,subtype=mem,ro,default_permissions,auto_unmount}
     * @throws FuseMountException {@link Reason#CONFIGURATION} for a value that would corrupt the string,
     *     by the same rules as {@link KernelMount}
     */
    static String options(String source, String subtype, long msFlags, String extraOptions, boolean autoUnmount)
            throws FuseMountException {
        KernelMount.fsType(subtype);
        KernelMount.data(0, 0, 0, source, extraOptions);
        StringJoiner o = new StringJoiner(",");
        o.add("fsname=" + source);
        if (subtype != null && !subtype.isEmpty()) {
            o.add("subtype=" + subtype);
        }
        if ((msFlags & LinuxConstants.MS_RDONLY) != 0) {
            o.add("ro");
        }
        if ((msFlags & LinuxConstants.MS_NOEXEC) != 0) {
            o.add("noexec");
        }
        if ((msFlags & LinuxConstants.MS_NOATIME) != 0) {
            o.add("noatime");
        }
        if ((msFlags & LinuxConstants.MS_SYNCHRONOUS) != 0) {
            o.add("sync");
        }
        if ((msFlags & LinuxConstants.MS_DIRSYNC) != 0) {
            o.add("dirsync");
        }
        if (extraOptions != null && !extraOptions.isEmpty()) {
            o.add(extraOptions);
        }
        if (autoUnmount) {
            o.add("auto_unmount");
        }
        return o.toString();
    }

    /**
     * Finds fusermount3 on {@code PATH} (then in the usual system directories).
     *
     * @return its absolute path
     * @throws FuseMountException {@link Reason#MOUNT_FAILED} when it is not installed
     */
    static String findProgram() throws FuseMountException {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty() && dir.startsWith("/")) {
                    dirs.add(dir);
                }
            }
        }
        dirs.addAll(FALLBACK_PATH);
        for (String dir : dirs) {
            Path candidate = Path.of(dir, PROGRAM);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new FuseMountException(Reason.MOUNT_FAILED, "mounting without root needs " + PROGRAM
                + ", which is not on the PATH: install the fuse3 package (apt install fuse3 / dnf install fuse3)"
                + " or run as root");
    }

    /** Fails early, with a clear message, where fusermount3 would refuse the mount point. */
    private static void checkMountPoint(Path mountPoint) throws FuseMountException {
        int uid = LibC.getuid();
        if (uid == 0) {
            return;
        }
        int owner;
        try {
            owner = (Integer) Files.getAttribute(mountPoint, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw notAccessible(mountPoint, e);
        } catch (NoSuchFileException e) {
            throw new FuseMountException(Reason.MOUNT_POINT_MISSING, "mount point " + mountPoint
                    + " does not exist: create it first (mkdir -p " + mountPoint + ")", e);
        } catch (IOException | UnsupportedOperationException e) {
            return; // let fusermount3 decide and report
        }
        if (owner != uid) {
            throw new FuseMountException(Reason.PERMISSION_DENIED, "mount point " + mountPoint + " is owned by uid "
                    + Integer.toUnsignedString(owner) + ", but " + PROGRAM + " only mounts on a directory owned by"
                    + " the user (uid " + Integer.toUnsignedString(uid) + "): use a directory of your own or chown it");
        }
        if (!Files.isWritable(mountPoint)) {
            throw new FuseMountException(Reason.PERMISSION_DENIED, "mount point " + mountPoint
                    + " is not writable by its owner (uid " + Integer.toUnsignedString(uid) + "), and " + PROGRAM
                    + " requires that: chmod u+w " + mountPoint);
        }
    }

    /**
     * Returns the exception for a mount point that the user cannot reach.
     *
     * @param mountPoint the mount point
     * @param cause the failure
     * @return a {@link Reason#PERMISSION_DENIED} exception
     */
    static FuseMountException notAccessible(Path mountPoint, Throwable cause) {
        return new FuseMountException(Reason.PERMISSION_DENIED, "mount point " + mountPoint
                + " is not accessible to uid " + Integer.toUnsignedString(LibC.getuid())
                + " (permission denied): it and all its parent directories must be searchable (x) by the user",
                cause);
    }

    private static FuseMountException devFuseNotAccessible() {
        return new FuseMountException(Reason.PERMISSION_DENIED, "cannot open " + DevFuse.PATH + ": permission denied"
                + " for uid " + Integer.toUnsignedString(LibC.getuid()) + ", and " + PROGRAM + " opens it with the"
                + " user's permissions: make it mode 0666 as the fuse3 package's udev rule does (chmod 0666 "
                + DevFuse.PATH + "), or run as root");
    }

    private static FuseMountException allowOtherRefused() {
        return new FuseMountException(Reason.PERMISSION_DENIED, "allow_other is only allowed to non-root users"
                + " when " + FUSE_CONF + " contains the line 'user_allow_other': add it as root (echo user_allow_other"
                + " >> " + FUSE_CONF + ") or mount without allowOther");
    }

    /**
     * Tells whether a fuse.conf file enables {@code user_allow_other} (a line of its own, comments and
     * surrounding white space ignored).
     *
     * @param conf the file
     * @return {@code true} when it does; {@code true} as well when the file cannot be read for another
     *     reason than its absence (fusermount3 then decides)
     */
    static boolean userAllowOther(Path conf) {
        List<String> lines;
        try {
            lines = Files.readAllLines(conf, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
        for (String line : lines) {
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.equals("user_allow_other")) {
                return true;
            }
        }
        return false;
    }

    private static String withoutOption(String options, String name) {
        if (options == null || options.isEmpty()) {
            return options;
        }
        StringJoiner kept = new StringJoiner(",");
        for (String o : options.split(",", -1)) {
            if (!o.equals(name)) {
                kept.add(o);
            }
        }
        return kept.toString();
    }

    private static boolean hasOption(String options, String name) {
        for (String o : options.split(",")) {
            if (o.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Maps fusermount3's complaint to a user-facing exception.
     *
     * @param stderr what fusermount3 wrote on standard error
     * @param exit how it ended
     * @param mountPoint the mount point
     * @return the exception
     */
    static FuseMountException translate(String stderr, Spawn.Exit exit, Path mountPoint) {
        String text = oneLine(stderr);
        if (text.contains("user_allow_other")) {
            return allowOtherRefused();
        }
        if (text.contains("not owned by user") || text.contains("no write access")) {
            return new FuseMountException(Reason.PERMISSION_DENIED, PROGRAM + " refused mount point " + mountPoint
                    + " (" + text + "): use a directory owned and writable by the user");
        }
        if (text.contains("failed to access mountpoint") && text.contains("Permission denied")) {
            return notAccessible(mountPoint, null);
        }
        if (text.contains("failed to access mountpoint") || text.contains("No such file or directory")) {
            return new FuseMountException(Reason.MOUNT_POINT_MISSING, PROGRAM + " cannot find mount point "
                    + mountPoint + " (" + text + "): create it first (mkdir -p " + mountPoint + ")");
        }
        if (text.contains("unknown option")) {
            return new FuseMountException(Reason.CONFIGURATION, PROGRAM + " refused a mount option (" + text
                    + "): mounts by non-root users take only fsname, subtype, default_permissions, allow_other,"
                    + " max_read, blksize, auto_unmount and the flags ro, noexec, noatime, sync, dirsync");
        }
        if (text.contains("mountpoint is not empty")) {
            return new FuseMountException(Reason.NOT_EMPTY, "mount point " + mountPoint
                    + " is not empty: choose an empty directory");
        }
        if (text.contains("/dev/fuse") && text.contains("Permission denied")) {
            return devFuseNotAccessible();
        }
        if (text.contains("fuse device not found") || text.contains("/dev/fuse")) {
            return new FuseMountException(Reason.NO_DEV_FUSE, PROGRAM + " cannot use /dev/fuse (" + text
                    + "): load the fuse module (modprobe fuse) or, in a container, pass --device /dev/fuse");
        }
        if (text.contains("too many FUSE filesystems")) {
            return new FuseMountException(Reason.MOUNT_FAILED, PROGRAM + " refused to mount " + mountPoint + " ("
                    + text + "): unmount some FUSE filesystems or raise mount_max in " + FUSE_CONF);
        }
        return new FuseMountException(Reason.MOUNT_FAILED, PROGRAM + " could not mount " + mountPoint + " (" + exit
                + (text.isEmpty() ? "" : ": " + text) + "): check the mount point and the options");
    }

    /**
     * The descriptor of the connection.
     *
     * @return the {@code /dev/fuse} descriptor received from fusermount3
     */
    public int devFd() {
        return devFd;
    }

    /**
     * Where the filesystem is mounted.
     *
     * @return the mount point
     */
    public Path mountPoint() {
        return mountPoint;
    }

    /**
     * Tells whether the mount goes away with this process.
     *
     * @return whether fusermount3 watches this process to unmount when it dies
     */
    public boolean autoUnmount() {
        return autoUnmount;
    }

    /**
     * Unmounts this mount through fusermount3 (see {@link #unmount(Path)}).
     *
     * @return what happened
     * @throws NativeCallException when fusermount3 could not unmount it
     */
    public UnmountResult unmount() throws NativeCallException {
        return unmount(program, mountPoint);
    }

    /**
     * Unmounts a FUSE filesystem of the user through fusermount3: {@code fusermount3 -u}, then a lazy
     * {@code fusermount3 -u -z} when it is busy, mirroring {@link KernelMount#unmount(Path)}.
     *
     * @param mountPoint the mount point
     * @return {@link UnmountResult#UNMOUNTED}, {@link UnmountResult#DETACHED} (it was busy), or
     *     {@link UnmountResult#NOT_MOUNTED}
     * @throws NativeCallException when fusermount3 is missing or failed ({@code call()} names the command,
     *     the errno is the one in its message, EIO when there is none)
     */
    public static UnmountResult unmount(Path mountPoint) throws NativeCallException {
        String program;
        try {
            program = findProgram();
        } catch (FuseMountException e) {
            throw NativeCallException.of(PROGRAM + " -u " + mountPoint + ": " + e.getMessage(), Errno.ENOENT.code());
        }
        return unmount(program, mountPoint);
    }

    private static UnmountResult unmount(String program, Path mountPoint) throws NativeCallException {
        Path target = mountPoint.toAbsolutePath().normalize();
        if (!isMounted(target)) {
            return UnmountResult.NOT_MOUNTED;
        }
        Result plain = run(program, List.of(PROGRAM, "-u", "--", target.toString()));
        if (plain.exit().success()) {
            return UnmountResult.UNMOUNTED;
        }
        if (!isMounted(target)) {
            return UnmountResult.NOT_MOUNTED;
        }
        LOG.debug("{} -u {} failed ({}): {}; detaching lazily", PROGRAM, target, plain.exit(), plain.stderr());
        detach(program, target);
        return UnmountResult.DETACHED;
    }

    /**
     * Detaches a FUSE mount of the user lazily ({@code fusermount3 -u -z}), e.g. a stale one.
     *
     * @param mountPoint the mount point
     * @throws NativeCallException when fusermount3 is missing or failed
     */
    public static void detach(Path mountPoint) throws NativeCallException {
        String program;
        try {
            program = findProgram();
        } catch (FuseMountException e) {
            throw NativeCallException.of(PROGRAM + " -u -z " + mountPoint + ": " + e.getMessage(),
                    Errno.ENOENT.code());
        }
        detach(program, mountPoint.toAbsolutePath().normalize());
    }

    private static void detach(String program, Path target) throws NativeCallException {
        Result lazy = run(program, List.of(PROGRAM, "-u", "-z", "--", target.toString()));
        if (!lazy.exit().success() && isMounted(target)) {
            throw NativeCallException.of(PROGRAM + " -u -z " + target + " (" + lazy.exit() + ": " + lazy.stderr() + ")",
                    errnoIn(lazy.stderr()));
        }
    }

    /**
     * Releases the session's link to fusermount3: closes the socket (with auto-unmount, the watcher then
     * checks the mount point, finds it unmounted and exits) and reaps the watcher. Does not close
     * {@link #devFd()}. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (commFd >= 0) {
            closeQuietly(commFd);
            commFd = -1;
        }
        if (watcherPid > 0) {
            int pid = watcherPid;
            watcherPid = -1;
            try {
                Optional<Spawn.Exit> exit = Spawn.waitFor(pid, WATCHER_EXIT_TIMEOUT_MS);
                if (exit.isEmpty()) {
                    LOG.warn("the {} auto-unmount watcher (pid {}) of {} did not exit within {} ms; leaving it",
                            PROGRAM, pid, mountPoint, WATCHER_EXIT_TIMEOUT_MS);
                }
            } catch (NativeCallException e) {
                LOG.debug("reaping the {} watcher {}: {}", PROGRAM, pid, e.getMessage());
            }
        }
        if (stderrFd >= 0) {
            closeQuietly(stderrFd);
            stderrFd = -1;
        }
    }

    @Override
    public String toString() {
        return "FusermountMount[" + mountPoint + (autoUnmount ? ", auto_unmount" : "") + "]";
    }

    // ------------------------------------------------------------------ helpers

    /** The outcome of a fusermount3 run. */
    private record Result(Spawn.Exit exit, String stderr) {
    }

    /** Runs fusermount3 without a socket, with a deadline, and collects its standard error. */
    private static Result run(String program, List<String> argv) throws NativeCallException {
        return run(program, argv, false);
    }

    /** Runs fusermount3 (standard output to /dev/null unless {@code withStdout}) and collects standard error. */
    private static Result run(String program, List<String> argv, boolean withStdout) throws NativeCallException {
        int[] stderr = Spawn.pipe();
        int pid;
        try {
            pid = Spawn.spawn(program, argv, environment(false),
                    new int[] {-1, withStdout ? stderr[1] : -1, stderr[1]});
        } catch (NativeCallException e) {
            closeQuietly(stderr[0]);
            closeQuietly(stderr[1]);
            throw e;
        }
        closeQuietly(stderr[1]);
        try {
            Optional<Spawn.Exit> exit = Spawn.waitFor(pid, UNMOUNT_TIMEOUT_MS);
            if (exit.isEmpty()) {
                killAndReap(pid);
                throw NativeCallException.of(String.join(" ", argv) + " (did not finish within "
                        + UNMOUNT_TIMEOUT_MS / 1000 + " s and was killed)", Errno.ETIMEDOUT.code());
            }
            return new Result(exit.get(), oneLine(readAll(stderr[0])));
        } finally {
            closeQuietly(stderr[0]);
        }
    }

    private static List<String> environment(boolean withSocket) {
        List<String> env = new ArrayList<>();
        if (withSocket) {
            env.add(COMMFD_ENV + "=" + CHILD_COMM_FD);
        }
        env.add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.add("LC_ALL=C");
        return env;
    }

    /** Waits (bounded) for fusermount3 to exit and reaps it; on a timeout the caller kills and reaps it. */
    private static Spawn.Exit awaitExit(int pid, String what) throws FuseMountException {
        try {
            Optional<Spawn.Exit> exit = Spawn.waitFor(pid, MOUNT_TIMEOUT_MS);
            if (exit.isPresent()) {
                return exit.get();
            }
        } catch (NativeCallException e) {
            throw new FuseMountException(Reason.MOUNT_FAILED, "waiting for " + PROGRAM + " (" + what + "): "
                    + e.getMessage(), e);
        }
        throw new FuseMountException(Reason.MOUNT_FAILED, PROGRAM + " (" + what + ") did not exit within "
                + MOUNT_TIMEOUT_MS / 1000 + " s and was killed");
    }

    private static void killAndReap(int pid) {
        try {
            Spawn.kill(pid, Spawn.SIGKILL);
        } catch (NativeCallException e) {
            LOG.debug("kill {}: {}", pid, e.getMessage());
        }
        try {
            Spawn.waitFor(pid, UNMOUNT_TIMEOUT_MS);
        } catch (NativeCallException e) {
            LOG.debug("reaping {}: {}", pid, e.getMessage());
        }
    }

    /** Reads what is available on a pipe until end of file, at most {@link #MAX_STDERR} bytes, bounded in time. */
    private static String readAll(int fd) {
        StringBuilder out = new StringBuilder();
        long deadline = System.nanoTime() + 2_000_000_000L;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(4096);
            while (out.length() < MAX_STDERR) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0 || !UnixSockets.awaitReadable(fd, left)) {
                    break;
                }
                long n = LibC.readRaw(fd, buf, buf.byteSize());
                if (n <= 0) {
                    break;
                }
                out.append(new String(buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                        StandardCharsets.UTF_8));
            }
        } catch (NativeCallException e) {
            out.append(" [").append(e.getMessage()).append(']');
        }
        return out.toString();
    }

    private static String oneLine(String text) {
        StringJoiner joined = new StringJoiner("; ");
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                joined.add(line.strip());
            }
        }
        return joined.toString();
    }

    /** The errno whose strerror text appears in a message, or EIO. */
    private static int errnoIn(String text) {
        for (Errno e : Errno.values()) {
            if (text.endsWith(e.description()) || text.contains(e.description() + ";")) {
                return e.code();
            }
        }
        return Errno.EIO.code();
    }

    private static boolean isMounted(Path target) {
        try {
            return MountTable.read().find(target).isPresent();
        } catch (IOException e) {
            return true; // cannot tell: let fusermount3 decide
        }
    }

    private static void closeQuietly(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            LibC.close(fd);
        } catch (NativeCallException e) {
            LOG.debug("close({}): {}", fd, e.getMessage());
        }
    }
}
