package dev.fusering.it;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.Observations;
import dev.fusering.testing.SharedMounts;
import dev.fusering.testing.Python;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import dev.fusering.testing.Trees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import java.time.Duration;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the same java.nio scenario in a directory on the local disk and in a directory of a mounted
 * {@link MemoryFilesystem}, and requires both runs to observe the same things: contents, sorted listings,
 * the stat fields that must agree (type and permission bits, size, link count, owner), link targets, and
 * the exception type and errno text of every failing operation.
 *
 * <p>One filesystem is mounted per (transport, dispatch) pair and shared by the scenarios, each of which
 * works in its own subdirectory and removes it afterwards. Entry and attribute timeouts are 0, so every
 * operation reaches the filesystem.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MemoryVsDiskTest {

    private static final String MATRIX = "dev.fusering.testing.TransportMatrix#all";
    private static final int MIB = 1024 * 1024;

    @TempDir
    static Path tmp;

    private static final SharedMounts MOUNTS = new SharedMounts(() -> tmp, MemoryFilesystem::new);

    /** Runs a test once on each shared mount: every (transport, dispatch) pair of the matrix. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(MATRIX)
    @interface OnEachMount {
    }

    /** A scenario run once on each filesystem; it records what it sees in {@code obs}. */
    @FunctionalInterface
    interface Scenario {
        /**
         * Runs the scenario.
         *
         * @param root an empty directory to work in
         * @param obs  where to record observations (no absolute paths)
         * @throws Exception an unexpected failure (expected ones are recorded instead)
         */
        void run(Path root, Observations obs) throws Exception;
    }

    /** Unmounts the shared filesystems. */
    @AfterAll
    static void unmount() {
        MOUNTS.close();
    }

    /**
     * Runs {@code scenario} on the disk and on the mount, compares the observations, then removes both
     * working directories.
     */
    private static void compare(Transport transport, DispatchMode dispatch, String name, Scenario scenario)
            throws Exception {
        TestMounts.Mount mount = MOUNTS.get(transport, dispatch);
        Path disk = Files.createDirectories(tmp.resolve("disk").resolve(name + "-" + transport + "-" + dispatch));
        Path mem = Files.createDirectory(mount.path(name));
        Throwable primary = null;
        try {
            Observations onDisk = new Observations();
            scenario.run(disk, onDisk);
            Observations onMount = new Observations();
            scenario.run(mem, onMount);
            assertThat(onMount.toString())
                    .as("scenario %s on the %s/%s mount (actual) vs the local disk (expected)", name, transport,
                            dispatch)
                    .isEqualTo(onDisk.toString());
        } catch (Throwable t) {
            primary = t;
            throw t;
        } finally {
            try {
                Trees.deleteRecursively(disk);
                Trees.deleteRecursively(mem);
            } catch (IOException e) {
                if (primary == null) {
                    throw e;
                }
                primary.addSuppressed(e);
            }
        }
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Renders bytes readably: printable ASCII as is, everything else as {@code \xNN}. */
    private static String text(byte[] b, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    private static String text(byte[] b) {
        return text(b, b.length);
    }

    /** Reads up to {@code len} bytes at {@code pos}: the count and the bytes. */
    private static String readAt(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len);
        int n = ch.read(buf, pos);
        return n + ":" + text(buf.array(), Math.max(n, 0));
    }

    private static boolean allZero(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    @OnEachMount
    void createWriteReadAppend(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "cwra", (root, obs) -> {
            Path f = root.resolve("a.txt");
            obs.run("write", () -> Files.writeString(f, "hello"));
            obs.attempt("read", () -> Files.readString(f));
            obs.attempt("stat", () -> Observations.stat(f));
            obs.run("append", () -> Files.writeString(f, " world", APPEND));
            obs.run("append again", () -> Files.writeString(f, "!", APPEND));
            obs.attempt("read after append", () -> Files.readString(f));
            obs.attempt("stat after append", () -> Observations.stat(f));
            obs.run("append through a channel at position 0", () -> {
                try (FileChannel ch = FileChannel.open(f, WRITE, APPEND)) {
                    ch.position(0);
                    ch.write(bytes("?"));
                }
            });
            obs.attempt("read", () -> Files.readString(f));
            obs.run("create new over existing", () -> Files.writeString(f, "x", CREATE_NEW));
            obs.run("overwrite (truncates)", () -> Files.writeString(f, "bye"));
            obs.attempt("read", () -> Files.readString(f));
            obs.run("empty file", () -> Files.write(root.resolve("empty"), new byte[0]));
            obs.attempt("read empty", () -> Files.readAllBytes(root.resolve("empty")).length);
            obs.attempt("read missing", () -> Files.readString(root.resolve("missing")));
            obs.attempt("write into missing dir", () -> Files.writeString(root.resolve("nodir/x"), "x"));
            obs.attempt("write to the directory", () -> Files.writeString(root, "x"));
            obs.attempt("read the directory", () -> Files.readAllBytes(root).length);
            obs.attempt("write below a file", () -> Files.writeString(f.resolve("x"), "x"));
            obs.run("unicode name", () -> Files.writeString(root.resolve("héllo wörld ✓"), "u"));
            obs.attempt("names", () -> Observations.names(root));
            obs.attempt("stat root", () -> Observations.stat(root));
        });
    }

    @OnEachMount
    void positionalWritesAndEof(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "pos", (root, obs) -> {
            Path f = root.resolve("p");
            try (FileChannel ch = FileChannel.open(f, CREATE_NEW, READ, WRITE)) {
                obs.attempt("write 0", () -> ch.write(bytes("0123456789"), 0));
                obs.attempt("overwrite 3", () -> ch.write(bytes("abc"), 3));
                obs.attempt("write past end", () -> ch.write(bytes("Z"), 15));
                obs.attempt("size", ch::size);
                obs.attempt("read all", () -> readAt(ch, 0, 64));
                obs.attempt("read straddling EOF", () -> readAt(ch, 12, 8));
                obs.attempt("read at EOF", () -> readAt(ch, 16, 8));
                obs.attempt("read past EOF", () -> readAt(ch, 1000, 8));
                obs.attempt("sequential write", () -> {
                    ch.position(1);
                    ch.write(bytes("XY"));
                    return ch.position();
                });
                obs.attempt("sequential read", () -> {
                    ByteBuffer b = ByteBuffer.allocate(4);
                    ch.read(b);
                    return text(b.array()) + " @" + ch.position();
                });
                obs.run("fsync", () -> ch.force(true));
                obs.run("fdatasync", () -> ch.force(false));
            }
            obs.attempt("content", () -> text(Files.readAllBytes(f)));
            obs.attempt("stat", () -> Observations.stat(f));
            obs.attempt("read-only channel write", () -> {
                try (FileChannel ch = FileChannel.open(f, READ)) {
                    return ch.write(bytes("x"), 0);
                }
            });
        });
    }

    @OnEachMount
    void sparseFile(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "sparse", (root, obs) -> {
            Path f = root.resolve("s");
            try (FileChannel ch = FileChannel.open(f, CREATE_NEW, READ, WRITE)) {
                obs.attempt("write at 10 MiB", () -> ch.write(bytes("x"), 10L * MIB));
                obs.attempt("size", ch::size);
                obs.attempt("zeros at 0", () -> {
                    ByteBuffer b = ByteBuffer.allocate(8192);
                    int n = ch.read(b, 0);
                    return n + " " + allZero(b.array(), n);
                });
                obs.attempt("zeros at 5 MiB", () -> {
                    ByteBuffer b = ByteBuffer.allocate(65536);
                    int n = ch.read(b, 5L * MIB + 123);
                    return n + " " + allZero(b.array(), n);
                });
                obs.attempt("tail", () -> readAt(ch, 10L * MIB - 2, 8));
            }
            obs.attempt("Files.size", () -> Files.size(f));
            obs.attempt("stat", () -> Observations.stat(f));
            obs.attempt("whole file", () -> {
                byte[] all = Files.readAllBytes(f);
                return all.length + " " + allZero(all, all.length - 1) + " " + (char) all[all.length - 1];
            });
        });
    }

    @OnEachMount
    void truncateUpAndDown(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "trunc", (root, obs) -> {
            Path f = root.resolve("t");
            byte[] pattern = new byte[100];
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = (byte) ('a' + i % 26);
            }
            obs.run("write 100", () -> Files.write(f, pattern));
            try (FileChannel ch = FileChannel.open(f, READ, WRITE)) {
                obs.attempt("truncate to 40", () -> ch.truncate(40).size());
                obs.attempt("truncate to 80 (no-op)", () -> ch.truncate(80).size());
                obs.attempt("position after truncate", ch::position);
            }
            obs.attempt("content", () -> text(Files.readAllBytes(f)));
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                obs.attempt("setLength 5000", () -> {
                    raf.setLength(5000);
                    return raf.length();
                });
                obs.attempt("grown part is zero", () -> {
                    byte[] b = new byte[4960];
                    raf.seek(40);
                    raf.readFully(b);
                    return allZero(b, b.length);
                });
                obs.attempt("setLength 10", () -> {
                    raf.setLength(10);
                    return raf.length();
                });
                obs.attempt("setLength 0", () -> {
                    raf.setLength(0);
                    return raf.length();
                });
                obs.attempt("write after shrink", () -> {
                    raf.seek(3);
                    raf.write('q');
                    return raf.length();
                });
            }
            obs.attempt("content", () -> text(Files.readAllBytes(f)));
            obs.attempt("stat", () -> Observations.stat(f));
            obs.run("truncate on open", () -> Files.newOutputStream(f).close());
            obs.attempt("size", () -> Files.size(f));
        });
    }

    @OnEachMount
    void directories(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "dirs", (root, obs) -> {
            Path d = root.resolve("d");
            obs.run("mkdir", () -> Files.createDirectory(d));
            obs.attempt("stat", () -> Observations.stat(d));
            obs.run("mkdir again", () -> Files.createDirectory(d));
            obs.run("mkdir with missing parent", () -> Files.createDirectory(root.resolve("x/y")));
            obs.run("mkdir -p", () -> Files.createDirectories(root.resolve("a/b/c")));
            obs.attempt("stat a (nlink counts subdirectories)", () -> Observations.stat(root.resolve("a")));
            obs.attempt("stat root", () -> Observations.stat(root));
            obs.run("file in d", () -> Files.writeString(d.resolve("f"), "f"));
            obs.run("rmdir non-empty", () -> Files.delete(d));
            obs.attempt("tree", () -> Observations.tree(root));
            obs.run("unlink the file", () -> Files.delete(d.resolve("f")));
            obs.run("rmdir", () -> Files.delete(d));
            obs.run("rmdir again", () -> Files.delete(d));
            obs.attempt("deleteIfExists missing", () -> Files.deleteIfExists(d));
            obs.run("delete missing file", () -> Files.delete(root.resolve("missing.txt")));
            obs.run("file", () -> Files.writeString(root.resolve("file"), "x"));
            obs.attempt("list a file", () -> {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(root.resolve("file"))) {
                    return s.iterator().hasNext();
                }
            });
            obs.run("mkdir below a file", () -> Files.createDirectory(root.resolve("file/sub")));
            obs.run("mkdir over a file", () -> Files.createDirectory(root.resolve("file")));
            obs.run("rm -r a", () -> Trees.deleteRecursively(root.resolve("a")));
            obs.attempt("names", () -> Observations.names(root));
            obs.attempt("stat root", () -> Observations.stat(root));
        });
    }

    @OnEachMount
    void renames(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "ren", (root, obs) -> {
            Path a = root.resolve("a");
            Path b = root.resolve("b");
            obs.run("write a", () -> Files.writeString(a, "A"));
            obs.run("write b", () -> Files.writeString(b, "B"));
            obs.run("move a b without replace", () -> Files.move(a, b));
            obs.run("move a b replacing", () -> Files.move(a, b, StandardCopyOption.REPLACE_EXISTING));
            obs.attempt("read b", () -> Files.readString(b));
            obs.attempt("a exists", () -> Files.exists(a));
            obs.run("move missing", () -> Files.move(root.resolve("missing"), root.resolve("c")));
            obs.run("rename(2) file over file", () -> {
                Files.writeString(a, "A2");
                Files.move(a, b, StandardCopyOption.ATOMIC_MOVE);
            });
            obs.attempt("read b", () -> Files.readString(b));
            Path d1 = root.resolve("d1");
            obs.run("mkdir d1 with a file", () -> Files.writeString(Files.createDirectory(d1).resolve("x"), "X"));
            obs.run("move d1 d2", () -> Files.move(d1, root.resolve("d2")));
            obs.attempt("read d2/x", () -> Files.readString(root.resolve("d2/x")));
            obs.attempt("names", () -> Observations.names(root));
            Path sub = root.resolve("sub");
            obs.run("mkdir sub", () -> Files.createDirectory(sub));
            obs.run("move b into sub", () -> Files.move(b, sub.resolve("b")));
            obs.run("move d2 into sub", () -> Files.move(root.resolve("d2"), sub.resolve("d2")));
            obs.attempt("tree", () -> Observations.tree(root));
            obs.run("move b back renamed", () -> Files.move(sub.resolve("b"), root.resolve("b2")));
            obs.run("move a dir into itself", () -> Files.move(sub, sub.resolve("d2/inner"),
                    StandardCopyOption.ATOMIC_MOVE));
            Path e1 = root.resolve("e1");
            Path e2 = root.resolve("e2");
            obs.run("e1/x", () -> Files.writeString(Files.createDirectory(e1).resolve("x"), "x"));
            obs.run("e2/y", () -> Files.writeString(Files.createDirectory(e2).resolve("y"), "y"));
            obs.run("rename(2) dir over non-empty dir", () -> Files.move(e1, e2, StandardCopyOption.ATOMIC_MOVE));
            obs.run("move dir over non-empty dir replacing", () -> Files.move(e1, e2,
                    StandardCopyOption.REPLACE_EXISTING));
            obs.run("mkdir empty", () -> Files.createDirectory(root.resolve("empty")));
            obs.run("rename(2) dir over empty dir", () -> Files.move(e1, root.resolve("empty"),
                    StandardCopyOption.ATOMIC_MOVE));
            obs.run("rename(2) file over dir", () -> Files.move(root.resolve("b2"), e2,
                    StandardCopyOption.ATOMIC_MOVE));
            obs.run("rename(2) dir over file", () -> Files.move(e2, root.resolve("b2"),
                    StandardCopyOption.ATOMIC_MOVE));
            obs.run("rename(2) onto itself", () -> Files.move(root.resolve("b2"), root.resolve("b2"),
                    StandardCopyOption.ATOMIC_MOVE));
            obs.attempt("tree", () -> Observations.tree(root));
            obs.attempt("read empty/x", () -> Files.readString(root.resolve("empty/x")));
        });
    }

    @OnEachMount
    void copies(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "copy", (root, obs) -> {
            Path a = root.resolve("a");
            byte[] data = new byte[300_000];
            new Random(7).nextBytes(data);
            obs.run("write", () -> Files.write(a, data));
            obs.run("setLastModifiedTime", () -> Files.setLastModifiedTime(a,
                    FileTime.from(Instant.parse("2021-05-06T07:08:09.5Z"))));
            obs.run("copy with attributes", () -> Files.copy(a, root.resolve("b"),
                    StandardCopyOption.COPY_ATTRIBUTES));
            obs.attempt("same content", () -> java.util.Arrays.equals(Files.readAllBytes(root.resolve("b")), data));
            obs.attempt("copied mtime", () -> Files.getLastModifiedTime(root.resolve("b")));
            obs.run("copy over existing", () -> Files.copy(a, root.resolve("b")));
            obs.run("copy over existing replacing", () -> Files.copy(root.resolve("b"), a,
                    StandardCopyOption.REPLACE_EXISTING));
            obs.attempt("tree", () -> Observations.tree(root));
        });
    }

    @OnEachMount
    void hardLinks(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "hard", (root, obs) -> {
            Path f = root.resolve("f");
            Path h = root.resolve("h");
            obs.run("write f", () -> Files.writeString(f, "one"));
            obs.run("link h -> f", () -> Files.createLink(h, f));
            obs.attempt("nlink f", () -> Files.getAttribute(f, "unix:nlink"));
            obs.attempt("stat h", () -> Observations.stat(h));
            obs.attempt("same file", () -> Files.isSameFile(f, h));
            obs.attempt("same inode", () -> Files.getAttribute(f, "unix:ino").equals(Files.getAttribute(h,
                    "unix:ino")));
            obs.run("write through h", () -> Files.writeString(h, "two"));
            obs.attempt("read f", () -> Files.readString(f));
            obs.run("second link", () -> Files.createLink(root.resolve("h2"), h));
            obs.attempt("nlink f", () -> Files.getAttribute(f, "unix:nlink"));
            obs.run("link over existing", () -> Files.createLink(h, f));
            obs.run("link to missing", () -> Files.createLink(root.resolve("x"), root.resolve("missing")));
            obs.run("mkdir", () -> Files.createDirectory(root.resolve("dir")));
            obs.run("link to a directory", () -> Files.createLink(root.resolve("dirlink"), root.resolve("dir")));
            obs.run("delete f", () -> Files.delete(f));
            obs.attempt("stat h", () -> Observations.stat(h));
            obs.attempt("read h", () -> Files.readString(h));
            obs.run("delete h2", () -> Files.delete(root.resolve("h2")));
            obs.attempt("nlink h", () -> Files.getAttribute(h, "unix:nlink"));
            obs.attempt("tree", () -> Observations.tree(root));
        });
    }

    @OnEachMount
    void symbolicLinks(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "sym", (root, obs) -> {
            Path t = root.resolve("t");
            Path l = root.resolve("l");
            obs.run("write t", () -> Files.writeString(t, "target"));
            obs.run("symlink l -> t", () -> Files.createSymbolicLink(l, Path.of("t")));
            obs.attempt("readlink", () -> Files.readSymbolicLink(l));
            obs.attempt("read through", () -> Files.readString(l));
            obs.attempt("lstat", () -> Observations.stat(l));
            obs.attempt("stat (followed)", () -> Files.readAttributes(l, "unix:mode,size"));
            obs.attempt("isSymbolicLink", () -> Files.isSymbolicLink(l));
            obs.run("symlink over existing", () -> Files.createSymbolicLink(l, Path.of("t")));
            obs.attempt("readlink of a file", () -> Files.readSymbolicLink(t));
            Path dangling = root.resolve("dangling");
            obs.run("dangling", () -> Files.createSymbolicLink(dangling, Path.of("nowhere/x")));
            obs.attempt("exists (followed)", () -> Files.exists(dangling));
            obs.attempt("exists (nofollow)", () -> Files.exists(dangling, LinkOption.NOFOLLOW_LINKS));
            obs.attempt("read dangling", () -> Files.readString(dangling));
            obs.attempt("readlink dangling", () -> Files.readSymbolicLink(dangling));
            obs.attempt("nofollow attributes", () -> {
                BasicFileAttributes a = Files.readAttributes(dangling, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                return a.isSymbolicLink() + " " + a.isRegularFile() + " " + a.size();
            });
            obs.run("dir with a file", () -> Files.writeString(Files.createDirectory(root.resolve("d"))
                    .resolve("x"), "x"));
            Path dl = root.resolve("dl");
            obs.run("symlink to dir", () -> Files.createSymbolicLink(dl, Path.of("d")));
            obs.attempt("list through", () -> Observations.names(dl));
            obs.attempt("isDirectory followed / nofollow", () -> Files.isDirectory(dl) + " "
                    + Files.isDirectory(dl, LinkOption.NOFOLLOW_LINKS));
            obs.run("absolute", () -> Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc/hostname")));
            obs.attempt("readlink absolute", () -> Files.readSymbolicLink(root.resolve("abs")));
            String longTarget = "x/".repeat(600) + "end";
            obs.run("long target", () -> Files.createSymbolicLink(root.resolve("long"), Path.of(longTarget)));
            obs.attempt("readlink long", () -> Files.readSymbolicLink(root.resolve("long")).toString()
                    .equals(longTarget));
            obs.run("loop1", () -> Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2")));
            obs.run("loop2", () -> Files.createSymbolicLink(root.resolve("loop2"), Path.of("loop1")));
            obs.attempt("read loop", () -> Files.readString(root.resolve("loop1")));
            obs.run("write through link", () -> Files.writeString(l, "changed"));
            obs.attempt("read t", () -> Files.readString(t));
            obs.run("delete link", () -> Files.delete(l));
            obs.attempt("t exists", () -> Files.exists(t));
            obs.attempt("tree", () -> Observations.tree(root));
        });
    }

    @OnEachMount
    void permissionsAndOwnership(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "perm", (root, obs) -> {
            Path f = root.resolve("f");
            Path d = root.resolve("d");
            obs.run("write", () -> Files.writeString(f, "x"));
            obs.run("mkdir", () -> Files.createDirectory(d));
            obs.attempt("initial", () -> Observations.stat(f) + " / " + Observations.stat(d));
            obs.run("chmod rwxr-x---", () -> Files.setPosixFilePermissions(f,
                    PosixFilePermissions.fromString("rwxr-x---")));
            obs.attempt("permissions", () -> PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            obs.run("chmod ---------", () -> Files.setPosixFilePermissions(f,
                    PosixFilePermissions.fromString("---------")));
            obs.attempt("stat", () -> Observations.stat(f));
            obs.attempt("root reads a 000 file", () -> Files.readString(f));
            obs.run("mode 4755", () -> Files.setAttribute(f, "unix:mode", 04755));
            obs.attempt("stat", () -> Observations.stat(f));
            obs.run("chown 1234:5678", () -> {
                Files.setAttribute(f, "unix:uid", 1234);
                Files.setAttribute(f, "unix:gid", 5678);
            });
            obs.attempt("stat after chown", () -> Observations.stat(f));
            obs.attempt("owner", () -> Files.getOwner(f).getName());
            obs.run("mode 6755", () -> Files.setAttribute(f, "unix:mode", 06755));
            obs.run("write as root", () -> Files.writeString(f, "y", APPEND));
            obs.attempt("stat after write", () -> Observations.stat(f));
            obs.run("chmod dir 1777", () -> Files.setAttribute(d, "unix:mode", 01777));
            obs.run("chown dir 42:43", () -> {
                Files.setAttribute(d, "unix:uid", 42);
                Files.setAttribute(d, "unix:gid", 43);
            });
            obs.attempt("stat dir", () -> Observations.stat(d));
            obs.run("symlink", () -> Files.createSymbolicLink(root.resolve("l"), Path.of("f")));
            obs.run("lchown", () -> Files.setAttribute(root.resolve("l"), "unix:uid", 7, LinkOption.NOFOLLOW_LINKS));
            obs.attempt("stat link / target", () -> Observations.stat(root.resolve("l")) + " / "
                    + Observations.stat(f));
            obs.run("chmod missing", () -> Files.setPosixFilePermissions(root.resolve("missing"),
                    PosixFilePermissions.fromString("rwx------")));
        });
    }

    @OnEachMount
    void timestamps(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "time", (root, obs) -> {
            Path f = root.resolve("f");
            FileTime t2020 = FileTime.from(Instant.parse("2020-01-02T03:04:05.123456789Z"));
            obs.run("write", () -> Files.writeString(f, "x"));
            obs.run("set mtime", () -> Files.setLastModifiedTime(f, t2020));
            obs.attempt("mtime", () -> Files.getLastModifiedTime(f));
            obs.run("set mtime and atime", () -> Files.getFileAttributeView(f, BasicFileAttributeView.class)
                    .setTimes(FileTime.from(Instant.parse("2019-03-04T05:06:07.000000001Z")),
                            FileTime.from(Instant.parse("2018-09-10T11:12:13.999999999Z")), null));
            obs.attempt("mtime, atime", () -> {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                return a.lastModifiedTime() + " " + a.lastAccessTime();
            });
            obs.run("before the epoch", () -> Files.setLastModifiedTime(f,
                    FileTime.from(Instant.parse("1969-12-31T23:59:58.25Z"))));
            obs.attempt("mtime", () -> Files.getLastModifiedTime(f));
            obs.run("far future", () -> Files.setLastModifiedTime(f,
                    FileTime.from(Instant.parse("2200-01-01T00:00:00.75Z"))));
            obs.attempt("mtime", () -> Files.getLastModifiedTime(f));
            obs.run("back to 2020", () -> Files.setLastModifiedTime(f, t2020));
            obs.run("append", () -> Files.writeString(f, "y", APPEND));
            obs.attempt("mtime advanced by the write", () -> Files.getLastModifiedTime(f).compareTo(t2020) > 0);
            obs.run("back to 2020", () -> Files.setLastModifiedTime(f, t2020));
            obs.run("truncate", () -> {
                try (FileChannel ch = FileChannel.open(f, WRITE)) {
                    ch.truncate(1);
                }
            });
            obs.attempt("mtime advanced by the truncate", () -> Files.getLastModifiedTime(f).compareTo(t2020) > 0);
            obs.attempt("ctime advanced past 2020", () -> ((FileTime) Files.getAttribute(f, "unix:ctime"))
                    .compareTo(t2020) > 0);
            Path d = root.resolve("d");
            obs.run("mkdir", () -> Files.createDirectory(d));
            obs.run("dir mtime 2020", () -> Files.setLastModifiedTime(d, t2020));
            obs.run("create in dir", () -> Files.writeString(d.resolve("x"), "x"));
            obs.attempt("dir mtime advanced by create", () -> Files.getLastModifiedTime(d).compareTo(t2020) > 0);
            obs.run("dir mtime 2020", () -> Files.setLastModifiedTime(d, t2020));
            obs.run("delete in dir", () -> Files.delete(d.resolve("x")));
            obs.attempt("dir mtime advanced by unlink", () -> Files.getLastModifiedTime(d).compareTo(t2020) > 0);
            obs.run("symlink", () -> Files.createSymbolicLink(root.resolve("l"), Path.of("f")));
            obs.run("set link mtime (nofollow)", () -> Files.getFileAttributeView(root.resolve("l"),
                    BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(t2020, null, null));
            obs.attempt("link mtime", () -> Files.getLastModifiedTime(root.resolve("l"), LinkOption.NOFOLLOW_LINKS));
        });
    }

    @OnEachMount
    void listThousandFiles(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "list", (root, obs) -> {
            Path d = Files.createDirectory(root.resolve("many"));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String name = String.format("file-%04d", i);
                Files.writeString(d.resolve(name), Integer.toString(i));
                expected.add(name);
            }
            obs.attempt("count", () -> Observations.names(d).size());
            obs.attempt("names as expected", () -> Observations.names(d).equals(expected));
            obs.attempt("glob", () -> {
                int n = 0;
                try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "file-09*")) {
                    for (Path ignored : s) {
                        n++;
                    }
                }
                return n;
            });
            obs.attempt("stat dir nlink", () -> Files.getAttribute(d, "unix:nlink"));
            obs.attempt("content of 0777", () -> Files.readString(d.resolve("file-0777")));
            obs.run("255-byte name", () -> Files.writeString(d.resolve("n".repeat(255)), "x"));
            obs.run("256-byte name", () -> Files.writeString(d.resolve("n".repeat(256)), "x"));
            obs.attempt("lookup 256-byte name", () -> Files.exists(d.resolve("m".repeat(256))));
            obs.run("delete all", () -> Trees.deleteRecursively(d));
            obs.attempt("names", () -> Observations.names(root));
        });
    }

    @OnEachMount
    void userXattrs(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "xattr", (root, obs) -> {
            Path f = root.resolve("f");
            obs.run("write", () -> Files.writeString(f, "x"));
            UserDefinedFileAttributeView v = Files.getFileAttributeView(f, UserDefinedFileAttributeView.class);
            byte[] binary = new byte[256];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) i;
            }
            obs.attempt("list empty", v::list);
            obs.attempt("write k1", () -> v.write("k1", bytes("value1")));
            obs.attempt("write k2 binary", () -> v.write("k2", ByteBuffer.wrap(binary)));
            obs.attempt("write empty", () -> v.write("empty", ByteBuffer.allocate(0)));
            obs.attempt("write 2000 bytes", () -> v.write("big", ByteBuffer.wrap(new byte[2000])));
            obs.attempt("list", () -> v.list().stream().sorted().toList());
            obs.attempt("size k1", () -> v.size("k1"));
            obs.attempt("read k1", () -> {
                ByteBuffer b = ByteBuffer.allocate(64);
                int n = v.read("k1", b);
                return n + ":" + text(b.array(), n);
            });
            obs.attempt("read k2 equal", () -> java.util.Arrays.equals((byte[]) Files.getAttribute(f, "user:k2"),
                    binary));
            obs.attempt("size empty", () -> v.size("empty"));
            obs.attempt("size big", () -> v.size("big"));
            obs.attempt("read into too small buffer", () -> v.read("k1", ByteBuffer.allocate(2)));
            obs.attempt("overwrite k1", () -> v.write("k1", bytes("a longer value")));
            obs.attempt("read k1", () -> new String((byte[]) Files.getAttribute(f, "user:k1"),
                    StandardCharsets.UTF_8));
            obs.run("delete k1", () -> v.delete("k1"));
            obs.attempt("list", () -> v.list().stream().sorted().toList());
            obs.attempt("read deleted", () -> v.size("k1"));
            obs.run("delete missing", () -> v.delete("nothing"));
            obs.run("xattr on a directory", () -> Files.getFileAttributeView(root, UserDefinedFileAttributeView.class)
                    .write("dirattr", bytes("d")));
            obs.attempt("read directory xattr", () -> new String((byte[]) Files.getAttribute(root, "user:dirattr"),
                    StandardCharsets.UTF_8));
            obs.attempt("xattr of missing file", () -> Files.getAttribute(root.resolve("missing"), "user:k"));
        });
    }

    @OnEachMount
    void unlinkOpenFile(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "unlinkopen", (root, obs) -> {
            Path f = root.resolve("f");
            try (FileChannel ch = FileChannel.open(f, CREATE_NEW, READ, WRITE)) {
                obs.attempt("write", () -> ch.write(bytes("hello"), 0));
                obs.run("delete while open", () -> Files.delete(f));
                obs.attempt("exists", () -> Files.exists(f));
                obs.attempt("names", () -> Observations.names(root));
                obs.attempt("write after delete", () -> ch.write(bytes(" world"), 5));
                obs.attempt("size", ch::size);
                obs.attempt("read after delete", () -> readAt(ch, 0, 64));
                obs.run("recreate the name", () -> Files.writeString(f, "new"));
                obs.attempt("read new", () -> Files.readString(f));
                obs.attempt("read old", () -> readAt(ch, 0, 64));
                obs.attempt("truncate old", () -> ch.truncate(5).size());
                obs.attempt("read old", () -> readAt(ch, 0, 64));
                obs.attempt("new untouched", () -> Files.readString(f));
            }
            obs.attempt("names", () -> Observations.names(root));
            try (FileChannel ch = FileChannel.open(f, READ)) {
                obs.run("rename over the open file", () -> {
                    Files.writeString(root.resolve("g"), "ggg");
                    Files.move(root.resolve("g"), f, StandardCopyOption.ATOMIC_MOVE);
                });
                obs.attempt("read replaced (old contents)", () -> readAt(ch, 0, 64));
                obs.attempt("read name", () -> Files.readString(f));
            }
        });
    }

    @OnEachMount
    void bigFileChecksum(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "big", (root, obs) -> {
            Path f = root.resolve("big");
            Random rnd = new Random(42);
            CRC32C written = new CRC32C();
            byte[] chunk = new byte[MIB];
            try (FileChannel ch = FileChannel.open(f, CREATE_NEW, WRITE)) {
                for (int i = 0; i < 64; i++) {
                    rnd.nextBytes(chunk);
                    written.update(chunk);
                    ByteBuffer b = ByteBuffer.wrap(chunk);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
            }
            obs.add("written crc", Long.toHexString(written.getValue()));
            obs.attempt("size", () -> Files.size(f));
            obs.attempt("read crc", () -> {
                CRC32C read = new CRC32C();
                ByteBuffer b = ByteBuffer.allocate(MIB + 17);
                try (FileChannel ch = FileChannel.open(f, READ)) {
                    while (ch.read(b) >= 0) {
                        b.flip();
                        read.update(b);
                        b.clear();
                    }
                }
                return Long.toHexString(read.getValue());
            });
            obs.run("delete", () -> Files.delete(f));
        });
    }

    @OnEachMount
    void memoryMapped(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "mmap", (root, obs) -> {
            Path f = root.resolve("m");
            int size = MIB + 100;
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) (i * 31);
            }
            obs.run("write", () -> Files.write(f, data));
            long[] offsets = {0, 4095, 4096, 500_000, size - 1};
            // Never map files of a mount from the JVM that serves it: a page fault or the unmapping of dirty
            // pages waits for FUSE requests that this JVM's threads must answer, and a thread faulting in Java
            // code also holds up safepoints, so the JVM can deadlock. The mapping is done by a child process.
            String script = """
                    import mmap, os, sys
                    path, size = sys.argv[1], int(sys.argv[2])
                    fd = os.open(path, os.O_RDWR)
                    m = mmap.mmap(fd, size)
                    print("mapped read", m[12345], m[size - 1])
                    for off in (0, 4095, 4096, 500000, size - 1):
                        m[off] = 0x5a
                    m.flush()
                    m[7] = 0x11
                    m.flush()
                    m.close()
                    os.ftruncate(fd, size + 5000)
                    m = mmap.mmap(fd, size + 5000)
                    m[size + 4999] = 0x77
                    m.flush()
                    m.close()
                    print("size", os.fstat(fd).st_size)
                    m = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
                    print("read-only mapping", m[7], m[12345])
                    m.close()
                    os.close(fd)
                    """;
            Shell.Result r = Shell.run(Duration.ofSeconds(60),
                    List.of(Python.executable(), "-c", script, f.toString(), String.valueOf(size)));
            obs.add("mmap in a child process", r.exitCode() + " " + r.stdout().strip() + " " + r.stderr().strip());
            obs.attempt("read back", () -> {
                byte[] all = Files.readAllBytes(f);
                StringBuilder sb = new StringBuilder(all.length + ":");
                for (long off : offsets) {
                    sb.append(' ').append(all[(int) off]);
                }
                sb.append(' ').append(all[7]).append(' ').append(all[size + 4999]).append(' ').append(all[size]);
                CRC32C crc = new CRC32C();
                crc.update(all);
                return sb.append(' ').append(Long.toHexString(crc.getValue()));
            });
            obs.attempt("stat", () -> Observations.stat(f));
        });
    }

    @OnEachMount
    void statfs(Transport transport, DispatchMode dispatch) throws Exception {
        compare(transport, dispatch, "statfs", (root, obs) -> obs.run("getFileStore",
                () -> Files.getFileStore(root).getTotalSpace()));
        TestMounts.Mount mount = MOUNTS.get(transport, dispatch);
        FileStore store = Files.getFileStore(mount.dir());
        assertThat(store.type()).startsWith("fuse");
        long total = store.getTotalSpace();
        assertThat(total).as("total space").isPositive();
        assertThat(store.getUnallocatedSpace()).as("free space").isBetween(0L, total);
        assertThat(store.getUsableSpace()).as("available space").isBetween(0L, total);
        assertThat(store.getBlockSize()).as("block size").isPositive();
    }
}
