package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.TestRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.fusering.fs.MemoryTestKit.assertErrno;
import static dev.fusering.fs.MemoryTestKit.pattern;
import static org.assertj.core.api.Assertions.assertThat;

/** RENAME and RENAME2 of {@link MemoryFilesystem}. */
class MemoryRenameTest {

    private static final long ROOT = Filesystem.ROOT_ID;
    private static final int NOREPLACE = 1;
    private static final int EXCHANGE = 2;
    private static final int WHITEOUT = 4;

    private final MemoryTestKit.ManualClock clock =
            new MemoryTestKit.ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem(1 << 30, 1000, clock));

    @Test
    void renameMovesAnEntryBetweenDirectories() {
        long a = kit.mkdir(ROOT, "a");
        long b = kit.mkdir(ROOT, "b");
        long file = kit.create(a, "f").node();

        kit.rename(a, "f", b, "g", 0);

        assertThat(kit.names(a)).isEmpty();
        assertThat(kit.names(b)).containsExactly("g");
        assertThat(kit.lookup(b, "g")).isEqualTo(file);
        assertErrno(Errno.ENOENT, () -> kit.lookup(a, "f"));
    }

    @Test
    void renameUpdatesTimestamps() {
        long a = kit.mkdir(ROOT, "a");
        long b = kit.mkdir(ROOT, "b");
        long file = kit.create(a, "f").node();
        clock.advance(Duration.ofSeconds(5));
        Instant later = clock.instant();

        kit.rename(a, "f", b, "f", 0);

        assertThat(kit.getattr(file).ctime()).isEqualTo(later);
        assertThat(kit.getattr(file).mtime()).isBefore(later);
        assertThat(kit.getattr(a).mtime()).isEqualTo(later);
        assertThat(kit.getattr(a).ctime()).isEqualTo(later);
        assertThat(kit.getattr(b).mtime()).isEqualTo(later);
        assertThat(kit.getattr(b).ctime()).isEqualTo(later);
    }

    @Test
    void renameReplacesAFileAndFreesIt() {
        long source = kit.create(ROOT, "src").node();
        long victim = kit.create(ROOT, "dst").node();
        kit.write(victim, 0, pattern(8192, 1));
        kit.fs.release(TestRequest.ROOT, victim, 0, 0);
        long nodes = kit.usedNodes();

        kit.rename(ROOT, "src", ROOT, "dst", 0);

        assertThat(kit.lookup(ROOT, "dst")).isEqualTo(source);
        assertThat(kit.getattr(victim).nlink).isZero();
        kit.fs.forget(victim, 1);
        assertThat(kit.usedNodes()).isEqualTo(nodes - 1);
        assertThat(kit.usedBlocks()).isZero();
    }

    @Test
    void renameOfADirectoryReplacesOnlyAnEmptyDirectory() {
        long a = kit.mkdir(ROOT, "a");
        kit.mkdir(ROOT, "empty");
        long full = kit.mkdir(ROOT, "full");
        kit.create(full, "x");
        kit.create(ROOT, "file");

        assertErrno(Errno.ENOTEMPTY, () -> kit.rename(ROOT, "a", ROOT, "full", 0));
        assertErrno(Errno.ENOTDIR, () -> kit.rename(ROOT, "a", ROOT, "file", 0));
        assertErrno(Errno.EISDIR, () -> kit.rename(ROOT, "file", ROOT, "empty", 0));
        assertThat(kit.getattr(ROOT).nlink).isEqualTo(5);

        kit.rename(ROOT, "a", ROOT, "empty", 0);

        assertThat(kit.lookup(ROOT, "empty")).isEqualTo(a);
        assertThat(kit.getattr(ROOT).nlink).isEqualTo(4);
        assertThat(kit.names(ROOT)).containsExactlyInAnyOrder("full", "file", "empty");
    }

    @Test
    void movingADirectoryAdjustsLinkCountsAndParent() {
        long a = kit.mkdir(ROOT, "a");
        long b = kit.mkdir(ROOT, "b");
        long moved = kit.mkdir(a, "moved");

        kit.rename(a, "moved", b, "moved", 0);

        assertThat(kit.getattr(a).nlink).isEqualTo(2);
        assertThat(kit.getattr(b).nlink).isEqualTo(3);
        assertThat(kit.lookup(moved, "..")).isEqualTo(b);
    }

    @Test
    void noreplaceFailsOnAnExistingTarget() {
        kit.create(ROOT, "a");
        kit.create(ROOT, "b");

        assertErrno(Errno.EEXIST, () -> kit.rename(ROOT, "a", ROOT, "b", NOREPLACE));
        kit.rename(ROOT, "a", ROOT, "c", NOREPLACE);
        assertThat(kit.names(ROOT)).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void exchangeSwapsTwoEntries() {
        long a = kit.mkdir(ROOT, "a");
        long file = kit.create(ROOT, "file").node();
        long dir = kit.mkdir(a, "dir");
        kit.mkdir(dir, "inner");

        kit.rename(ROOT, "file", a, "dir", EXCHANGE);

        assertThat(kit.lookup(ROOT, "file")).isEqualTo(dir);
        assertThat(kit.lookup(a, "dir")).isEqualTo(file);
        assertThat(kit.lookup(dir, "..")).isEqualTo(ROOT);
        assertThat(kit.getattr(ROOT).nlink).isEqualTo(4);
        assertThat(kit.getattr(a).nlink).isEqualTo(2);
    }

    @Test
    void exchangeNeedsAnExistingTarget() {
        kit.create(ROOT, "a");

        assertErrno(Errno.ENOENT, () -> kit.rename(ROOT, "a", ROOT, "missing", EXCHANGE));
    }

    @Test
    void invalidFlagsAreRejected() {
        kit.create(ROOT, "a");

        assertErrno(Errno.EINVAL, () -> kit.rename(ROOT, "a", ROOT, "b", WHITEOUT));
        assertErrno(Errno.EINVAL, () -> kit.rename(ROOT, "a", ROOT, "b", NOREPLACE | EXCHANGE));
        assertErrno(Errno.EINVAL, () -> kit.rename(ROOT, "a", ROOT, "b", 8));
        assertErrno(Errno.EINVAL, () -> kit.rename(ROOT, "a", ROOT, ".", 0));
        assertErrno(Errno.ENOENT, () -> kit.rename(ROOT, "missing", ROOT, "b", 0));
        assertErrno(Errno.ENAMETOOLONG, () -> kit.rename(ROOT, "a", ROOT, "x".repeat(256), 0));
    }

    @Test
    void directoryCannotMoveIntoItsOwnSubtree() {
        long a = kit.mkdir(ROOT, "a");
        long b = kit.mkdir(a, "b");
        long c = kit.mkdir(b, "c");

        assertErrno(Errno.EINVAL, () -> kit.rename(ROOT, "a", c, "a", 0));
        assertErrno(Errno.EINVAL, () -> kit.rename(ROOT, "a", a, "x", 0));
        assertErrno(Errno.EINVAL, () -> kit.rename(b, "c", ROOT, "a", EXCHANGE));
        kit.rename(b, "c", ROOT, "c", 0);
        assertThat(kit.lookup(ROOT, "c")).isEqualTo(c);
    }

    @Test
    void renameOntoAnotherNameOfTheSameNodeDoesNothing() {
        long file = kit.create(ROOT, "a").node();
        kit.link(file, ROOT, "b");

        kit.rename(ROOT, "a", ROOT, "b", 0);
        kit.rename(ROOT, "a", ROOT, "a", 0);

        assertThat(kit.names(ROOT)).containsExactlyInAnyOrder("a", "b");
        assertThat(kit.getattr(file).nlink).isEqualTo(2);
    }

    @Test
    void renamedEntryIsListedOnceWithANewCookie() {
        kit.create(ROOT, "a");
        kit.create(ROOT, "b");

        kit.rename(ROOT, "a", ROOT, "z", 0);

        assertThat(kit.names(ROOT)).containsExactly("b", "z");
    }
}
