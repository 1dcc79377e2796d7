package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.RecordedStatfs;
import dev.fusering.testing.TestRequest;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static dev.fusering.fs.MemoryTestKit.assertErrno;
import static dev.fusering.fs.MemoryTestKit.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** statfs accounting and the space and node limits of {@link MemoryFilesystem}. */
class MemoryStatfsTest {

    private static final long ROOT = Filesystem.ROOT_ID;

    @Test
    void defaultsAreOneGibibyteAndAMillionNodes() {
        MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem());

        RecordedStatfs statfs = kit.statfs();

        assertThat(statfs.blocks).isEqualTo((1L << 30) / 4096);
        assertThat(statfs.blocksFree).isEqualTo(statfs.blocks);
        assertThat(statfs.blocksAvailable).isEqualTo(statfs.blocks);
        assertThat(statfs.files).isEqualTo(1_000_000);
        assertThat(statfs.filesFree).isEqualTo(999_999);
        assertThat(statfs.blockSize).isEqualTo(4096);
        assertThat(statfs.fragmentSize).isEqualTo(4096);
        assertThat(statfs.maxNameLength).isEqualTo(255);
    }

    @Test
    void usageFollowsAllocatedChunksAndNodes() {
        MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem(1 << 20));
        MemoryTestKit.Created created = kit.create(ROOT, "f");
        kit.mkdir(ROOT, "d");

        kit.write(created.node(), 0, pattern(10_000, 1));
        kit.write(created.node(), 1 << 30, pattern(1, 1));

        RecordedStatfs statfs = kit.statfs();
        assertThat(statfs.blocks).isEqualTo(256);
        assertThat(statfs.blocksFree).isEqualTo(256 - 4);
        assertThat(statfs.blocksAvailable).isEqualTo(256 - 4);
        assertThat(kit.usedNodes()).isEqualTo(3);

        kit.fs.fallocate(TestRequest.ROOT, created.node(), 0, 3, 0, 4096);
        assertThat(kit.usedBlocks()).isEqualTo(3);

        kit.unlink(ROOT, "f");
        kit.fs.release(TestRequest.ROOT, created.node(), created.fh(), 0);
        kit.fs.forget(created.node(), 1);
        assertThat(kit.usedBlocks()).isZero();
        assertThat(kit.usedNodes()).isEqualTo(2);
    }

    @Test
    void writesBeyondTheCapacityAreShortThenFailWithEnospc() {
        MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem(8 * 4096));
        long file = kit.create(ROOT, "f").node();

        assertThat(kit.write(file, 0, pattern(10 * 4096, 1))).isEqualTo(8 * 4096);
        assertErrno(Errno.ENOSPC, () -> kit.write(file, 8 * 4096, pattern(10, 1)));
        assertThat(kit.statfs().blocksFree).isZero();
        assertThat(kit.write(file, 100, pattern(10, 2))).as("rewrites need no space").isEqualTo(10);
        assertThat(kit.getattr(file).size).isEqualTo(8 * 4096);

        kit.truncate(file, 4096);
        assertThat(kit.write(file, 1 << 20, pattern(10, 1))).isEqualTo(10);
    }

    @Test
    void fallocateAndCopyRespectTheCapacity() {
        MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem(4 * 4096));
        long file = kit.create(ROOT, "f").node();
        long copy = kit.create(ROOT, "g").node();

        assertErrno(Errno.ENOSPC, () -> kit.fs.fallocate(TestRequest.ROOT, file, 0, 0, 0, 5 * 4096));
        assertThat(kit.getattr(file).size).as("all or nothing").isZero();
        assertThat(kit.usedBlocks()).isZero();
        assertErrno(Errno.ENOSPC, () -> kit.fs.fallocate(TestRequest.ROOT, file, 0, 1, 0, 1L << 50));

        kit.write(file, 0, pattern(3 * 4096, 1));
        long copied = kit.fs.copyFileRange(TestRequest.ROOT, file, 0, 0, copy, 0, 0, 3 * 4096, 0);
        assertThat(copied).isEqualTo(4096);
        assertThat(kit.read(copy, 0, 4096)).isEqualTo(pattern(4096, 1));
        assertErrno(Errno.ENOSPC,
                () -> kit.fs.copyFileRange(TestRequest.ROOT, file, 0, 4096, copy, 0, 4096, 4096, 0));
    }

    @Test
    void nodeLimitGivesEnospc() {
        MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem(1 << 20, 4, Clock.systemUTC()));
        kit.create(ROOT, "a");
        kit.mkdir(ROOT, "b");
        long link = kit.symlink(ROOT, "c", "a");

        assertErrno(Errno.ENOSPC, () -> kit.create(ROOT, "d"));
        assertErrno(Errno.ENOSPC, () -> kit.mkdir(ROOT, "d"));
        assertThat(kit.statfs().filesFree).isZero();
        assertThat(kit.names(ROOT)).containsExactly("a", "b", "c");

        kit.unlink(ROOT, "c");
        kit.fs.forget(link, 1);
        kit.create(ROOT, "d");
        assertThat(kit.names(ROOT)).containsExactly("a", "b", "d");
    }

    @Test
    void constructorRejectsNonPositiveLimits() {
        assertThatThrownBy(() -> new MemoryFilesystem(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MemoryFilesystem(1, 0, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
