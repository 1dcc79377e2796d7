package dev.fusering.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.EntryReply;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.internal.abi.FuseAttr;
import dev.fusering.internal.abi.FuseCreateIn;
import dev.fusering.internal.abi.FuseEntryOut;
import dev.fusering.internal.abi.FuseLinkIn;
import dev.fusering.internal.abi.FuseMkdirIn;
import dev.fusering.internal.abi.FuseMknodIn;
import dev.fusering.internal.abi.FuseOpenOut;
import dev.fusering.internal.abi.FuseRename2In;
import dev.fusering.internal.abi.FuseRenameIn;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.abi.OpenFlags;
import dev.fusering.internal.abi.RenameFlags;
import dev.fusering.internal.dispatch.TestSlot.Layout;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Requests about names: LOOKUP, MKNOD, MKDIR, SYMLINK, LINK, UNLINK, RMDIR, RENAME(2), CREATE, TMPFILE. */
class DispatcherEntryTest {

    static final long ENTRY_TIMEOUT = 1_500_000_000L;
    static final long ATTR_TIMEOUT = 2_250_000_000L;

    static Dispatcher dispatcher(Filesystem fs) {
        return new Dispatcher(fs, new DispatchConfig(ENTRY_TIMEOUT, ATTR_TIMEOUT, true, target -> { }, "test"));
    }

