package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.TestRequest;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static dev.fusering.fs.MemoryTestKit.assertErrno;
import static dev.fusering.fs.MemoryTestKit.pattern;
import static org.assertj.core.api.Assertions.assertThat;

/** Extended attributes of {@link MemoryFilesystem}. */
class MemoryXattrTest {

    private static final long ROOT = Filesystem.ROOT_ID;
    private static final int CREATE = 1;
    private static final int REPLACE = 2;

    private final MemoryTestKit.ManualClock clock =
            new MemoryTestKit.ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem(1 << 30, 1000, clock));
    private final long file = kit.create(ROOT, "f").node();

    @Test
    void valuesInAnyNamespaceRoundTrip() {
        kit.setxattr(file, "user.comment", "hello".getBytes(StandardCharsets.UTF_8), 0);
        kit.setxattr(file, "trusted.x", new byte[0], 0);
        kit.setxattr(file, "security.selinux", pattern(100, 1), 0);
        kit.setxattr(file, "weird", pattern(3, 2), 0);

        assertThat(kit.getxattr(file, "user.comment")).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(kit.getxattr(file, "trusted.x")).isEmpty();
        assertThat(kit.getxattr(file, "security.selinux")).isEqualTo(pattern(100, 1));
        assertThat(kit.getxattr(file, "weird")).isEqualTo(pattern(3, 2));
        kit.setxattr(ROOT, "user.root", pattern(1, 1), 0);
        assertThat(kit.getxattr(ROOT, "user.root")).isEqualTo(pattern(1, 1));
    }

    @Test
    void createAndReplaceFlags() {
        kit.setxattr(file, "user.a", pattern(1, 1), CREATE);
        assertErrno(Errno.EEXIST, () -> kit.setxattr(file, "user.a", pattern(1, 2), CREATE));
        assertErrno(Errno.ENODATA, () -> kit.setxattr(file, "user.b", pattern(1, 2), REPLACE));

        kit.setxattr(file, "user.a", pattern(2, 3), REPLACE);

        assertThat(kit.getxattr(file, "user.a")).isEqualTo(pattern(2, 3));
        assertErrno(Errno.EINVAL, () -> kit.setxattr(file, "user.a", pattern(1, 2), 4));
    }

    @Test
    void getxattrReportsTheSizeAndWritesOnlyWhenItFits() {
        kit.setxattr(file, "user.a", pattern(10, 1), 0);

        try (Arena arena = Arena.ofConfined()) {
            assertThat(kit.fs.getxattr(TestRequest.ROOT, file, "user.a", MemorySegment.NULL)).isEqualTo(10);
            MemorySegment small = arena.allocate(9);
            small.fill((byte) 0x77);
            assertThat(kit.fs.getxattr(TestRequest.ROOT, file, "user.a", small)).isEqualTo(10);
            assertThat(small.toArray(ValueLayout.JAVA_BYTE)).containsOnly(0x77);
            MemorySegment exact = arena.allocate(10);
            assertThat(kit.fs.getxattr(TestRequest.ROOT, file, "user.a", exact)).isEqualTo(10);
            assertThat(exact.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(pattern(10, 1));
        }
    }

    @Test
    void listxattrFollowsTheSameProtocol() {
        try (Arena arena = Arena.ofConfined()) {
            assertThat(kit.fs.listxattr(TestRequest.ROOT, file, MemorySegment.NULL)).isZero();
            kit.setxattr(file, "user.first", pattern(1, 1), 0);
            kit.setxattr(file, "user.second", pattern(1, 1), 0);
            byte[] expected = "user.first\0user.second\0".getBytes(StandardCharsets.UTF_8);

            assertThat(kit.fs.listxattr(TestRequest.ROOT, file, MemorySegment.NULL)).isEqualTo(expected.length);
            MemorySegment small = arena.allocate(expected.length - 1);
            assertThat(kit.fs.listxattr(TestRequest.ROOT, file, small)).isEqualTo(expected.length);
            assertThat(small.toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
            MemorySegment big = arena.allocate(100);
            assertThat(kit.fs.listxattr(TestRequest.ROOT, file, big)).isEqualTo(expected.length);
            assertThat(big.asSlice(0, expected.length).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(expected);
        }
    }

    @Test
    void missingAttributesAreEnodata() {
        assertErrno(Errno.ENODATA, () -> kit.getxattr(file, "user.none"));
        assertErrno(Errno.ENODATA, () -> kit.fs.removexattr(TestRequest.ROOT, file, "user.none"));

        kit.setxattr(file, "user.a", pattern(1, 1), 0);
        kit.fs.removexattr(TestRequest.ROOT, file, "user.a");

        assertErrno(Errno.ENODATA, () -> kit.getxattr(file, "user.a"));
        assertThat(kit.fs.listxattr(TestRequest.ROOT, file, MemorySegment.NULL)).isZero();
    }

    @Test
    void limitsOnNamesAndValues() {
        kit.setxattr(file, "user." + "n".repeat(250), pattern(65536, 1), 0);
        assertThat(kit.getxattr(file, "user." + "n".repeat(250))).hasSize(65536);

        assertErrno(Errno.ERANGE, () -> kit.setxattr(file, "user." + "n".repeat(251), pattern(1, 1), 0));
        assertErrno(Errno.ERANGE, () -> kit.setxattr(file, "", pattern(1, 1), 0));
        assertErrno(Errno.ERANGE, () -> kit.getxattr(file, "user." + "n".repeat(251)));
        assertErrno(Errno.E2BIG, () -> kit.setxattr(file, "user.big", pattern(65537, 1), 0));
    }

    @Test
    void changesSetTheCtime() {
        clock.advance(Duration.ofSeconds(3));
        kit.setxattr(file, "user.a", pattern(1, 1), 0);
        assertThat(kit.getattr(file).ctime()).isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(3));
        kit.fs.removexattr(TestRequest.ROOT, file, "user.a");
        assertThat(kit.getattr(file).ctime()).isEqualTo(clock.instant());
        assertThat(kit.getattr(file).mtime()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    }
}
