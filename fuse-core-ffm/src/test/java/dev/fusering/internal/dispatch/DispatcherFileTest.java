package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.AttrReply;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.api.SetattrRequest;
import dev.fusering.api.StatfsReply;
import dev.fusering.internal.abi.FsyncFlags;
import dev.fusering.internal.abi.FuseAccessIn;
import dev.fusering.internal.abi.FuseAttr;
import dev.fusering.internal.abi.FuseAttrOut;
import dev.fusering.internal.abi.FuseBmapIn;
import dev.fusering.internal.abi.FuseCopyFileRangeIn;
import dev.fusering.internal.abi.FuseFallocateIn;
import dev.fusering.internal.abi.FuseFlushIn;
import dev.fusering.internal.abi.FuseFsyncIn;
import dev.fusering.internal.abi.FuseGetattrIn;
import dev.fusering.internal.abi.FuseKstatfs;
import dev.fusering.internal.abi.FuseLseekIn;
import dev.fusering.internal.abi.FuseOpenIn;
import dev.fusering.internal.abi.FuseReadIn;
import dev.fusering.internal.abi.FuseReleaseIn;
import dev.fusering.internal.abi.FuseSetattrIn;
import dev.fusering.internal.abi.FuseWriteIn;
import dev.fusering.internal.abi.GetattrFlags;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.abi.OpenFlags;
import dev.fusering.internal.abi.SetattrValid;
import dev.fusering.internal.dispatch.TestSlot.Layout;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Requests about attributes and open files. */
class DispatcherFileTest {