    /** Asserts the default timeouts and zeroed fields of an entry_out at {@code base}. */
    static void assertDefaultTimeouts(TestSlot slot, long base) {
        assertThat(slot.replyLong(base + 16)).as("entry_valid").isEqualTo(1);
        assertThat(slot.replyInt(base + 32)).as("entry_valid_nsec").isEqualTo(500_000_000);
        assertThat(slot.replyLong(base + 24)).as("attr_valid").isEqualTo(2);
        assertThat(slot.replyInt(base + 36)).as("attr_valid_nsec").isEqualTo(250_000_000);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void lookupFillsEntryOut(Layout layout) {
        List<String> seen = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void lookup(Request request, long parent, FileName name, EntryReply reply) {
                seen.add(parent + ":" + name + ":" + name.byteLength() + ":" + name.contentEquals("hello")
                        + ":" + request.uid() + "/" + request.gid() + "/" + request.pid() + "/" + request.opcode());
                reply.nodeId(42).generation(7);
                reply.attributes().ino(42).mode(FileMode.S_IFREG | 0644).nlink(1).uid(1000).gid(100).size(1234)
                        .blocks(8).blksize(4096).atime(11, 12).mtime(21, 22).ctime(31, 32).rdev(5);
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.LOOKUP, 1).name("hello").dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(ex.noReply).isFalse();
            assertThat(ex.replyLength).isEqualTo(128);
            assertThat(seen).containsExactly("1:hello:5:true:1000/100/4242/1");
            assertThat(slot.replyLong(0)).as("nodeid").isEqualTo(42);
            assertThat(slot.replyLong(8)).as("generation").isEqualTo(7);
            assertDefaultTimeouts(slot, 0);
            long attr = FuseEntryOut.ATTR;
            assertThat(attr).isEqualTo(40);
            assertThat(slot.replyLong(attr + FuseAttr.INO)).isEqualTo(42);
            assertThat(slot.replyLong(attr + FuseAttr.SIZE_FIELD)).isEqualTo(1234);
            assertThat(slot.replyLong(attr + FuseAttr.BLOCKS)).isEqualTo(8);
            assertThat(slot.replyLong(attr + FuseAttr.ATIME)).isEqualTo(11);
            assertThat(slot.replyLong(attr + FuseAttr.MTIME)).isEqualTo(21);
            assertThat(slot.replyLong(attr + FuseAttr.CTIME)).isEqualTo(31);
            assertThat(slot.replyInt(attr + FuseAttr.ATIMENSEC)).isEqualTo(12);
            assertThat(slot.replyInt(attr + FuseAttr.MTIMENSEC)).isEqualTo(22);
            assertThat(slot.replyInt(attr + FuseAttr.CTIMENSEC)).isEqualTo(32);
            assertThat(slot.replyInt(100)).as("mode at 40+60").isEqualTo(FileMode.S_IFREG | 0644);
            assertThat(slot.replyInt(attr + FuseAttr.NLINK)).isEqualTo(1);
            assertThat(slot.replyInt(attr + FuseAttr.UID)).isEqualTo(1000);
            assertThat(slot.replyInt(attr + FuseAttr.GID)).isEqualTo(100);
            assertThat(slot.replyInt(attr + FuseAttr.RDEV)).isEqualTo(5);
            assertThat(slot.replyInt(attr + FuseAttr.BLKSIZE)).isEqualTo(4096);
            assertThat(slot.replyInt(attr + FuseAttr.FLAGS)).as("flags zeroed").isZero();
            assertThat(slot.replyByte(128)).as("nothing written after the struct").isEqualTo((byte) 0xAA);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void lookupUntouchedReplyIsZeroedWithDefaultTimeouts(Layout layout) {
        Filesystem fs = new Filesystem() {
            @Override
            public void lookup(Request request, long parent, FileName name, EntryReply reply) {
                reply.entryTimeout(0);
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.LOOKUP, 1).name("negative").dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(slot.replyLong(0)).isZero();
            assertThat(slot.replyLong(16)).isZero();
            assertThat(slot.replyInt(32)).isZero();
            assertThat(slot.replyLong(24)).isEqualTo(2);
            for (long off = 40; off < 128; off += 4) {
                assertThat(slot.replyInt(off)).as("attr byte %d", off).isZero();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void lookupEnoentIsNotCountedAsError(Layout layout) {
        Filesystem fs = new Filesystem() {
            @Override
            public void lookup(Request request, long parent, FileName name, EntryReply reply) {
                throw FuseException.of(Errno.ENOENT);
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.LOOKUP, 1).name("missing").dispatch(dispatcher(fs));

            assertThat(ex.error).isEqualTo(2);
            assertThat(ex.replyLength).isZero();
            assertThat(ex.errors).isZero();
            assertThat(ex.internalErrors).isZero();

            Filesystem eacces = new Filesystem() {
                @Override
                public void lookup(Request request, long parent, FileName name, EntryReply reply) {
                    throw new FuseException(Errno.EACCES, "no");
                }
            };
            slot.start(Opcode.LOOKUP, 1).name("secret").dispatch(dispatcher(eacces));
            assertThat(ex.error).isEqualTo(13);
            assertThat(ex.errors).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void nonAsciiNames(Layout layout) {
        String name = "Grüße-日本-😀";
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        List<Object> seen = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void lookup(Request request, long parent, FileName n, EntryReply reply) {
                seen.add(n.toString());
                seen.add(n.byteLength());
                seen.add(n.contentEquals(name));
                seen.add(n.contentEquals("Grüße-日本-😁"));
                seen.add(n.contentEquals("Grüße-日本-"));
                seen.add(n.contentEquals(name + "x"));
                seen.add(n.toByteArray());
                MemorySegment segment = n.segment();
                seen.add(segment.isReadOnly());
                seen.add(segment.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                seen.add(n.byteAt(1));
                reply.nodeId(9);
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.LOOKUP, 1).name(name).dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(seen).containsExactly(name, utf8.length, true, false, false, false, utf8, true, utf8,
                    (byte) 'r');
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void malformedUtf8DecodesWithReplacement(Layout layout) {
        List<String> seen = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void unlink(Request request, long parent, FileName name) {
                seen.add(name.toString());
                seen.add(String.valueOf(name.contentEquals("a\uFFFDb")));
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.UNLINK, 1).bytes(new byte[] {'a', (byte) 0xFF, 'b', 0})
                    .dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isZero();
            assertThat(seen).containsExactly("a\uFFFDb", "false");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void nameWithoutNulIsEinval(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void lookup(Request request, long parent, FileName name, EntryReply reply) {
                calls.add(name.toString());
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.LOOKUP, 1).bytes("abc".getBytes(StandardCharsets.US_ASCII))
                    .dispatch(dispatcher(fs));
            assertThat(ex.error).isEqualTo(22);

            // the second name of a RENAME runs past the payload
            slot.start(Opcode.RENAME, 1).opLong(FuseRenameIn.NEWDIR, 2).name("old")
                    .bytes("new".getBytes(StandardCharsets.US_ASCII)).dispatch(dispatcher(fs));
            assertThat(ex.error).isEqualTo(22);
            assertThat(calls).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void mknodMkdirUnlinkRmdir(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void mknod(Request request, long parent, FileName name, int mode, int rdev, int umask,
                              EntryReply reply) {
                calls.add("mknod " + parent + " " + name + " " + Integer.toOctalString(mode) + " " + rdev + " "
                        + Integer.toOctalString(umask));
                reply.nodeId(10).attributes().mode(mode);
            }

            @Override
            public void mkdir(Request request, long parent, FileName name, int mode, int umask, EntryReply reply) {
                calls.add("mkdir " + parent + " " + name + " " + Integer.toOctalString(mode) + " "
                        + Integer.toOctalString(umask));
                reply.nodeId(11);
            }

            @Override
            public void unlink(Request request, long parent, FileName name) {
                calls.add("unlink " + parent + " " + name);
            }

            @Override
            public void rmdir(Request request, long parent, FileName name) {
                calls.add("rmdir " + parent + " " + name);
            }
        };
        Dispatcher d = dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.MKNOD, 1).opInt(FuseMknodIn.MODE, FileMode.S_IFIFO | 0600)
                    .opInt(FuseMknodIn.RDEV, 77).opInt(FuseMknodIn.UMASK, 022).name("fifo").dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(128);
            assertThat(slot.replyLong(0)).isEqualTo(10);
            assertThat(slot.replyInt(100)).isEqualTo(FileMode.S_IFIFO | 0600);

            slot.start(Opcode.MKDIR, 1).opInt(FuseMkdirIn.MODE, 0755).opInt(FuseMkdirIn.UMASK, 027).name("dir")
                    .dispatch(d);
            assertThat(ex.replyLength).isEqualTo(128);
            assertThat(slot.replyLong(0)).isEqualTo(11);

            slot.start(Opcode.UNLINK, 5).name("file").dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isZero();
            slot.start(Opcode.RMDIR, 5).name("dir").dispatch(d);
            assertThat(ex.error).isZero();

            assertThat(calls).containsExactly("mknod 1 fifo 10600 77 22", "mkdir 1 dir 755 27", "unlink 5 file",
                    "rmdir 5 dir");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void renameAndRename2Flags(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void rename(Request request, long parent, FileName name, long newParent, FileName newName,
                               int flags) {
                calls.add(parent + "/" + name + " -> " + newParent + "/" + newName + " flags " + flags);
            }
        };
        Dispatcher d = dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.RENAME, 3).opLong(FuseRenameIn.NEWDIR, 4).name("a").name("bé")
                    .dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isZero();

            slot.start(Opcode.RENAME2, 5).opLong(FuseRename2In.NEWDIR, 6)
                    .opInt(FuseRename2In.FLAGS, RenameFlags.EXCHANGE).name("x").name("y").dispatch(d);
            assertThat(ex.error).isZero();

            assertThat(calls).containsExactly("3/a -> 4/bé flags 0", "5/x -> 6/y flags 2");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void symlinkNameAndTarget(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void symlink(Request request, long parent, FileName name, String target, EntryReply reply) {
                calls.add(parent + " " + name + " -> " + target);
                reply.nodeId(77).attributes().mode(FileMode.S_IFLNK | 0777).size(target.length());
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.SYMLINK, 1).name("link").name("../target/päth")
                    .dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(128);
            assertThat(calls).containsExactly("1 link -> ../target/päth");
            assertThat(slot.replyLong(0)).isEqualTo(77);
            assertThat(slot.replyInt(100)).isEqualTo(FileMode.S_IFLNK | 0777);
            assertDefaultTimeouts(slot, 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void linkUsesOldNodeIdAndNewParent(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void link(Request request, long nodeId, long newParent, FileName newName, EntryReply reply) {
                calls.add(nodeId + " " + newParent + " " + newName);
                reply.nodeId(nodeId);
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.LINK, 8).opLong(FuseLinkIn.OLDNODEID, 33).name("hard")
                    .dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(calls).containsExactly("33 8 hard");
            assertThat(slot.replyLong(0)).isEqualTo(33);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void createRepliesEntryThenOpen(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void create(Request request, long parent, FileName name, int mode, int umask, int flags,
                               EntryReply entry, OpenReply open) {
                calls.add(parent + " " + name + " " + Integer.toOctalString(mode) + " " + Integer.toOctalString(umask)
                        + " " + Integer.toOctalString(flags));
                entry.nodeId(50).generation(1).attributes().ino(50).mode(mode);
                open.fh(0xABCDEF).directIo().keepCache();
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.CREATE, 1).opInt(FuseCreateIn.FLAGS, 0101)
                    .opInt(FuseCreateIn.MODE, FileMode.S_IFREG | 0640).opInt(FuseCreateIn.UMASK, 022)
                    .name("new.txt").dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(144);
            assertThat(calls).containsExactly("1 new.txt 100640 22 101");
            assertThat(slot.replyLong(0)).isEqualTo(50);
            assertThat(slot.replyLong(8)).isEqualTo(1);
            assertDefaultTimeouts(slot, 0);
            assertThat(slot.replyInt(100)).isEqualTo(FileMode.S_IFREG | 0640);
            assertThat(slot.replyLong(128 + FuseOpenOut.FH)).isEqualTo(0xABCDEF);
            assertThat(slot.replyInt(128 + FuseOpenOut.OPEN_FLAGS))
                    .isEqualTo(OpenFlags.DIRECT_IO | OpenFlags.KEEP_CACHE);
            assertThat(slot.replyInt(128 + FuseOpenOut.BACKING_ID)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void tmpfileRepliesLikeCreate(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void tmpfile(Request request, long parent, int mode, int umask, int flags, EntryReply entry,
                                OpenReply open) {
                calls.add(parent + " " + Integer.toOctalString(mode) + " " + Integer.toOctalString(flags));
                entry.nodeId(51);
                open.fh(3);
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.TMPFILE, 2).opInt(FuseCreateIn.FLAGS, 2)
                    .opInt(FuseCreateIn.MODE, FileMode.S_IFREG | 0600).name("#placeholder").dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(144);
            assertThat(calls).containsExactly("2 100600 2");
            assertThat(slot.replyLong(0)).isEqualTo(51);
            assertThat(slot.replyLong(128)).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void defaultMethodAnswersEnosys(Layout layout) {
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.MKDIR, 1).opInt(FuseMkdirIn.MODE, 0755).name("d")
                    .dispatch(dispatcher(new Filesystem() { }));

            assertThat(ex.error).isEqualTo(38);
            assertThat(ex.replyLength).isZero();
            assertThat(ex.errors).isEqualTo(1);
            assertThat(ex.internalErrors).isZero();
        }
    }
}
