package dev.fusering.posix;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Transport;
import dev.fusering.testing.Python;
import dev.fusering.testing.TestMounts;
import dev.fusering.testing.Trees;
import dev.fusering.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reusable POSIX conformance suite for {@link Filesystem} implementations, run on a real mount.
 *
 * <p>Subclass it, say which filesystem to mount ({@link #createFilesystem}) over which transport
 * ({@link #transport()}), and optionally change the mount options, the dispatch mode and the
 * {@link PosixCapabilities}; every test of the suite is inherited. The suite is shipped in the
 * {@code fuse-core-ffm} test-jar ({@code <type>test-jar</type>}), so a filesystem outside this module can
 * run it too.
 *
 * <p>How a test decides what is right: each scenario is a Python snippet (see {@link PosixProbe}) that
 * performs system calls with relative paths and prints one line per step, the result or the errno name.
 * It runs once in a directory of the local disk (the temporary directory's filesystem, ext4 or tmpfs) and
 * once in a directory of the mount, and the two outputs must be identical: the expected results are what
 * the kernel's own filesystem does, not hand-written constants. Scenarios that check permissions run a
 * second part as an unprivileged user ({@code setpriv --reuid=65534 --regid=65534 --clear-groups}) on both
 * sides. Capabilities a filesystem lacks are asserted as documented refusals on the mount alone.
 *
 * <p>The mount: one per test class, made before the first test and removed after the last, with
 * {@code allow_other} and {@code default_permissions} (so that the unprivileged user may enter and the
 * kernel enforces file modes) and entry and attribute timeouts of 0 (so that every operation reaches
 * the filesystem). Each test works in its own subdirectory, on the disk and on the mount.
 *
 * <p>Needs root, {@code /dev/fuse}, {@code python3} (standard library only) and {@code setpriv}; outside CI
 * (without {@code CI=true}) the suite is skipped when one is missing, in CI it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class PosixSuite {

    private Path scratch;
    private Path disk;
    private PosixProbe probe;
    private TestMounts.Mount mount;

    /** Creates the suite; the mount is made in {@link #mountFilesystem()}. */
    protected PosixSuite() {
    }

    /**
     * Creates the filesystem to mount, once per test class.
     *
     * @param scratch a private directory (mode 0755) the filesystem may use, e.g. as a passthrough source
     * @return the filesystem
     * @throws IOException if it cannot be prepared
     */
    protected abstract Filesystem createFilesystem(Path scratch) throws IOException;

    /**
     * Returns the transport to mount with.
     *
     * @return {@link Transport#IO_URING} or {@link Transport#CLASSIC}
     */
    protected abstract Transport transport();

    /**
     * Returns the dispatch mode; {@link DispatchMode#OFFLOADED} unless overridden.
     *
     * @return the dispatch mode
     */
    protected DispatchMode dispatch() {
        return DispatchMode.OFFLOADED;
    }

    /**
     * Returns the mount options: {@code allow_other}, {@code default_permissions}, timeouts 0. Overrides
     * must keep {@code allow_other} and {@code default_permissions}, which the permission tests rely on.
     *
     * @return the mount options
     */
    protected MountOptions mountOptions() {
        return MountOptions.builder().allowOther(true).defaultPermissions(true)
                .entryTimeout(Duration.ZERO).attrTimeout(Duration.ZERO).build();
    }

    /**
     * Returns what the filesystem supports beyond the common core; everything unless overridden.
     *
     * @return the capabilities
     */
    protected PosixCapabilities capabilities() {
        return PosixCapabilities.all();
    }

    /**
     * Mounts the filesystem and prepares the disk reference directory.
     *
     * @throws IOException if the directories cannot be made
     */
    @BeforeAll
    protected void mountFilesystem() throws IOException {
        TestMounts.assumeCanMount(transport());
        Python.assumeAvailable();
        scratch = Files.createTempDirectory("fusering-posix-").toRealPath();
        Users.openUp(scratch);
        disk = Files.createDirectory(scratch.resolve("disk"));
        Users.openUp(disk);
        Path scripts = Files.createDirectory(scratch.resolve("scripts"));
        Users.openUp(scripts);
        probe = new PosixProbe(scripts);
        Path fsScratch = Files.createDirectory(scratch.resolve("fs"));
        Users.openUp(fsScratch);
        mount = TestMounts.mount(scratch, createFilesystem(fsScratch), transport(), dispatch(), mountOptions());
    }

    /**
     * Unmounts and removes the scratch directory.
     *
     * @throws IOException if the scratch directory cannot be removed
     */
    @AfterAll
    protected void unmountFilesystem() throws IOException {
        try {
            if (mount != null) {
                mount.close();
            }
        } finally {
            if (scratch != null) {
                Trees.deleteRecursively(scratch);
            }
        }
    }

    /**
     * Returns the mount of this test class.
     *
     * @return the mount
     */
    protected final TestMounts.Mount mount() {
        return mount;
    }

    /**
     * Runs a scenario as root on the disk and on the mount and requires identical observations.
     *
     * @param name     the scenario's name (also its directory name)
     * @param scenario the Python snippet
     * @return the mount's observations, for further assertions
     * @throws IOException if the working directories cannot be made or removed
     */
    protected final List<PosixProbe.Run> compare(String name, String scenario) throws IOException {
        return compare(name, scenario, null);
    }

    /**
     * Runs a scenario as root and then a second one as {@link Users#NOBODY}, on the disk and on the mount,
     * and requires identical observations.
     *
     * @param name           the scenario's name (also its directory name)
     * @param rootScenario   the part run as root (setup, root-only checks)
     * @param nobodyScenario the part run as the unprivileged user, or null for none
     * @return the mount's observations: the root part, then the unprivileged part if any
     * @throws IOException if the working directories cannot be made or removed
     */
    protected final List<PosixProbe.Run> compare(String name, String rootScenario, String nobodyScenario)
            throws IOException {
        Path onDisk = workDir(disk, name);
        Path onMount = workDir(mount.dir(), name);
        try {
            List<PosixProbe.Run> diskRuns = runParts(onDisk, rootScenario, nobodyScenario);
            List<PosixProbe.Run> mountRuns = runParts(onMount, rootScenario, nobodyScenario);
            if (Boolean.getBoolean("posix.verbose")) {
                System.out.println("---- " + name + " on the disk ----\n" + text(diskRuns));
            }
            assertThat(text(mountRuns))
                    .as("scenario %s on the %s mount (actual) vs the local disk (expected)", name, transport())
                    .isEqualTo(text(diskRuns));
            return mountRuns;
        } finally {
            Trees.deleteRecursively(onDisk);
            Trees.deleteRecursively(onMount);
        }
    }

    /**
     * Runs a scenario as root on the mount only and checks the outcome of some of its steps: used for
     * the documented refusals of a capability the filesystem does not have.
     *
     * @param name     the scenario's name (also its directory name)
     * @param scenario the Python snippet
     * @param expected step label to outcome ({@code "= value"} or {@code "! ENAME"})
     * @return the observations
     * @throws IOException if the working directory cannot be made or removed
     */
    protected final PosixProbe.Run expectOnMount(String name, String scenario, Map<String, String> expected)
            throws IOException {
        Path onMount = workDir(mount.dir(), name);
        try {
            PosixProbe.Run run = checked(probe.run(onMount, scenario, false), "mount");
            for (Map.Entry<String, String> e : expected.entrySet()) {
                assertThat(run.outcome(e.getKey()))
                        .as("step '%s' of %s on the %s mount\n%s", e.getKey(), name, transport(), run.text())
                        .isEqualTo(e.getValue());
            }
            return run;
        } finally {
            Trees.deleteRecursively(onMount);
        }
    }

    private static Path workDir(Path root, String name) throws IOException {
        Path dir = Files.createDirectory(root.resolve(name));
        Users.openUp(dir);
        return dir;
    }

    private List<PosixProbe.Run> runParts(Path cwd, String rootScenario, String nobodyScenario) {
        List<PosixProbe.Run> runs = new ArrayList<>();
        runs.add(checked(probe.run(cwd, rootScenario, false), cwd.toString()));
        if (nobodyScenario != null) {
            runs.add(checked(probe.run(cwd, nobodyScenario, true), cwd + " as nobody"));
        }
        return runs;
    }

    private static PosixProbe.Run checked(PosixProbe.Run run, String where) {
        assertThat(run.exitCode()).as("the scenario itself broke in %s:\n%s\n%s", where, run.text(), run.stderr())
                .isZero();
        return run;
    }

    private static String text(List<PosixProbe.Run> runs) {
        StringBuilder sb = new StringBuilder();
        for (PosixProbe.Run r : runs) {
            sb.append(r.text()).append("\n-- next part --\n");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------
    // open(2) flags
    // ------------------------------------------------------------------------------------------------

    /**
     * O_CREAT|O_EXCL, O_TRUNC (also with O_RDONLY), O_APPEND (pwrite ignores the offset on Linux),
     * access-mode errors, O_DIRECTORY, O_NOFOLLOW and O_CREAT through a dangling symbolic link.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void openFlags() throws IOException {
        compare("open-flags", """
                ok("create excl", lambda: os.close(os.open("f", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)))
                show("st new", lambda: st("f"))
                ok("create excl again", lambda: os.close(os.open("f", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)))
                ok("excl without creat", lambda: os.close(os.open("f", os.O_RDONLY | os.O_EXCL)))
                put("f", "hello world")
                ok("open trunc", lambda: os.close(os.open("f", os.O_WRONLY | os.O_TRUNC)))
                show("after trunc", lambda: data("f"))
                put("f", "0123456789")
                fd = ok("open append", lambda: os.open("f", os.O_WRONLY | os.O_APPEND))
                show("append write", lambda: os.write(fd, b"AB"))
                show("pwrite at 0 with O_APPEND", lambda: os.pwrite(fd, b"CD", 0))
                show("offset after", lambda: os.lseek(fd, 0, os.SEEK_CUR))
                os.close(fd)
                show("after append", lambda: data("f"))
                fd = os.open("f", os.O_RDONLY)
                show("write on O_RDONLY", lambda: os.write(fd, b"x"))
                os.close(fd)
                fd = os.open("f", os.O_WRONLY)
                show("read on O_WRONLY", lambda: os.read(fd, 1))
                os.close(fd)
                ok("O_DIRECTORY on a file", lambda: os.close(os.open("f", os.O_RDONLY | os.O_DIRECTORY)))
                os.mkdir("d")
                ok("open dir for writing", lambda: os.close(os.open("d", os.O_WRONLY)))
                ok("O_CREAT on a dir", lambda: os.close(os.open("d", os.O_WRONLY | os.O_CREAT, 0o644)))
                ok("open missing", lambda: os.close(os.open("missing", os.O_RDONLY)))
                ok("O_CREAT in a missing dir", lambda: os.close(os.open("nodir/x", os.O_WRONLY | os.O_CREAT, 0o644)))
                ok("file as a dir component", lambda: os.close(os.open("f/x", os.O_RDONLY)))
                os.symlink("target", "dangling")
                ok("O_EXCL on a dangling symlink", lambda: os.close(os.open("dangling", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)))
                ok("O_NOFOLLOW on a symlink", lambda: os.close(os.open("dangling", os.O_RDONLY | os.O_NOFOLLOW)))
                ok("O_CREAT through a dangling symlink", lambda: os.close(os.open("dangling", os.O_WRONLY | os.O_CREAT, 0o600)))
                show("target created", lambda: st("target"))
                put("g", "keep")
                ok("O_RDONLY|O_TRUNC", lambda: os.close(os.open("g", os.O_RDONLY | os.O_TRUNC)))
                show("after O_RDONLY|O_TRUNC", lambda: data("g"))
                put("g", "keep")
                ok("O_CREAT|O_TRUNC on existing", lambda: os.close(os.open("g", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)))
                show("mode kept, content gone", lambda: st("g"))
                show("names", names)
                """);
    }

    /**
     * O_DIRECT: aligned writes and reads at offsets, short reads at EOF, and coherence with buffered I/O.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void directIo() throws IOException {
        compare("o-direct", """
                buf = aligned(8192)
                buf[0:8192] = bytes(range(256)) * 32
                fd = ok("open O_DIRECT", lambda: os.open("d", os.O_RDWR | os.O_CREAT | os.O_DIRECT, 0o644))
                show("direct write 8192 at 0", lambda: os.pwrite(fd, buf, 0))
                show("direct write 4096 at 16384", lambda: os.pwrite(fd, memoryview(buf)[:4096], 16384))
                show("size", lambda: os.fstat(fd).st_size)
                rb = aligned(8192)
                show("direct read 8192 at 0", lambda: os.preadv(fd, [rb], 0))
                check("direct read matches", rb[:] == buf[:])
                rb2 = aligned(8192)
                show("direct read at 16384 is short", lambda: os.preadv(fd, [rb2], 16384))
                check("short read matches", rb2[:4096] == buf[:4096])
                show("direct read past EOF", lambda: os.preadv(fd, [aligned(4096)], 65536))
                check("hole reads as zeros", os.pread(fd, 8192, 8192) == bytes(8192))
                os.close(fd)
                show("buffered read sees direct writes", lambda: crc("d"))
                put("b", b"x" * 5000)
                fd = os.open("b", os.O_RDONLY | os.O_DIRECT)
                rb3 = aligned(8192)
                show("direct read of buffered data", lambda: os.preadv(fd, [rb3], 0))
                check("direct read matches buffered", rb3[:5000] == b"x" * 5000)
                os.close(fd)
                """);
    }

    // ------------------------------------------------------------------------------------------------
    // data: offsets, EOF, sparse files, truncate, fallocate
    // ------------------------------------------------------------------------------------------------

    /**
     * Reads and writes at offsets, across and past EOF, at 1 TiB, lseek, negative offsets, a large write.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void offsetsAndEndOfFile() throws IOException {
        compare("offsets", """
                fd = os.open("f", os.O_RDWR | os.O_CREAT, 0o644)
                show("pwrite 5 at 0", lambda: os.pwrite(fd, b"hello", 0))
                show("pwrite 5 at 10", lambda: os.pwrite(fd, b"world", 10))
                show("size", lambda: os.fstat(fd).st_size)
                show("pread all", lambda: os.pread(fd, 100, 0))
                show("pread across EOF", lambda: os.pread(fd, 10, 12))
                show("pread at EOF", lambda: os.pread(fd, 10, 15))
                show("pread past EOF", lambda: os.pread(fd, 10, 1000))
                show("lseek end", lambda: os.lseek(fd, 0, os.SEEK_END))
                show("lseek past end", lambda: os.lseek(fd, 100, os.SEEK_END))
                show("write after seeking past end", lambda: os.write(fd, b"!"))
                show("size after", lambda: os.fstat(fd).st_size)
                show("zero bytes in the gap", lambda: os.pread(fd, 200, 0).count(0))
                show("lseek negative", lambda: os.lseek(fd, -1, os.SEEK_SET))
                show("pwrite at a negative offset", lambda: os.pwrite(fd, b"x", -1))
                show("pread at a negative offset", lambda: os.pread(fd, 1, -1))
                show("pwrite at 1 TiB", lambda: os.pwrite(fd, b"far", 1 << 40))
                show("size 1 TiB", lambda: os.fstat(fd).st_size)
                show("pread at 1 TiB", lambda: os.pread(fd, 10, 1 << 40))
                show("pread just below 1 TiB", lambda: os.pread(fd, 4, (1 << 40) - 2))
                show("ftruncate back", lambda: os.ftruncate(fd, 116))
                big = bytes((i * 7) & 255 for i in range(300000))
                show("pwrite 300000 at 1000", lambda: os.pwrite(fd, big, 1000))
                check("pread 300000 matches", os.pread(fd, 300000, 1000) == big)
                show("size", lambda: os.fstat(fd).st_size)
                os.close(fd)
                show("crc", lambda: crc("f"))
                """);
    }

    /**
     * Sparse files: holes read as zeros; with {@link PosixCapabilities#allocationBlocks()} {@code st_blocks}
     * counts only written blocks, with {@link PosixCapabilities#seekHoles()} SEEK_DATA/SEEK_HOLE find them.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void sparseFiles() throws IOException {
        String setup = """
                fd = os.open("s", os.O_RDWR | os.O_CREAT, 0o644)
                os.pwrite(fd, b"head", 0)
                os.pwrite(fd, b"x", 1 << 20)
                os.fsync(fd)
                os.close(fd)
                """;
        compare("sparse", setup + """
                show("size", lambda: os.stat("s").st_size)
                d = data("s")
                check("head", d[:4] == b"head")
                check("hole is zeros", d[4:1 << 20] == bytes((1 << 20) - 4))
                check("tail", d[1 << 20:] == b"x")
                check("blocks cover the written data", blocks("s") * 512 >= 4096)
                """);
        String blocks = setup + """
                show("blocks of a 1 MiB sparse file", lambda: blocks("s"))
                check("blocks cover the size", blocks("s") * 512 >= os.stat("s").st_size)
                """;
        if (capabilities().allocationBlocks()) {
            compare("sparse-blocks", blocks);
        } else {
            expectOnMount("sparse-blocks", blocks, Map.of("blocks cover the size", "= True"));
        }
        String seek = setup + """
                fd = os.open("s", os.O_RDONLY)
                show("SEEK_DATA from 0", lambda: os.lseek(fd, 0, SEEK_DATA))
                show("SEEK_HOLE from 0", lambda: os.lseek(fd, 0, SEEK_HOLE))
                show("SEEK_DATA from 4096", lambda: os.lseek(fd, 4096, SEEK_DATA))
                show("SEEK_HOLE from the last block", lambda: os.lseek(fd, 1 << 20, SEEK_HOLE))
                show("SEEK_DATA past EOF", lambda: os.lseek(fd, (1 << 20) + 10, SEEK_DATA))
                os.close(fd)
                """;
        if (capabilities().seekHoles()) {
            compare("sparse-seek", seek);
        } else {
            expectOnMount("sparse-seek", seek, Map.of(
                    "SEEK_DATA from 0", "= 0",
                    "SEEK_HOLE from 0", "= " + ((1 << 20) + 1),
                    "SEEK_DATA from 4096", "= 4096",
                    "SEEK_DATA past EOF", "! ENXIO"));
        }
    }

    /**
     * truncate(2) and ftruncate(2) up and down, zeroed tails after shrink-then-grow, error cases.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void truncateUpAndDown() throws IOException {
        compare("truncate", """
                put("t", "0123456789")
                ok("truncate down to 4", lambda: os.truncate("t", 4))
                show("content", lambda: data("t"))
                ok("truncate up to 12", lambda: os.truncate("t", 12))
                show("content", lambda: data("t"))
                fd = os.open("t", os.O_RDWR)
                ok("ftruncate to 2", lambda: os.ftruncate(fd, 2))
                show("pread", lambda: os.pread(fd, 100, 0))
                ok("ftruncate to 8195", lambda: os.ftruncate(fd, 8195))
                show("size", lambda: os.fstat(fd).st_size)
                check("grown part is zeros", os.pread(fd, 9000, 2) == bytes(8193))
                ok("ftruncate to 0", lambda: os.ftruncate(fd, 0))
                show("size", lambda: os.fstat(fd).st_size)
                ok("ftruncate negative", lambda: os.ftruncate(fd, -1))
                os.close(fd)
                fd = os.open("t", os.O_RDONLY)
                ok("ftruncate a read-only descriptor", lambda: os.ftruncate(fd, 1))
                os.close(fd)
                os.mkdir("dir")
                ok("truncate a directory", lambda: os.truncate("dir", 0))
                ok("truncate a missing file", lambda: os.truncate("missing", 0))
                put("p", b"a" * 5000)
                os.truncate("p", 4100)
                os.truncate("p", 6000)
                d = data("p")
                check("head kept", d[:4100] == b"a" * 4100)
                check("tail zeroed after shrink and grow", d[4100:] == bytes(1900))
                fd = os.open("p", os.O_RDWR)
                m = mmap.mmap(fd, 6000)
                m[0:1] = b"M"
                m.close()
                ok("truncate a file that was mapped", lambda: os.ftruncate(fd, 10))
                show("content", lambda: os.pread(fd, 100, 0))
                os.close(fd)
                show("st", lambda: st("p"))
                """);
    }

    /**
     * fallocate mode 0 (posix_fallocate) and its errors; with {@link PosixCapabilities#fallocateModes()}
     * also KEEP_SIZE and PUNCH_HOLE, otherwise the documented EOPNOTSUPP.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void fallocate() throws IOException {
        compare("fallocate", """
                fd = os.open("fa", os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b"abc")
                ok("posix_fallocate 0..10000", lambda: os.posix_fallocate(fd, 0, 10000))
                show("size after allocate", lambda: os.fstat(fd).st_size)
                show("content kept", lambda: os.pread(fd, 3, 0))
                check("rest is zeros", os.pread(fd, 9997, 3) == bytes(9997))
                ok("allocate inside keeps the size", lambda: os.posix_fallocate(fd, 0, 100))
                show("size", lambda: os.fstat(fd).st_size)
                ok("fallocate mode 0 beyond EOF", lambda: fallocate(fd, 0, 20000, 100))
                show("size", lambda: os.fstat(fd).st_size)
                ok("negative length", lambda: fallocate(fd, 0, 0, -1))
                ok("zero length", lambda: fallocate(fd, 0, 0, 0))
                ok("negative offset", lambda: fallocate(fd, 0, -1, 10))
                ok("punch hole without KEEP_SIZE", lambda: fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10))
                os.close(fd)
                fd = os.open("fa", os.O_RDONLY)
                ok("fallocate a read-only descriptor", lambda: fallocate(fd, 0, 0, 10))
                os.close(fd)
                """);
        String modes = """
                fd = os.open("fm", os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b"z" * 12288)
                ok("keep size", lambda: fallocate(fd, FALLOC_FL_KEEP_SIZE, 12288, 65536))
                show("size after keep size", lambda: os.fstat(fd).st_size)
                ok("punch hole", lambda: fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096, 4096))
                show("size after punch", lambda: os.fstat(fd).st_size)
                d = os.pread(fd, 12288, 0)
                check("punched range is zeros", d[4096:8192] == bytes(4096))
                check("around the hole kept", d[:4096] == b"z" * 4096 and d[8192:] == b"z" * 4096)
                ok("punch an unaligned range", lambda: fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100, 10))
                show("unaligned punch", lambda: os.pread(fd, 12, 98))
                ok("punch past EOF", lambda: fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 20000, 100))
                show("size", lambda: os.fstat(fd).st_size)
                os.close(fd)
                """;
        if (capabilities().fallocateModes()) {
            compare("fallocate-modes", modes);
        } else {
            expectOnMount("fallocate-modes", modes, Map.of(
                    "keep size", "! EOPNOTSUPP",
                    "punch hole", "! EOPNOTSUPP",
                    "size after punch", "= 12288",
                    "punched range is zeros", "= False",
                    "punch an unaligned range", "! EOPNOTSUPP"));
        }
    }

    // ------------------------------------------------------------------------------------------------
    // namespace: unlink, rename, links, symlinks, directories
    // ------------------------------------------------------------------------------------------------

    /**
     * An open file whose name is removed (or replaced by a rename) stays readable and writable through
     * its descriptor; a removed directory that is still open cannot get new entries.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void unlinkOpenFile() throws IOException {
        compare("unlink-open", """
                put("u", "before")
                fd = os.open("u", os.O_RDWR)
                ok("unlink while open", lambda: os.unlink("u"))
                show("fstat after unlink", lambda: fst(fd))
                show("names", names)
                show("stat the name", lambda: st("u"))
                show("write through the descriptor", lambda: os.pwrite(fd, b"AFTER!", 6))
                show("read through the descriptor", lambda: os.pread(fd, 100, 0))
                ok("ftruncate through the descriptor", lambda: os.ftruncate(fd, 3))
                show("read after ftruncate", lambda: os.pread(fd, 100, 0))
                ok("recreate the name", lambda: put("u", "new"))
                show("new content", lambda: data("u"))
                show("old descriptor keeps the old file", lambda: os.pread(fd, 100, 0))
                os.close(fd)
                put("a", "AAA")
                put("b", "BBB")
                fd = os.open("b", os.O_RDONLY)
                ok("rename over an open file", lambda: os.rename("a", "b"))
                show("descriptor keeps the replaced content", lambda: os.pread(fd, 10, 0))
                show("fstat of the replaced file", lambda: fst(fd))
                show("the name has the new content", lambda: data("b"))
                os.close(fd)
                os.mkdir("gone")
                dfd = os.open("gone", os.O_RDONLY)
                ok("rmdir an open directory", lambda: os.rmdir("gone"))
                ok("create in the removed directory", lambda: put("gone/x", "x"))
                show("list the removed directory", lambda: os.listdir(dfd))
                show("fstat of the removed directory", lambda: fst(dfd))
                os.close(dfd)
                show("names at the end", names)
                """);
    }

    /**
     * rename(2): over files and directories, ENOTEMPTY, ENOTDIR, EISDIR, EINVAL into its own subtree,
     * onto a hard link of itself, across directories (parent link counts).
     *
     * @throws IOException on setup failures
     */
    @Test
    public void renames() throws IOException {
        compare("rename", """
                put("f1", "one")
                put("f2", "two")
                ok("file over file", lambda: os.rename("f1", "f2"))
                show("names", names)
                show("content", lambda: data("f2"))
                os.makedirs("d1/sub")
                os.mkdir("d2")
                os.makedirs("full/x")
                ok("dir over an empty dir", lambda: os.rename("d1", "d2"))
                show("names", names)
                show("subtree moved", lambda: names("d2"))
                ok("dir over a non-empty dir", lambda: os.rename("d2", "full"))
                ok("dir over a file", lambda: os.rename("d2", "f2"))
                ok("file over a dir", lambda: os.rename("f2", "d2"))
                ok("dir into its own subtree", lambda: os.rename("d2", "d2/sub/inside"))
                ok("dir into itself", lambda: os.rename("d2", "d2/inside"))
                ok("dir onto its own child", lambda: os.rename("d2", "d2/sub"))
                ok("child onto its parent", lambda: os.rename("d2/sub", "d2"))
                ok("rename to itself", lambda: os.rename("f2", "f2"))
                os.link("f2", "f2link")
                ok("rename onto its own hard link", lambda: os.rename("f2", "f2link"))
                show("names", names)
                ok("missing source", lambda: os.rename("missing", "x"))
                ok("into a missing dir", lambda: os.rename("f2", "nodir/x"))
                ok("trailing slash on a file", lambda: os.rename("f2", "new/"))
                ok("rename dot", lambda: os.rename(".", "x"))
                ok("across dirs", lambda: os.rename("f2", "d2/moved"))
                show("target dir", lambda: names("d2"))
                show("st moved", lambda: st("d2/moved"))
                os.makedirs("p1/c")
                os.mkdir("p2")
                show("p1 nlink before", lambda: os.stat("p1").st_nlink)
                ok("move a dir between parents", lambda: os.rename("p1/c", "p2/c"))
                show("p1 nlink after", lambda: os.stat("p1").st_nlink)
                show("p2 nlink after", lambda: os.stat("p2").st_nlink)
                os.symlink("d2", "ln")
                ok("rename a symlink", lambda: os.rename("ln", "ln2"))
                show("renamed symlink", lambda: os.readlink("ln2"))
                show("names at the end", names)
                """);
    }

    /**
     * renameat2(2) flags: RENAME_NOREPLACE everywhere; RENAME_EXCHANGE swaps when
     * {@link PosixCapabilities#renameExchange()}, otherwise it must fail with EINVAL and change nothing.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void renameFlags() throws IOException {
        compare("rename-flags", """
                put("a", "A")
                put("b", "B")
                ok("noreplace onto existing", lambda: renameat2("a", "b", RENAME_NOREPLACE))
                ok("noreplace onto missing", lambda: renameat2("a", "c", RENAME_NOREPLACE))
                show("names", names)
                ok("noreplace and exchange", lambda: renameat2("b", "c", RENAME_NOREPLACE | RENAME_EXCHANGE))
                ok("unknown flag", lambda: renameat2("b", "c", 1 << 10))
                ok("exchange with a missing target", lambda: renameat2("b", "missing", RENAME_EXCHANGE))
                show("contents", lambda: (data("b"), data("c")))
                """);
        String exchange = """
                put("a", "A")
                put("b", "B")
                os.mkdir("d")
                put("d/inner", "I")
                ok("exchange two files", lambda: renameat2("a", "b", RENAME_EXCHANGE))
                show("contents", lambda: (data("a"), data("b")))
                ok("exchange a file and a dir", lambda: renameat2("a", "d", RENAME_EXCHANGE))
                show("types", lambda: (st("a"), st("d")))
                show("names", names)
                """;
        if (capabilities().renameExchange()) {
            compare("rename-exchange", exchange);
        } else {
            expectOnMount("rename-exchange", exchange, Map.of(
                    "exchange two files", "! EINVAL",
                    "contents", "= [b'A', b'B']",
                    "exchange a file and a dir", "! EINVAL"));
        }
    }

    /**
     * link(2): nlink counts, writes visible through every name, EEXIST, EPERM for directories, directory
     * link counts, a hard link to a symbolic link.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void hardLinks() throws IOException {
        compare("hard-links", """
                put("f", "data")
                ok("link", lambda: os.link("f", "l1"))
                show("nlink", lambda: os.stat("f").st_nlink)
                ok("link again", lambda: os.link("f", "l2"))
                show("st", lambda: st("f"))
                show("same content", lambda: data("l2"))
                fd = os.open("l1", os.O_WRONLY | os.O_APPEND)
                os.write(fd, b"+more")
                os.close(fd)
                show("write through one name, read through another", lambda: data("l2"))
                ok("link onto an existing name", lambda: os.link("f", "l1"))
                ok("link a missing file", lambda: os.link("missing", "x"))
                os.mkdir("d")
                ok("link a directory", lambda: os.link("d", "dlink"))
                ok("link into a missing dir", lambda: os.link("f", "nodir/x"))
                ok("unlink one name", lambda: os.unlink("f"))
                show("st l1", lambda: st("l1"))
                ok("unlink another", lambda: os.unlink("l1"))
                show("st l2", lambda: st("l2"))
                show("names", names)
                os.makedirs("top/a")
                os.makedirs("top/b")
                put("top/file", "x")
                show("dir nlink with two subdirs", lambda: os.stat("top").st_nlink)
                os.rmdir("top/a")
                show("dir nlink after rmdir", lambda: os.stat("top").st_nlink)
                os.symlink("l2", "sl")
                ok("link a symlink", lambda: os.link("sl", "sl2", follow_symlinks=False))
                show("the link is a symlink", lambda: st("sl2"))
                show("its target", lambda: os.readlink("sl2"))
                """);
    }

    /**
     * Symbolic links: dangling, loops (ELOOP), the 40-link limit, directory links, readlink on a
     * non-link (EINVAL), target length limits, relative targets, rmdir and unlink of links.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void symbolicLinks() throws IOException {
        compare("symlinks", """
                ok("dangling symlink", lambda: os.symlink("nowhere", "dang"))
                show("lstat dangling", lambda: st("dang"))
                show("stat dangling", lambda: os.stat("dang").st_size)
                show("readlink", lambda: os.readlink("dang"))
                ok("open dangling", lambda: os.close(os.open("dang", os.O_RDONLY)))
                ok("symlink onto an existing name", lambda: os.symlink("x", "dang"))
                os.symlink("b", "a")
                os.symlink("a", "b")
                show("stat a loop", lambda: os.stat("a"))
                ok("open a loop", lambda: os.close(os.open("a", os.O_RDONLY)))
                show("lstat a loop", lambda: st("a"))
                os.symlink("self", "self")
                show("stat a self loop", lambda: os.stat("self"))
                put("end", "reached")
                prev = "end"
                for i in range(40):
                    os.symlink(prev, "c%d" % i)
                    prev = "c%d" % i
                show("chain of 40", lambda: data("c39"))
                os.symlink("c39", "c40")
                show("chain of 41", lambda: data("c40"))
                os.mkdir("realdir")
                put("realdir/in", "inside")
                os.symlink("realdir", "dirlink")
                show("through a dir symlink", lambda: data("dirlink/in"))
                show("list through a dir symlink", lambda: names("dirlink"))
                show("trailing slash follows", lambda: st("dirlink/"))
                show("readlink on a file", lambda: os.readlink("end"))
                ok("target of 4095 bytes", lambda: os.symlink("x" * 4095, "long4095"))
                show("readlink 4095", lambda: len(os.readlink("long4095")))
                show("lstat 4095", lambda: st("long4095"))
                ok("target of 4096 bytes", lambda: os.symlink("x" * 4096, "long4096"))
                os.makedirs("s/t")
                os.symlink("../end", "s/up")
                show("relative target", lambda: data("s/up"))
                ok("absolute target", lambda: os.symlink("/nonexistent/path", "abs"))
                show("readlink absolute", lambda: os.readlink("abs"))
                ok("rmdir a dir symlink", lambda: os.rmdir("dirlink"))
                ok("unlink a dir symlink", lambda: os.unlink("dirlink"))
                show("target dir kept", lambda: names("realdir"))
                ok("mkdir over a dangling symlink", lambda: os.mkdir("dang"))
                show("names", names)
                """);
    }

    /**
     * mkdir/rmdir/unlink errors, a 600-entry listing, and listing consistency while entries are added
     * and removed: every entry that stays is returned exactly once, nothing twice.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void directoriesAndListingConsistency() throws IOException {
        compare("directories", """
                ok("mkdir", lambda: os.mkdir("d", 0o750))
                show("st", lambda: st("d"))
                ok("mkdir existing", lambda: os.mkdir("d"))
                put("f", "x")
                ok("mkdir over a file", lambda: os.mkdir("f"))
                ok("mkdir in a missing dir", lambda: os.mkdir("x/y"))
                put("d/x", "x")
                ok("rmdir non-empty", lambda: os.rmdir("d"))
                ok("rmdir a file", lambda: os.rmdir("f"))
                ok("unlink a dir", lambda: os.unlink("d"))
                ok("rmdir dot", lambda: os.rmdir("d/."))
                ok("rmdir dotdot", lambda: os.rmdir("d/.."))
                ok("rmdir missing", lambda: os.rmdir("missing"))
                os.mkdir("many")
                for i in range(600):
                    put("many/f%04d" % i, "")
                check("600 names", names("many") == ["f%04d" % i for i in range(600)])
                check("scandir sees files", all(e.is_file() for e in os.scandir("many")))
                os.mkdir("churn")
                for i in range(300):
                    put("churn/keep%03d" % i, "")
                    put("churn/gone%03d" % i, "")
                seen = []
                with os.scandir("churn") as it:
                    for n, e in enumerate(it):
                        seen.append(e.name)
                        if n % 2 == 0 and n // 2 < 300:
                            os.unlink("churn/gone%03d" % (n // 2))
                            put("churn/new%03d" % (n // 2), "")
                check("every kept entry seen exactly once", all(seen.count("keep%03d" % i) == 1 for i in range(300)))
                check("no entry seen twice", len(seen) == len(set(seen)))
                check("only known names", all(s[:4] in ("keep", "gone", "new0", "new1", "new2") for s in seen))
                show("entries at the end", lambda: len(names("churn")))
                """);
    }

    /**
     * telldir(3)/seekdir(3)/rewinddir(3) on a 200-entry directory: seeking back returns the same entries,
     * rewinding lists everything once, seeking to the end reads nothing.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void seekdirTelldir() throws IOException {
        compare("seekdir", """
                for i in range(200):
                    put("e%03d" % i, "")
                d = Dir(".")
                first = d.read_n(50)
                pos = d.tell()
                a = d.read_n(30)
                d.read_n(20)
                d.seek(pos)
                b = d.read_n(30)
                check("seekdir returns to the same entries", a == b and len(a) == 30)
                d.rewind()
                everything = d.read_all()
                check("rewinddir lists everything", sorted(everything) == sorted(names() + [".", ".."]))
                check("no duplicates", len(everything) == len(set(everything)))
                d.rewind()
                p0 = d.tell()
                x = d.read_n(5)
                d.read_n(100)
                d.seek(p0)
                check("seek to the start", d.read_n(5) == x)
                d.read_all()
                pend = d.tell()
                d.rewind()
                d.seek(pend)
                check("seek to the end reads nothing", d.read() is None)
                d.seek(pos)
                os.unlink(a[0]) if a[0] not in (".", "..") else None
                rest = d.read_all()
                check("after unlinking, the rest is still listed", set(b[1:]) <= set(rest))
                d.close()
                """);
    }

    // ------------------------------------------------------------------------------------------------
    // permissions, ownership, times
    // ------------------------------------------------------------------------------------------------

    /**
     * Permission bits enforced by the kernel ({@code default_permissions}) for an unprivileged user:
     * reading a 0600 file, writing a 0644 file, creating in a 0755 directory, traversal without x,
     * the sticky bit, chmod/chown of others' files, access(2), clearing setuid on write.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void permissionsAsAnotherUser() throws IOException {
        List<PosixProbe.Run> runs = compare("permissions", """
                os.chmod(".", 0o755)
                def mk(name, content, mode):
                    put(name, content)
                    os.chmod(name, mode)
                mk("secret", "s", 0o600)
                mk("public", "p", 0o644)
                mk("shared", "w", 0o666)
                mk("script", "#!/bin/sh", 0o755)
                mk("suid", "program", 0o4777)
                os.mkdir("closed")
                os.chmod("closed", 0o700)
                put("closed/inner", "i")
                os.mkdir("open")
                os.chmod("open", 0o777)
                os.mkdir("sticky")
                os.chmod("sticky", 0o1777)
                mk("sticky/roots", "r", 0o666)
                os.mkdir("noexec")
                put("noexec/f", "x")
                os.chmod("noexec", 0o774)
                os.mkdir("mine")
                os.chown("mine", 65534, 65534)
                for n in ("secret", "public", "shared", "suid", "closed", "open", "sticky", "noexec", "mine"):
                    show("st " + n, lambda: st(n))
                """, """
                show("read a 0600 file", lambda: data("secret"))
                show("read a 0644 file", lambda: data("public"))
                ok("open a 0644 file for writing", lambda: os.close(os.open("public", os.O_WRONLY)))
                ok("write a 0666 file", lambda: put("shared", "nobody was here"))
                show("st of the written file", lambda: st("shared"))
                ok("create in a 0755 dir", lambda: put("new", "x"))
                ok("unlink in a 0755 dir", lambda: os.unlink("public"))
                ok("list a 0700 dir", lambda: os.listdir("closed"))
                ok("stat in a 0700 dir", lambda: os.stat("closed/inner"))
                ok("stat through a dir without x", lambda: os.stat("noexec/f"))
                show("list a dir without x", lambda: names("noexec"))
                ok("create in a 0777 dir", lambda: put("open/mine", "m"))
                show("owner of the new file", lambda: st("open/mine"))
                ok("unlink another's file in a sticky dir", lambda: os.unlink("sticky/roots"))
                ok("rename another's file in a sticky dir", lambda: os.rename("sticky/roots", "sticky/moved"))
                ok("create in a sticky dir", lambda: put("sticky/own", "o"))
                ok("unlink own file in a sticky dir", lambda: os.unlink("sticky/own"))
                ok("chmod another's file", lambda: os.chmod("shared", 0o777))
                ok("chown own file to root", lambda: os.chown("open/mine", 0, 0))
                ok("chown own file to self", lambda: os.chown("open/mine", 65534, 65534))
                ok("chmod own file", lambda: os.chmod("open/mine", 0o600))
                show("st after chmod", lambda: st("open/mine"))
                show("access R_OK on 0600", lambda: os.access("secret", os.R_OK))
                show("access W_OK on 0666", lambda: os.access("shared", os.W_OK))
                show("access X_OK on 0755", lambda: os.access("script", os.X_OK))
                show("access X_OK on 0644", lambda: os.access("public", os.X_OK))
                ok("truncate a 0644 file", lambda: os.truncate("public", 0))
                ok("mkdir in own dir", lambda: os.mkdir("mine/sub"))
                show("st of own subdir", lambda: st("mine/sub"))
                ok("write a setuid file", lambda: put("suid", "changed"))
                show("setuid cleared by the write", lambda: st("suid"))
                """);
        assertThat(runs.get(1).outcome("read a 0600 file"))
                .as("the kernel enforces modes with default_permissions").isEqualTo("! EACCES");
    }

    /**
     * chown/chmod as root: owner and group changes, -1 keeps a field, setuid/setgid cleared by chown,
     * the setgid directory rule for new entries.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void ownership() throws IOException {
        compare("ownership", """
                put("f", "x")
                ok("chown", lambda: os.chown("f", 1234, 5678))
                show("st", lambda: st("f"))
                ok("chown group only", lambda: os.chown("f", -1, 42))
                show("st", lambda: st("f"))
                os.chmod("f", 0o6755)
                show("st setuid+setgid", lambda: st("f"))
                ok("chown clears setuid and setgid", lambda: os.chown("f", 1234, 42))
                show("st after chown", lambda: st("f"))
                os.mkdir("sg")
                os.chown("sg", 0, 4242)
                os.chmod("sg", 0o2775)
                put("sg/file", "x")
                os.mkdir("sg/sub")
                show("file in a setgid dir", lambda: st("sg/file"))
                show("subdir of a setgid dir", lambda: st("sg/sub"))
                os.symlink("f", "ln")
                ok("lchown a symlink", lambda: os.chown("ln", 77, 88, follow_symlinks=False))
                show("symlink owner", lambda: st("ln"))
                show("target owner unchanged", lambda: st("f"))
                ok("chmod all bits", lambda: os.chmod("f", 0o7777))
                show("st", lambda: st("f"))
                ok("chmod missing", lambda: os.chmod("missing", 0o644))
                """);
    }

    /**
     * utimensat(2) rules: exact nanoseconds, UTIME_OMIT, UTIME_NOW, times before 1970, invalid
     * nanoseconds, no-follow on links, what writes/truncate/chmod/create change; as an unprivileged user:
     * "now" on a writable file is allowed, explicit times are not (EPERM), "now" on a read-only file is
     * EACCES.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void timestamps() throws IOException {
        compare("times", """
                import time
                put("t", "x")
                os.chmod("t", 0o666)
                ok("explicit times", lambda: utimensat("t", (1000000000, 123456789), (1500000000, 987654321)))
                show("atime_ns", lambda: os.stat("t").st_atime_ns)
                show("mtime_ns", lambda: os.stat("t").st_mtime_ns)
                c0 = os.stat("t").st_ctime_ns
                ok("omit atime", lambda: utimensat("t", UTIME_OMIT, (1600000000, 5)))
                show("atime kept", lambda: os.stat("t").st_atime_ns)
                show("mtime set", lambda: os.stat("t").st_mtime_ns)
                ok("now for mtime", lambda: utimensat("t", UTIME_OMIT, UTIME_NOW))
                check("mtime is now", abs(os.stat("t").st_mtime_ns - time.time_ns()) < 5 * 10**9)
                check("ctime moved", os.stat("t").st_ctime_ns >= c0)
                ok("both now", lambda: utimensat("t", None, None))
                check("atime is now", abs(os.stat("t").st_atime_ns - time.time_ns()) < 5 * 10**9)
                utimensat("t", (1000, 0), (1000, 0))
                fd = os.open("t", os.O_WRONLY | os.O_APPEND)
                os.write(fd, b"more")
                os.close(fd)
                check("write sets mtime", os.stat("t").st_mtime > 1000)
                utimensat("t", (1000, 0), (1000, 0))
                os.truncate("t", 1)
                check("truncate sets mtime", os.stat("t").st_mtime > 1000)
                utimensat("t", (1000, 0), (1000, 0))
                c1 = os.stat("t").st_ctime_ns
                os.chmod("t", 0o644)
                show("chmod keeps mtime", lambda: os.stat("t").st_mtime_ns)
                check("chmod moves ctime", os.stat("t").st_ctime_ns >= c1)
                os.mkdir("d")
                utimensat("d", (1000, 0), (1000, 0))
                put("d/x", "")
                check("create sets the dir mtime", os.stat("d").st_mtime > 1000)
                utimensat("d", (1000, 0), (1000, 0))
                os.unlink("d/x")
                check("unlink sets the dir mtime", os.stat("d").st_mtime > 1000)
                os.symlink("t", "ln")
                ok("no-follow on a symlink", lambda: utimensat("ln", (2000, 0), (3000, 0), follow=False))
                show("symlink mtime", lambda: os.lstat("ln").st_mtime_ns)
                show("target mtime unchanged", lambda: os.stat("t").st_mtime_ns)
                ok("times before 1970", lambda: utimensat("t", (-1, 0), (-86400, 0)))
                show("negative mtime", lambda: os.stat("t").st_mtime_ns)
                ok("invalid nanoseconds", lambda: utimensat("t", (0, 1000000000), (0, 0)))
                ok("missing file", lambda: utimensat("missing", None, None))
                put("shared", "s")
                os.chmod("shared", 0o666)
                put("ro", "r")
                os.chmod("ro", 0o644)
                utimensat("ro", (1000, 0), (1000, 0))
                """, """
                import time
                ok("now on another's writable file", lambda: utimensat("shared", None, None))
                ok("UTIME_NOW on another's writable file", lambda: utimensat("shared", UTIME_NOW, UTIME_NOW))
                ok("explicit times on another's writable file", lambda: utimensat("shared", (5, 0), (5, 0)))
                ok("now on another's read-only file", lambda: utimensat("ro", None, None))
                ok("omit both on another's file", lambda: utimensat("ro", UTIME_OMIT, UTIME_OMIT))
                show("read-only file unchanged", lambda: os.stat("ro").st_mtime_ns)
                """);
    }

    // ------------------------------------------------------------------------------------------------
    // xattrs, statfs, name limits, fsync, mmap, special files
    // ------------------------------------------------------------------------------------------------

    /**
     * Extended attributes in the {@code user.} namespace: XATTR_CREATE/XATTR_REPLACE (EEXIST, ENODATA),
     * size probes, ERANGE for small buffers and for a 256-byte name, empty values, symlinks (EPERM),
     * directories; an unprivileged user may read but not write another's attributes.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void extendedAttributes() throws IOException {
        compare("xattrs", """
                put("x", "v")
                ok("create new", lambda: os.setxattr("x", "user.a", b"1", os.XATTR_CREATE))
                ok("create existing", lambda: os.setxattr("x", "user.a", b"1", os.XATTR_CREATE))
                ok("replace existing", lambda: os.setxattr("x", "user.a", b"22", os.XATTR_REPLACE))
                ok("replace missing", lambda: os.setxattr("x", "user.b", b"1", os.XATTR_REPLACE))
                show("get", lambda: os.getxattr("x", "user.a"))
                show("get missing", lambda: os.getxattr("x", "user.missing"))
                show("size probe", lambda: getxattr_sized("x", "user.a", 0))
                show("exact buffer", lambda: getxattr_sized("x", "user.a", 2))
                show("buffer too small", lambda: getxattr_sized("x", "user.a", 1))
                show("size probe of a missing name", lambda: getxattr_sized("x", "user.missing", 0))
                ok("empty value", lambda: os.setxattr("x", "user.empty", b""))
                show("get empty", lambda: os.getxattr("x", "user.empty"))
                show("list", lambda: sorted(os.listxattr("x")))
                show("list size probe", lambda: listxattr_sized("x", 0))
                show("list buffer too small", lambda: listxattr_sized("x", 3))
                show("list exact buffer", lambda: listxattr_sized("x", listxattr_sized("x", 0)))
                ok("remove", lambda: os.removexattr("x", "user.empty"))
                ok("remove missing", lambda: os.removexattr("x", "user.empty"))
                ok("name of 255 bytes", lambda: os.setxattr("x", "user." + "n" * 250, b"v"))
                ok("name of 256 bytes", lambda: os.setxattr("x", "user." + "n" * 251, b"v"))
                ok("empty name", lambda: os.setxattr("x", "", b"v"))
                ok("remove the long name", lambda: os.removexattr("x", "user." + "n" * 250))
                ok("value of 1000 bytes", lambda: os.setxattr("x", "user.big", b"b" * 1000))
                show("big value size", lambda: getxattr_sized("x", "user.big", 0))
                show("big value round trip", lambda: os.getxattr("x", "user.big") == b"b" * 1000)
                os.symlink("x", "ln")
                ok("user xattr on a symlink", lambda: os.setxattr("ln", "user.a", b"1", follow_symlinks=False))
                show("get user xattr of a symlink", lambda: os.getxattr("ln", "user.a", follow_symlinks=False))
                show("get through a symlink", lambda: os.getxattr("ln", "user.a"))
                os.mkdir("d")
                ok("xattr on a dir", lambda: os.setxattr("d", "user.d", b"dir"))
                show("get on a dir", lambda: os.getxattr("d", "user.d"))
                ok("xattr on a missing file", lambda: os.setxattr("missing", "user.a", b"1"))
                fd = os.open("x", os.O_RDONLY)
                show("fgetxattr", lambda: os.getxattr(fd, "user.a"))
                os.close(fd)
                os.chmod("x", 0o644)
                """, """
                show("read another's xattr", lambda: os.getxattr("x", "user.a"))
                ok("set another's xattr", lambda: os.setxattr("x", "user.z", b"1"))
                ok("remove another's xattr", lambda: os.removexattr("x", "user.a"))
                """);
    }

    /**
     * statvfs(2) sanity (the numbers themselves differ from the disk's): name limit 255, positive block
     * sizes, free blocks within the total, fstatvfs agrees, ENOENT for a missing path.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void statfs() throws IOException {
        compare("statfs", """
                v = os.statvfs(".")
                check("name limit is 255", v.f_namemax == 255)
                check("block sizes positive", v.f_bsize > 0 and v.f_frsize > 0)
                check("free within total", v.f_bfree <= v.f_blocks)
                check("available within free", v.f_bavail <= v.f_bfree)
                fd = os.open(".", os.O_RDONLY)
                check("fstatvfs agrees", os.fstatvfs(fd).f_namemax == v.f_namemax)
                os.close(fd)
                ok("statvfs of a missing path", lambda: os.statvfs("missing"))
                """);
    }

    /**
     * ENAMETOOLONG: 255-byte names work, 256-byte names fail for every call that creates or looks up a
     * name (also with multi-byte characters), names over the kernel's FUSE limit, paths over PATH_MAX.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void nameLengthLimits() throws IOException {
        compare("names", """
                n255 = "a" * 255
                n256 = "a" * 256
                ok("create a 255-byte name", lambda: put(n255, "x"))
                check("listed", n255 in os.listdir("."))
                ok("create a 256-byte name", lambda: put(n256, "x"))
                ok("stat a 256-byte name", lambda: os.stat(n256))
                ok("mkdir a 256-byte name", lambda: os.mkdir(n256))
                ok("symlink named with 256 bytes", lambda: os.symlink("x", n256))
                ok("link to a 256-byte name", lambda: os.link(n255, n256))
                ok("rename to a 256-byte name", lambda: os.rename(n255, n256))
                ok("stat a 1100-byte name", lambda: os.stat("b" * 1100))
                ok("255 bytes of 3-byte characters", lambda: put("\\u2713" * 85, "u"))
                ok("258 bytes of 3-byte characters", lambda: put("\\u2713" * 86, "u"))
                deep = "/".join(["d" * 200] * 20)
                ok("nested dirs up to 4019 bytes", lambda: os.makedirs(deep))
                ok("path over PATH_MAX", lambda: os.stat(deep + "/" + "e" * 100))
                for i in range(20, 0, -1):
                    os.rmdir("/".join(["d" * 200] * i))
                show("names", lambda: len(names()))
                """);
    }

    /**
     * fsync, fdatasync, fsync of a read-only descriptor and of a directory, O_SYNC and O_DSYNC writes.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void fsyncVariants() throws IOException {
        compare("fsync", """
                fd = os.open("f", os.O_RDWR | os.O_CREAT, 0o644)
                os.write(fd, b"x" * 10000)
                ok("fsync", lambda: os.fsync(fd))
                ok("fdatasync", lambda: os.fdatasync(fd))
                os.close(fd)
                fd = os.open("f", os.O_RDONLY)
                ok("fsync a read-only descriptor", lambda: os.fsync(fd))
                os.close(fd)
                dfd = os.open(".", os.O_RDONLY | os.O_DIRECTORY)
                ok("fsync a directory", lambda: os.fsync(dfd))
                ok("fdatasync a directory", lambda: os.fdatasync(dfd))
                os.close(dfd)
                ok("sync", os.sync)
                fd = os.open("f", os.O_RDWR | os.O_SYNC)
                show("O_SYNC write", lambda: os.pwrite(fd, b"sync", 0))
                os.close(fd)
                fd = os.open("f", os.O_RDWR | os.O_DSYNC)
                show("O_DSYNC write", lambda: os.pwrite(fd, b"dsync", 100))
                os.close(fd)
                show("content", lambda: crc("f"))
                """);
    }

    /**
     * mmap(2): shared writes reach the file (msync, pread), pwrite reaches the mapping, private writes do
     * not reach the file, mappings at an offset, empty files, a writable shared mapping of a read-only
     * descriptor (EACCES).
     *
     * @throws IOException on setup failures
     */
    @Test
    public void memoryMapping() throws IOException {
        compare("mmap", """
                put("m", bytes(range(256)) * 64)
                fd = os.open("m", os.O_RDWR)
                mm = mmap.mmap(fd, 16384, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
                show("mmap read", lambda: zlib.crc32(mm[:]))
                mm[100:105] = b"HELLO"
                mm[8190:8194] = b"XBND"
                ok("msync", mm.flush)
                show("pread sees the mmap write", lambda: os.pread(fd, 5, 100))
                show("pread across a page boundary", lambda: os.pread(fd, 4, 8190))
                os.pwrite(fd, b"WORLD", 200)
                show("mapping sees pwrite", lambda: mm[200:205])
                mm.close()
                os.close(fd)
                show("after close", lambda: crc("m"))
                fd = os.open("m", os.O_RDWR)
                pm = mmap.mmap(fd, 4096, mmap.MAP_PRIVATE, mmap.PROT_READ | mmap.PROT_WRITE)
                pm[0:4] = b"PRIV"
                show("private write stays private", lambda: os.pread(fd, 4, 0))
                pm.close()
                om = mmap.mmap(fd, 4096, mmap.MAP_SHARED, mmap.PROT_READ, offset=8192)
                show("mapping at an offset", lambda: om[0:4])
                om.close()
                os.close(fd)
                put("empty", b"")
                efd = os.open("empty", os.O_RDONLY)
                show("map an empty file", lambda: mmap.mmap(efd, 0, mmap.MAP_SHARED, mmap.PROT_READ))
                os.close(efd)
                rfd = os.open("m", os.O_RDONLY)
                ok("shared writable map of a read-only descriptor", lambda: mmap.mmap(rfd, 4096, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE))
                ok("private writable map of a read-only descriptor", lambda: mmap.mmap(rfd, 4096, mmap.MAP_PRIVATE, mmap.PROT_READ | mmap.PROT_WRITE).close())
                os.close(rfd)
                fd = os.open("grow", os.O_RDWR | os.O_CREAT, 0o644)
                os.ftruncate(fd, 8192)
                gm = mmap.mmap(fd, 8192)
                gm[4000:4010] = b"0123456789"
                gm.flush()
                gm.close()
                os.close(fd)
                show("mapped write into a truncated-up file", lambda: crc("grow"))
                """);
    }

    /**
     * mknod(2) of a FIFO and a regular file; with {@link PosixCapabilities#specialFiles()} off, FIFOs
     * must be refused with EPERM.
     *
     * @throws IOException on setup failures
     */
    @Test
    public void specialFiles() throws IOException {
        compare("mknod-regular", """
                ok("mknod a regular file", lambda: os.mknod("r", stat.S_IFREG | 0o640))
                show("st", lambda: st("r"))
                ok("mknod existing", lambda: os.mknod("r", stat.S_IFREG | 0o640))
                """);
        String fifo = """
                ok("mkfifo", lambda: os.mkfifo("p", 0o640))
                show("st", lambda: st("p"))
                """;
        if (capabilities().specialFiles()) {
            compare("mknod-fifo", fifo);
        } else {
            expectOnMount("mknod-fifo", fifo, Map.of("mkfifo", "! EPERM"));
        }
    }

    // ------------------------------------------------------------------------------------------------
    // security defaults
    // ------------------------------------------------------------------------------------------------

    /**
     * Without {@code allow_other} (the default) another user cannot even stat the mount root (EACCES),
     * while the mounting user (root) can; the option does not appear in the mount table.
     *
     * @throws Exception on setup failures
     */
    @Test
    public void otherUsersAreLockedOutWithoutAllowOther() throws Exception {
        assertThat(MountOptions.defaults().allowOther()).as("allow_other is off by default").isFalse();
        MountOptions closed = mountOptions().toBuilder().allowOther(false).build();
        Path parent = Files.createDirectory(scratch.resolve("closed-mount"));
        Users.openUp(parent);
        Path fsScratch = Files.createDirectory(scratch.resolve("closed-fs"));
        Users.openUp(fsScratch);
        try (TestMounts.Mount second = TestMounts.mount(parent, createFilesystem(fsScratch), transport(), dispatch(),
                closed)) {
            String mountLine = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .filter(l -> l.contains(" " + second.dir() + " ")).findFirst().orElseThrow();
            assertThat(mountLine).doesNotContain("allow_other");
            Files.writeString(second.path("f"), "root's");
            PosixProbe.Run root = probe.run(second.dir(), """
                    show("root stats the mount", lambda: st("."))
                    show("root reads", lambda: data("f"))
                    """, false);
            PosixProbe.Run nobody = probe.run(parent, "show(\"stat the mount root\", lambda: os.stat(\""
                    + second.dir().getFileName() + "\"))\n" + "show(\"read a file\", lambda: data(\""
                    + second.dir().getFileName() + "/f\"))\n", true);
            assertThat(root.outcome("root reads")).as(root.text()).isEqualTo("= b\"root's\"");
            assertThat(nobody.outcome("stat the mount root")).as(nobody.text()).isEqualTo("! EACCES");
            assertThat(nobody.outcome("read a file")).as(nobody.text()).isEqualTo("! EACCES");
        }
    }
}
