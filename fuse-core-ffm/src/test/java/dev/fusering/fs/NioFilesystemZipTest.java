package dev.fusering.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.api.DispatchMode;
import dev.fusering.api.Transport;
import dev.fusering.testing.Shell;
import dev.fusering.testing.TestMounts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NioFilesystem} over a zip archive ({@code jdk.zipfs}) built by the test, mounted for real on both
 * transports: the mount lists exactly the archive's entries with their bytes, a read-only archive refuses
 * every change with {@code EROFS} (seen by child processes), and changes made through a writable mount are
 * in the archive once the session has ended.
 */
@Timeout(120)
class NioFilesystemZipTest {

    @TempDir
    Path tmp;

    private Path zip;
    /** Entry name to content; directory entries end with '/' and map to null. */
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    @BeforeEach
    void buildArchive() throws IOException {
        tmp = tmp.toRealPath();
        Random random = new Random(42);
        byte[] binary = new byte[300_000];
        random.nextBytes(binary);
        byte[] small = new byte[256];
        for (int i = 0; i < small.length; i++) {
            small[i] = (byte) i;
        }
        entries.put("README.txt", "hello from the archive\n".getBytes(StandardCharsets.UTF_8));
        entries.put("docs/", null);
        entries.put("docs/guide.md", "# Guide\n".getBytes(StandardCharsets.UTF_8));
        entries.put("docs/img/", null);
        entries.put("docs/img/big.bin", binary);
        entries.put("docs/img/bytes.bin", small);
        entries.put("empty/", null);
        entries.put("a/", null);
        entries.put("a/b/", null);
        entries.put("a/b/c/", null);
        entries.put("a/b/c/deep.txt", "deep".getBytes(StandardCharsets.UTF_8));
        entries.put("a/b/zero.bin", new byte[0]);
        zip = tmp.resolve("archive.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getValue() != null) {
                    out.write(e.getValue());
                }
                out.closeEntry();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.fusering.testing.TransportMatrix#offloaded")
    void mountListsTheArchiveWithItsContent(Transport transport, DispatchMode dispatch) throws Exception {
        try (TestMounts.Mount mount = TestMounts.mount(tmp, NioFilesystem.openZip(zip, true), transport, dispatch)) {
            assertThat(tree(mount.dir())).isEqualTo(new TreeSet<>(entries.keySet()));
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                Path p = mount.path(e.getKey());
                if (e.getValue() == null) {
                    assertThat(p).isDirectory();
                    assertThat(Files.getPosixFilePermissions(p)).isEqualTo(PosixFilePermissions.fromString("r-xr-xr-x"));
                } else {
                    assertThat(Files.readAllBytes(p)).as(e.getKey()).isEqualTo(e.getValue());
                    assertThat(Files.size(p)).isEqualTo(e.getValue().length);
                    assertThat(Files.getPosixFilePermissions(p)).isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
                }
            }
            Shell.Result ls = Shell.run(Duration.ofSeconds(20), List.of("ls", "-R", mount.dir().toString()));
            assertThat(ls.ok()).as(ls.stderr()).isTrue();
            assertThat(ls.stdout()).contains("deep.txt").contains("big.bin").contains("empty");
            Shell.Result cmp = Shell.run(Duration.ofSeconds(20), List.of("cmp", mount.path("docs/img/big.bin").toString(),
                mount.path("docs/img/big.bin").toString()));
            assertThat(cmp.ok()).as(cmp.stderr()).isTrue();
            Shell.Result inodes = Shell.sh(Duration.ofSeconds(20), "stat -c %i '" + mount.path("docs/guide.md")
                + "'; stat -c %i '" + mount.path("docs/guide.md") + "'");
            assertThat(inodes.stdout().lines().distinct()).as("stable inode number").hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.fusering.testing.TransportMatrix#offloaded")
    void readOnlyArchiveRefusesChangesWithErofs(Transport transport, DispatchMode dispatch) throws Exception {
        byte[] before = Files.readAllBytes(zip);
        NioFilesystem fs = NioFilesystem.openZip(zip, true);
        assertThat(fs.isReadOnly()).isTrue();
        try (TestMounts.Mount mount = TestMounts.mount(tmp, fs, transport, dispatch)) {
            String m = mount.dir().toString();
            for (String script : List.of(
                    "touch '" + m + "/new-file'",
                    "touch '" + m + "/README.txt'",
                    "echo changed > '" + m + "/README.txt'",
                    "echo new > '" + m + "/docs/new.txt'",
                    "mkdir '" + m + "/newdir'",
                    "rm '" + m + "/docs/guide.md'",
                    "rmdir '" + m + "/empty'",
                    "mv '" + m + "/README.txt' '" + m + "/moved.txt'",
                    "truncate -s 0 '" + m + "/README.txt'")) {
                Shell.Result r = Shell.sh(Duration.ofSeconds(20), script);
                assertThat(r.ok()).as(script).isFalse();
                assertThat(r.stderr()).as(script).contains("Read-only file system");
            }
            assertThat(Files.readString(mount.path("README.txt"))).isEqualTo("hello from the archive\n");
        }
        assertThat(Files.readAllBytes(zip)).isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("dev.fusering.testing.TransportMatrix#offloaded")
    void writableArchiveKeepsChangesAfterUnmount(Transport transport, DispatchMode dispatch) throws Exception {
        NioFilesystem fs = NioFilesystem.openZip(zip, false);
        assertThat(fs.isReadOnly()).isFalse();
        byte[] payload = new byte[200_000];
        new Random(7).nextBytes(payload);
        try (TestMounts.Mount mount = TestMounts.mount(tmp, fs, transport, dispatch)) {
            Files.writeString(mount.path("new.txt"), "written through the mount");
            Files.write(mount.path("docs/payload.bin"), payload);
            Files.writeString(mount.path("README.txt"), "replaced");
            Files.createDirectory(mount.path("made"));
            Files.delete(mount.path("docs/guide.md"));
            // a non-empty directory: zipfs alone would move only the directory entry
            Files.move(mount.path("a"), mount.path("made/a2"));
            assertThat(Files.readString(mount.path("made/a2/b/c/deep.txt"))).isEqualTo("deep");
            assertThat(mount.path("a")).doesNotExist();
            assertThatThrownBy(() -> Files.delete(mount.path("docs"))).isInstanceOf(DirectoryNotEmptyException.class);
            Shell.Result append = Shell.sh(Duration.ofSeconds(20), "printf ' more' >> '" + mount.path("new.txt") + "'");
            assertThat(append.ok()).as(append.stderr()).isTrue();
            assertThat(Files.readString(mount.path("new.txt"))).isEqualTo("written through the mount more");
        }
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Map<String, byte[]> found = new TreeMap<>();
            Enumeration<? extends ZipEntry> all = archive.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                found.put(e.getName(), e.isDirectory() ? null : archive.getInputStream(e).readAllBytes());
            }
            assertThat(found.get("new.txt")).asString(StandardCharsets.UTF_8).isEqualTo("written through the mount more");
            assertThat(found.get("docs/payload.bin")).isEqualTo(payload);
            assertThat(found.get("README.txt")).asString(StandardCharsets.UTF_8).isEqualTo("replaced");
            assertThat(found).containsKey("made/").doesNotContainKey("docs/guide.md");
            assertThat(found.get("made/a2/b/c/deep.txt")).asString(StandardCharsets.UTF_8).isEqualTo("deep");
            assertThat(found.keySet()).noneMatch(name -> name.startsWith("a/"));
            assertThat(found.get("docs/img/big.bin")).isEqualTo(entries.get("docs/img/big.bin"));
        }
    }

    /** Relative paths of everything below {@code root}, directories with a trailing '/'. */
    private static TreeSet<String> tree(Path root) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> !p.equals(root)).forEach(p -> {
                String name = root.relativize(p).toString();
                names.add(Files.isDirectory(p) ? name + "/" : name);
            });
        }
        return names;
    }
}