    static Dispatcher dispatcher(Filesystem fs) {
        return DispatcherEntryTest.dispatcher(fs);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void getattrWithoutAndWithFh(Layout layout) {
        List<Long> handles = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
                handles.add(fh);
                reply.attributes().ino(nodeId).mode(FileMode.S_IFDIR | 0755).nlink(2);
            }
        };
        Dispatcher d = dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.GETATTR, 1).opLong(FuseGetattrIn.FH, 99).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(104);
            assertThat(slot.replyLong(FuseAttrOut.ATTR_VALID)).isEqualTo(2);
            assertThat(slot.replyInt(FuseAttrOut.ATTR_VALID_NSEC)).isEqualTo(250_000_000);
            assertThat(slot.replyInt(FuseAttrOut.DUMMY)).isZero();
            assertThat(slot.replyLong(16 + FuseAttr.INO)).isEqualTo(1);
            assertThat(slot.replyInt(16 + FuseAttr.MODE)).isEqualTo(FileMode.S_IFDIR | 0755);
            assertThat(slot.replyInt(16 + FuseAttr.NLINK)).isEqualTo(2);
            assertThat(slot.replyLong(16 + FuseAttr.SIZE_FIELD)).isZero();

            slot.start(Opcode.GETATTR, 7).opInt(FuseGetattrIn.GETATTR_FLAGS, GetattrFlags.FH)
                    .opLong(FuseGetattrIn.FH, 99).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(handles).containsExactly(Filesystem.NO_FH, 99L);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void setattrFields(Layout layout) {
        List<String> seen = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void setattr(Request request, long nodeId, SetattrRequest c, AttrReply reply) {
                seen.add(c.hasMode() + " " + Integer.toOctalString(c.mode()));
                seen.add(c.hasUid() + " " + c.uid() + " " + c.hasGid() + " " + c.gid());
                seen.add(c.hasSize() + " " + c.size());
                seen.add(c.hasAtime() + " " + c.atimeNow() + " " + c.hasMtime() + " " + c.mtimeNow() + " "
                        + c.mtimeSeconds() + "." + c.mtimeNanos());
                seen.add(c.hasCtime() + " " + c.ctimeSeconds() + "." + c.ctimeNanos());
                seen.add(c.hasFh() + " " + c.fh() + " " + c.killSuidgid());
                reply.attrTimeout(0).attributes().ino(nodeId).size(c.size()).mode(c.mode());
            }
        };
        int valid = SetattrValid.MODE | SetattrValid.UID | SetattrValid.SIZE | SetattrValid.ATIME
                | SetattrValid.ATIME_NOW | SetattrValid.MTIME | SetattrValid.FH | SetattrValid.CTIME;
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.SETATTR, 12).opInt(FuseSetattrIn.VALID, valid)
                    .opInt(FuseSetattrIn.MODE, FileMode.S_IFREG | 0600).opInt(FuseSetattrIn.UID, 501)
                    .opInt(FuseSetattrIn.GID, 77).opLong(FuseSetattrIn.SIZE_FIELD, 4096)
                    .opLong(FuseSetattrIn.MTIME, 1_700_000_000L).opInt(FuseSetattrIn.MTIMENSEC, 123)
                    .opLong(FuseSetattrIn.CTIME, 1_700_000_001L).opInt(FuseSetattrIn.CTIMENSEC, 456)
                    .opLong(FuseSetattrIn.FH, 5).dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(104);
            assertThat(seen).containsExactly("true 100600", "true 501 false 77", "true 4096",
                    "true true true false 1700000000.123", "true 1700000001.456", "true 5 false");
            assertThat(slot.replyLong(FuseAttrOut.ATTR_VALID)).isZero();
            assertThat(slot.replyInt(FuseAttrOut.ATTR_VALID_NSEC)).isZero();
            assertThat(slot.replyLong(16 + FuseAttr.SIZE_FIELD)).isEqualTo(4096);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readShort(Layout layout) {
        List<Long> sizes = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
                sizes.add(buffer.byteSize());
                sizes.add(fh);
                sizes.add(offset);
                byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
                MemorySegment.copy(data, 0, buffer, JAVA_BYTE, 0, data.length);
                return data.length;
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.READ, 9).opLong(FuseReadIn.FH, 3).opLong(FuseReadIn.OFFSET, 8192)
                    .opInt(FuseReadIn.SIZE_FIELD, 4096).dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(10);
            assertThat(slot.replyString(0, 10)).isEqualTo("0123456789");
            assertThat(sizes).containsExactly(4096L, 3L, 8192L);
            assertThat(ex.bytesRead).isEqualTo(10);
        }
    }

    @Test
    void readIsCappedToReplyCapacity() {
        List<Long> sizes = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
                sizes.add(buffer.byteSize());
                return (int) buffer.byteSize();
            }
        };
        try (TestSlot slot = new TestSlot(Layout.SEPARATE, 1000)) {
            Exchange ex = slot.start(Opcode.READ, 9).opInt(FuseReadIn.SIZE_FIELD, 4096).dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(1000);
            assertThat(sizes).containsExactly(1000L);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readReturningTooMuchIsEio(Layout layout) {
        Filesystem fs = new Filesystem() {
            @Override
            public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
                return (int) buffer.byteSize() + 1;
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.READ, 9).opInt(FuseReadIn.SIZE_FIELD, 100).dispatch(dispatcher(fs));

            assertThat(ex.error).isEqualTo(5);
            assertThat(ex.replyLength).isZero();
            assertThat(ex.internalErrors).isEqualTo(1);
            assertThat(ex.bytesRead).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void writeHandsDataAndRepliesWriteOut(Layout layout) {
        List<String> seen = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int flags) {
                seen.add(new String(data.toArray(JAVA_BYTE), StandardCharsets.UTF_8));
                seen.add(fh + " " + offset + " " + flags + " " + data.isReadOnly());
                return (int) data.byteSize() - 1;
            }
        };
        byte[] data = "hello, wörld".getBytes(StandardCharsets.UTF_8);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.WRITE, 9).opLong(FuseWriteIn.FH, 4).opLong(FuseWriteIn.OFFSET, 100)
                    .opInt(FuseWriteIn.SIZE_FIELD, data.length).opInt(FuseWriteIn.WRITE_FLAGS, 1).bytes(data)
                    .dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(8);
            assertThat(slot.replyInt(0)).isEqualTo(data.length - 1);
            assertThat(slot.replyInt(4)).isZero();
            assertThat(seen).containsExactly("hello, wörld", "4 100 1 true");
            assertThat(ex.bytesWritten).isEqualTo(data.length - 1);

            // more data declared than the payload holds
            slot.start(Opcode.WRITE, 9).opInt(FuseWriteIn.SIZE_FIELD, 100).bytes(data).dispatch(dispatcher(fs));
            assertThat(ex.error).isEqualTo(22);
            assertThat(seen).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readlinkWritesUtf8WithoutNul(Layout layout) {
        String target = "../dïr/" + "x".repeat(20);
        Filesystem fs = new Filesystem() {
            @Override
            public String readlink(Request request, long nodeId) {
                return nodeId == 1 ? target : "y".repeat(4096);
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.READLINK, 1).dispatch(dispatcher(fs));
            int length = target.getBytes(StandardCharsets.UTF_8).length;
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(length);
            assertThat(slot.replyString(0, length)).isEqualTo(target);

            slot.start(Opcode.READLINK, 2).dispatch(dispatcher(fs));
            assertThat(ex.error).isEqualTo(36);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void statfsDefaultsAndFields(Layout layout) {
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.STATFS, 1).dispatch(dispatcher(new Filesystem() { }));
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(80);
            assertThat(slot.replyInt(FuseKstatfs.NAMELEN)).isEqualTo(255);
            assertThat(slot.replyInt(FuseKstatfs.BSIZE)).isEqualTo(4096);
            assertThat(slot.replyInt(FuseKstatfs.FRSIZE)).isEqualTo(4096);
            assertThat(slot.replyLong(FuseKstatfs.BLOCKS)).isZero();
            assertThat(slot.replyLong(72)).as("spare").isZero();

            Filesystem fs = new Filesystem() {
                @Override
                public void statfs(Request request, long nodeId, StatfsReply reply) {
                    reply.blocks(1000).blocksFree(500).blocksAvailable(400).files(99).filesFree(9);
                }
            };
            slot.start(Opcode.STATFS, 1).dispatch(dispatcher(fs));
            assertThat(slot.replyLong(0)).isEqualTo(1000);
            assertThat(slot.replyLong(8)).isEqualTo(500);
            assertThat(slot.replyLong(16)).isEqualTo(400);
            assertThat(slot.replyLong(24)).isEqualTo(99);
            assertThat(slot.replyLong(32)).isEqualTo(9);
            assertThat(slot.replyInt(44)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void openReleaseFlushFsyncAccess(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void open(Request request, long nodeId, int flags, OpenReply reply) {
                calls.add("open " + nodeId + " " + flags);
                reply.fh(17).nonSeekable().stream().noFlush().parallelDirectWrites();
            }

            @Override
            public void opendir(Request request, long nodeId, int flags, OpenReply reply) {
                calls.add("opendir " + nodeId + " " + flags);
                reply.fh(18).cacheDir();
            }

            @Override
            public void release(Request request, long nodeId, long fh, int flags) {
                calls.add("release " + nodeId + " " + fh + " " + flags);
            }

            @Override
            public void releasedir(Request request, long nodeId, long fh, int flags) {
                calls.add("releasedir " + nodeId + " " + fh + " " + flags);
            }

            @Override
            public void flush(Request request, long nodeId, long fh, long lockOwner) {
                calls.add("flush " + nodeId + " " + fh + " " + lockOwner);
            }

            @Override
            public void fsync(Request request, long nodeId, long fh, boolean datasync) {
                calls.add("fsync " + nodeId + " " + fh + " " + datasync);
            }

            @Override
            public void fsyncdir(Request request, long nodeId, long fh, boolean datasync) {
                calls.add("fsyncdir " + nodeId + " " + fh + " " + datasync);
            }

            @Override
            public void access(Request request, long nodeId, int mask) {
                calls.add("access " + nodeId + " " + mask);
            }

            @Override
            public void fallocate(Request request, long nodeId, long fh, int mode, long offset, long length) {
                calls.add("fallocate " + nodeId + " " + fh + " " + mode + " " + offset + " " + length);
            }
        };
        Dispatcher d = dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.OPEN, 5).opInt(FuseOpenIn.FLAGS, 2).dispatch(d);
            assertThat(ex.replyLength).isEqualTo(16);
            assertThat(slot.replyLong(0)).isEqualTo(17);
            assertThat(slot.replyInt(8)).isEqualTo(OpenFlags.NONSEEKABLE | OpenFlags.STREAM | OpenFlags.NOFLUSH
                    | OpenFlags.PARALLEL_DIRECT_WRITES);
            assertThat(slot.replyInt(12)).isZero();

            slot.start(Opcode.OPENDIR, 6).opInt(FuseOpenIn.FLAGS, 0200000).dispatch(d);
            assertThat(ex.replyLength).isEqualTo(16);
            assertThat(slot.replyLong(0)).isEqualTo(18);
            assertThat(slot.replyInt(8)).isEqualTo(OpenFlags.CACHE_DIR);

            slot.start(Opcode.RELEASE, 5).opLong(FuseReleaseIn.FH, 17).opInt(FuseReleaseIn.FLAGS, 2).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isZero();
            slot.start(Opcode.RELEASEDIR, 6).opLong(FuseReleaseIn.FH, 18).dispatch(d);
            slot.start(Opcode.FLUSH, 5).opLong(FuseFlushIn.FH, 17).opLong(FuseFlushIn.LOCK_OWNER, 0x1234).dispatch(d);
            slot.start(Opcode.FSYNC, 5).opLong(FuseFsyncIn.FH, 17).opInt(FuseFsyncIn.FSYNC_FLAGS, FsyncFlags.FDATASYNC)
                    .dispatch(d);
            slot.start(Opcode.FSYNCDIR, 6).opLong(FuseFsyncIn.FH, 18).dispatch(d);
            slot.start(Opcode.ACCESS, 5).opInt(FuseAccessIn.MASK, 4).dispatch(d);
            slot.start(Opcode.FALLOCATE, 5).opLong(FuseFallocateIn.FH, 17).opLong(FuseFallocateIn.OFFSET, 10)
                    .opLong(FuseFallocateIn.LENGTH, 20).opInt(FuseFallocateIn.MODE, 1).dispatch(d);
            assertThat(ex.error).isZero();

            assertThat(calls).containsExactly("open 5 2", "opendir 6 65536", "release 5 17 2", "releasedir 6 18 0",
                    "flush 5 17 4660", "fsync 5 17 true", "fsyncdir 6 18 false", "access 5 4",
                    "fallocate 5 17 1 10 20");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void lseekBmapCopyFileRange(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public long lseek(Request request, long nodeId, long fh, long offset, int whence) {
                calls.add("lseek " + fh + " " + offset + " " + whence);
                return offset + 4096;
            }

            @Override
            public long bmap(Request request, long nodeId, int blockSize, long block) {
                calls.add("bmap " + blockSize + " " + block);
                return block * 2;
            }

            @Override
            public long copyFileRange(Request request, long nodeIn, long fhIn, long offsetIn, long nodeOut,
                                      long fhOut, long offsetOut, long length, int flags) {
                calls.add("copy " + nodeIn + " " + fhIn + " " + offsetIn + " " + nodeOut + " " + fhOut + " "
                        + offsetOut + " " + length + " " + flags);
                return length - 1;
            }
        };
        Dispatcher d = dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.LSEEK, 5).opLong(FuseLseekIn.FH, 1).opLong(FuseLseekIn.OFFSET, 100)
                    .opInt(FuseLseekIn.WHENCE, 3).dispatch(d);
            assertThat(ex.replyLength).isEqualTo(8);
            assertThat(slot.replyLong(0)).isEqualTo(4196);

            slot.start(Opcode.BMAP, 5).opLong(FuseBmapIn.BLOCK, 21).opInt(FuseBmapIn.BLOCKSIZE, 512).dispatch(d);
            assertThat(ex.replyLength).isEqualTo(8);
            assertThat(slot.replyLong(0)).isEqualTo(42);

            long big = 6_000_000_000L;
            slot.start(Opcode.COPY_FILE_RANGE, 5).opLong(FuseCopyFileRangeIn.FH_IN, 1)
                    .opLong(FuseCopyFileRangeIn.OFF_IN, 2).opLong(FuseCopyFileRangeIn.NODEID_OUT, 6)
                    .opLong(FuseCopyFileRangeIn.FH_OUT, 3).opLong(FuseCopyFileRangeIn.OFF_OUT, 4)
                    .opLong(FuseCopyFileRangeIn.LEN, big).opLong(FuseCopyFileRangeIn.FLAGS, 0).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(8);
            assertThat(slot.replyInt(0)).as("clamped to 32 bits").isEqualTo(-1);
            assertThat(slot.replyInt(4)).isZero();

            slot.start(Opcode.COPY_FILE_RANGE_64, 5).opLong(FuseCopyFileRangeIn.NODEID_OUT, 6)
                    .opLong(FuseCopyFileRangeIn.LEN, big).dispatch(d);
            assertThat(ex.replyLength).isEqualTo(8);
            assertThat(slot.replyLong(0)).isEqualTo(big - 1);

            assertThat(calls).containsExactly("lseek 1 100 3", "bmap 512 21", "copy 5 1 2 6 3 4 6000000000 0",
                    "copy 5 0 0 6 0 0 6000000000 0");
        }
    }

    @Test
    void replyStructLargerThanCapacityIsEioWithoutCallingTheFilesystem() {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
                calls.add("getattr");
            }
        };
        try (TestSlot slot = new TestSlot(Layout.SEPARATE, 64)) {
            Exchange ex = slot.start(Opcode.GETATTR, 1).dispatch(dispatcher(fs));

            assertThat(ex.error).isEqualTo(5);
            assertThat(ex.replyLength).isZero();
            assertThat(calls).isEmpty();
            assertThat(slot.replyLong(0)).as("reply untouched").isEqualTo(0xAAAAAAAAAAAAAAAAL);
        }
    }
}
