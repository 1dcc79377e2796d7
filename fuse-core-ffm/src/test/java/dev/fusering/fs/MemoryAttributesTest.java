package dev.fusering.fs;

import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.Transport;
import dev.fusering.testing.RecordedAttributes;
import dev.fusering.testing.TestRequest;
import dev.fusering.testing.TestSetattr;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.fusering.fs.MemoryTestKit.assertErrno;
import static dev.fusering.fs.MemoryTestKit.pattern;
import static org.assertj.core.api.Assertions.assertThat;

/** Attributes, timestamps, ownership and permissions of {@link MemoryFilesystem}. */
class MemoryAttributesTest {

    private static final long ROOT = Filesystem.ROOT_ID;
    private static final Instant START = Instant.parse("2025-06-01T12:00:00.123456789Z");

    private final MemoryTestKit.ManualClock clock = new MemoryTestKit.ManualClock(START);
    private final MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem(1 << 30, 1000, clock));

    private Instant tick() {
        clock.advance(Duration.ofMillis(1500));
        return clock.instant();
    }

    @Test
    void newNodesBelongToTheCallerAndCarryTheCreationTime() {
        kit.request = new TestRequest(1000, 100);
        MemoryTestKit.Created created = kit.create(ROOT, "f", 0640);

        RecordedAttributes attributes = kit.getattr(created.node());
        assertThat(attributes.ino).isEqualTo(created.node());
        assertThat(attributes.uid).isEqualTo(1000);
        assertThat(attributes.gid).isEqualTo(100);
        assertThat(attributes.mode).isEqualTo(FileMode.S_IFREG | 0640);
        assertThat(attributes.nlink).isEqualTo(1);
        assertThat(attributes.size).isZero();
        assertThat(attributes.blocks).isZero();
        assertThat(attributes.blksize).isEqualTo(4096);
        assertThat(attributes.atime()).isEqualTo(START);
        assertThat(attributes.mtime()).isEqualTo(START);
        assertThat(attributes.ctime()).isEqualTo(START);
    }

    @Test
    void realClockTimestampsMoveForward() throws InterruptedException {
        MemoryTestKit real = new MemoryTestKit(new MemoryFilesystem());
        Instant before = Instant.now();
        long file = real.create(ROOT, "f").node();
        RecordedAttributes created = real.getattr(file);
        Thread.sleep(5);

        real.write(file, 0, pattern(10, 1));

        RecordedAttributes written = real.getattr(file);
        assertThat(created.mtime()).isAfterOrEqualTo(before.minusMillis(1));
        assertThat(written.mtime()).isAfter(created.mtime());
        assertThat(written.ctime()).isAfter(created.ctime());
        assertThat(written.mtime()).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void writeAndTruncateSetMtimeAndCtime() {
        long file = kit.create(ROOT, "f").node();

        Instant written = tick();
        kit.write(file, 0, pattern(10, 1));
        assertThat(kit.getattr(file).mtime()).isEqualTo(written);
        assertThat(kit.getattr(file).ctime()).isEqualTo(written);

        Instant truncated = tick();
        kit.truncate(file, 5);
        assertThat(kit.getattr(file).mtime()).isEqualTo(truncated);
        assertThat(kit.getattr(file).ctime()).isEqualTo(truncated);

        Instant sameSize = tick();
        kit.truncate(file, 5);
        assertThat(kit.getattr(file).mtime()).as("like ext4").isEqualTo(sameSize);
        assertThat(kit.getattr(file).ctime()).isEqualTo(sameSize);

        Instant opened = tick();
        kit.open(file, 01000);
        assertThat(kit.getattr(file).mtime()).isEqualTo(opened);
        assertThat(kit.getattr(file).ctime()).isEqualTo(opened);
    }

    @Test
    void chmodChownLinkAndUnlinkSetOnlyCtime() {
        long file = kit.create(ROOT, "f").node();

        Instant chmod = tick();
        kit.setattr(file, new TestSetattr().mode(0600));
        assertThat(kit.getattr(file).ctime()).isEqualTo(chmod);
        assertThat(kit.getattr(file).mtime()).isEqualTo(START);

        Instant chown = tick();
        kit.setattr(file, new TestSetattr().uid(5).gid(6));
        assertThat(kit.getattr(file).ctime()).isEqualTo(chown);

        Instant link = tick();
        kit.link(file, ROOT, "g");
        assertThat(kit.getattr(file).ctime()).isEqualTo(link);

        Instant unlink = tick();
        kit.unlink(ROOT, "g");
        assertThat(kit.getattr(file).ctime()).isEqualTo(unlink);
        assertThat(kit.getattr(file).mtime()).isEqualTo(START);
    }

    @Test
    void entryChangesSetTheDirectoryMtimeAndCtime() {
        long dir = kit.mkdir(ROOT, "d");

        Instant create = tick();
        kit.create(dir, "f");
        assertThat(kit.getattr(dir).mtime()).isEqualTo(create);
        assertThat(kit.getattr(dir).ctime()).isEqualTo(create);

        Instant mkdir = tick();
        kit.mkdir(dir, "sub");
        assertThat(kit.getattr(dir).mtime()).isEqualTo(mkdir);

        Instant unlink = tick();
        kit.unlink(dir, "f");
        assertThat(kit.getattr(dir).mtime()).isEqualTo(unlink);

        Instant rmdir = tick();
        kit.rmdir(dir, "sub");
        assertThat(kit.getattr(dir).mtime()).isEqualTo(rmdir);
        assertThat(kit.getattr(dir).ctime()).isEqualTo(rmdir);
    }

    @Test
    void setattrTimesExplicitAndNow() {
        long file = kit.create(ROOT, "f").node();
        Instant atime = Instant.parse("2001-02-03T04:05:06.789Z");
        Instant mtime = Instant.parse("1999-12-31T23:59:59.999999999Z");

        Instant now = tick();
        RecordedAttributes explicit =
                kit.setattr(file, new TestSetattr().atime(atime).mtime(mtime));
        assertThat(explicit.atime()).isEqualTo(atime);
        assertThat(explicit.mtime()).isEqualTo(mtime);
        assertThat(explicit.ctime()).isEqualTo(now);

        Instant later = tick();
        RecordedAttributes touched =
                kit.setattr(file, new TestSetattr().withAtimeNow().withMtimeNow());
        assertThat(touched.atime()).isEqualTo(later);
        assertThat(touched.mtime()).isEqualTo(later);

        Instant ctime = Instant.parse("2030-01-01T00:00:00Z");
        assertThat(kit.setattr(file, new TestSetattr().ctime(ctime)).ctime()).isEqualTo(ctime);
    }

    @Test
    void readsRefreshAtimeWithRelatime() {
        long file = kit.create(ROOT, "f").node();
        kit.write(file, 0, pattern(10, 1));

        Instant firstRead = tick();
        kit.read(file, 0, 10);
        assertThat(kit.getattr(file).atime()).isEqualTo(firstRead);

        tick();
        kit.read(file, 0, 10);
        assertThat(kit.getattr(file).atime()).as("newer than mtime: kept").isEqualTo(firstRead);

        clock.advance(Duration.ofDays(1));
        Instant dayLater = clock.instant();
        kit.read(file, 0, 10);
        assertThat(kit.getattr(file).atime()).isEqualTo(dayLater);

        long dir = kit.mkdir(ROOT, "d");
        Instant listed = tick();
        kit.readdirAll(dir);
        assertThat(kit.getattr(dir).atime()).isEqualTo(listed);

        long link = kit.symlink(ROOT, "l", "d");
        Instant followed = tick();
        kit.fs.readlink(TestRequest.ROOT, link);
        assertThat(kit.getattr(link).atime()).isEqualTo(followed);
    }

    @Test
    void chmodKeepsTheTypeBits() {
        long dir = kit.mkdir(ROOT, "d");

        RecordedAttributes attributes = kit.setattr(dir, new TestSetattr().mode(01777));

        assertThat(attributes.mode).isEqualTo(FileMode.S_IFDIR | 01777);
        assertThat(kit.setattr(dir, new TestSetattr().mode(FileMode.S_IFREG | 0700)).mode)
                .isEqualTo(FileMode.S_IFDIR | 0700);
    }

    @Test
    void chownClearsSetuidAndGroupExecutableSetgid() {
        long file = kit.create(ROOT, "f").node();
        long dir = kit.mkdir(ROOT, "d", 02755);

        kit.setattr(file, new TestSetattr().mode(06755));
        assertThat(kit.setattr(file, new TestSetattr().uid(1000)).mode).isEqualTo(FileMode.S_IFREG | 0755);

        kit.setattr(file, new TestSetattr().mode(06745));
        assertThat(kit.setattr(file, new TestSetattr().gid(1000)).mode).isEqualTo(FileMode.S_IFREG | 02745);

        assertThat(kit.setattr(dir, new TestSetattr().uid(1000)).mode).isEqualTo(FileMode.S_IFDIR | 02755);

        kit.setattr(file, new TestSetattr().mode(06755));
        assertThat(kit.setattr(file, new TestSetattr().withKillSuidgid()).mode)
                .isEqualTo(FileMode.S_IFREG | 0755);
    }

    @Test
    void setgidDirectoriesPassTheirGroupAndBitOn() {
        long dir = kit.mkdir(ROOT, "shared", 02775);
        kit.setattr(dir, new TestSetattr().gid(500));
        kit.request = new TestRequest(1000, 100);

        long file = kit.create(dir, "f", 0644).node();
        long sub = kit.mkdir(dir, "sub", 0755);
        long plain = kit.mkdir(ROOT, "plain", 0755);

        assertThat(kit.getattr(file).gid).isEqualTo(500);
        assertThat(kit.getattr(file).mode).isEqualTo(FileMode.S_IFREG | 0644);
        assertThat(kit.getattr(sub).gid).isEqualTo(500);
        assertThat(kit.getattr(sub).mode).isEqualTo(FileMode.S_IFDIR | 02755);
        assertThat(kit.getattr(plain).gid).isEqualTo(100);
        assertThat(kit.getattr(plain).mode).isEqualTo(FileMode.S_IFDIR | 0755);

        long stripped = kit.create(dir, "sgid", 02755).node();
        assertThat(kit.getattr(stripped).mode).as("non-member loses setgid").isEqualTo(FileMode.S_IFREG | 0755);
        kit.request = new TestRequest(1000, 500);
        long kept = kit.create(dir, "sgid2", 02755).node();
        assertThat(kit.getattr(kept).mode).isEqualTo(FileMode.S_IFREG | 02755);
    }

    @Test
    void umaskIsAppliedOnlyWhenTheKernelLeavesItToUs() {
        assertThat(kit.mkdir(ROOT, "masked-by-kernel", 0777)).satisfies(
                id -> assertThat(kit.getattr(id).mode).isEqualTo(FileMode.S_IFDIR | 0777));

        kit.fs.init(new ConnectionInfo(7, 45, 0, 1L << 6, 1 << 20, 1 << 20, 256,
                Transport.IO_URING, 2));

        long id = kit.mkdir(ROOT, "masked-here", 0777);
        assertThat(kit.getattr(id).mode).isEqualTo(FileMode.S_IFDIR | 0755);
    }

    @Test
    void accessChecksOwnerGroupAndOther() {
        long file = kit.create(ROOT, "f", 0640).node();
        kit.setattr(file, new TestSetattr().uid(1000).gid(100));
        long dir = kit.mkdir(ROOT, "d", 0700);

        TestRequest owner = new TestRequest(1000, 1);
        TestRequest member = new TestRequest(2000, 100);
        TestRequest other = new TestRequest(3000, 300);

        kit.fs.access(owner, file, 4 | 2);
        assertErrno(Errno.EACCES, () -> kit.fs.access(owner, file, 1));
        kit.fs.access(member, file, 4);
        assertErrno(Errno.EACCES, () -> kit.fs.access(member, file, 2));
        assertErrno(Errno.EACCES, () -> kit.fs.access(other, file, 4));
        kit.fs.access(other, file, 0);

        kit.fs.access(TestRequest.ROOT, file, 4 | 2);
        assertErrno(Errno.EACCES, () -> kit.fs.access(TestRequest.ROOT, file, 1));
        kit.setattr(file, new TestSetattr().mode(0604 | 0010));
        kit.fs.access(TestRequest.ROOT, file, 1);
        kit.fs.access(TestRequest.ROOT, dir, 7);
        assertErrno(Errno.EACCES, () -> kit.fs.access(other, dir, 1));
        assertErrno(Errno.ESTALE, () -> kit.fs.access(other, 999, 0));
    }
}
