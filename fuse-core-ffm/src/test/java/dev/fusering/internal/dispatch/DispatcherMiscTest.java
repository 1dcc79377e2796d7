package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.AttrReply;
import dev.fusering.api.Errno;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.Request;
import dev.fusering.internal.abi.FuseBatchForgetIn;
import dev.fusering.internal.abi.FuseForgetIn;
import dev.fusering.internal.abi.FuseGetxattrIn;
import dev.fusering.internal.abi.FuseInHeader;
import dev.fusering.internal.abi.FuseInterruptIn;
import dev.fusering.internal.abi.FuseSetxattrIn;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.dispatch.TestSlot.Layout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Extended attributes, requests without a reply, errors and interrupts. */
class DispatcherMiscTest {

    static Dispatcher dispatcher(Filesystem fs) {
        return DispatcherEntryTest.dispatcher(fs);
    }

    /** A filesystem with one extended attribute {@code user.comment = "hello"} on every node. */
    static final class XattrFs implements Filesystem {
        static final byte[] VALUE = "hello".getBytes(StandardCharsets.US_ASCII);
        static final byte[] LIST = "user.comment\0user.other\0".getBytes(StandardCharsets.US_ASCII);
        final List<String> calls = new ArrayList<>();

        @Override
        public int getxattr(Request request, long nodeId, String name, MemorySegment buffer) {
            calls.add("get " + name + " " + buffer.byteSize());
            if (!name.equals("user.comment")) {
                throw FuseException.of(Errno.ENODATA);
            }
            if (buffer.byteSize() >= VALUE.length) {
                MemorySegment.copy(VALUE, 0, buffer, JAVA_BYTE, 0, VALUE.length);
            }
            return VALUE.length;
        }

        @Override
        public int listxattr(Request request, long nodeId, MemorySegment buffer) {
            calls.add("list " + buffer.byteSize());
            if (buffer.byteSize() >= LIST.length) {
                MemorySegment.copy(LIST, 0, buffer, JAVA_BYTE, 0, LIST.length);
            }
            return LIST.length;
        }

        @Override
        public void setxattr(Request request, long nodeId, String name, MemorySegment value, int flags) {
            calls.add("set " + name + "=" + new String(value.toArray(JAVA_BYTE), StandardCharsets.UTF_8) + " "
                    + flags + " " + value.isReadOnly());
        }

        @Override
        public void removexattr(Request request, long nodeId, String name) {
            calls.add("remove " + name);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void getxattrSizeProbeDataAndErange(Layout layout) {
        XattrFs fs = new XattrFs();
        Dispatcher d = dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.GETXATTR, 1).opInt(FuseGetxattrIn.SIZE_FIELD, 0).name("user.comment")
                    .dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(8);
            assertThat(slot.replyInt(0)).isEqualTo(5);
            assertThat(slot.replyInt(4)).isZero();

            slot.start(Opcode.GETXATTR, 1).opInt(FuseGetxattrIn.SIZE_FIELD, 100).name("user.comment").dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(5);
            assertThat(slot.replyString(0, 5)).isEqualTo("hello");

            slot.start(Opcode.GETXATTR, 1).opInt(FuseGetxattrIn.SIZE_FIELD, 3).name("user.comment").dispatch(d);
            assertThat(ex.error).isEqualTo(34);
            assertThat(ex.replyLength).isZero();

            slot.start(Opcode.GETXATTR, 1).opInt(FuseGetxattrIn.SIZE_FIELD, 100).name("user.none").dispatch(d);
            assertThat(ex.error).isEqualTo(61);

            assertThat(fs.calls).containsExactly("get user.comment 0", "get user.comment 100", "get user.comment 3",
                    "get user.none 100");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void listxattrSizeProbeAndData(Layout layout) {
        XattrFs fs = new XattrFs();
        Dispatcher d = dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.LISTXATTR, 1).opInt(FuseGetxattrIn.SIZE_FIELD, 0).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(8);
            assertThat(slot.replyInt(0)).isEqualTo(XattrFs.LIST.length);

            slot.start(Opcode.LISTXATTR, 1).opInt(FuseGetxattrIn.SIZE_FIELD, XattrFs.LIST.length).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(XattrFs.LIST.length);
            assertThat(slot.replyBytes(0, XattrFs.LIST.length)).isEqualTo(XattrFs.LIST);

            slot.start(Opcode.LISTXATTR, 1).opInt(FuseGetxattrIn.SIZE_FIELD, 10).dispatch(d);
            assertThat(ex.error).isEqualTo(34);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void setxattrAndRemovexattr(Layout layout) {
        XattrFs fs = new XattrFs();
        Dispatcher d = dispatcher(fs);
        byte[] value = "välue".getBytes(StandardCharsets.UTF_8);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.SETXATTR, 1).opInt(FuseSetxattrIn.SIZE_FIELD, value.length)
                    .opInt(FuseSetxattrIn.FLAGS, 1).name("user.comment").bytes(value).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isZero();

            slot.start(Opcode.SETXATTR, 1).opInt(FuseSetxattrIn.SIZE_FIELD, 100).name("user.comment").bytes(value)
                    .dispatch(d);
            assertThat(ex.error).as("value longer than the payload").isEqualTo(22);

            slot.start(Opcode.REMOVEXATTR, 1).name("user.comment").dispatch(d);
            assertThat(ex.error).isZero();

            assertThat(fs.calls).containsExactly("set user.comment=välue 1 true", "remove user.comment");
        }
    }

    /** A classic transport that located the payload assuming the 16-byte setxattr_in of SETXATTR_EXT. */
    @Test
    void setxattrCompatStructWithPayloadPlacedForTheLongStruct() {
        XattrFs fs = new XattrFs();
        Dispatcher d = new Dispatcher(fs, new DispatchConfig(0, 0, false, target -> { }, "compat"));
        byte[] name = "user.comment\0".getBytes(StandardCharsets.US_ASCII);
        byte[] value = "v1".getBytes(StandardCharsets.US_ASCII);
        try (Arena arena = Arena.ofConfined()) {
            // /dev/fuse buffer: in-header (40), setxattr_in compat (8), name, value
            MemorySegment buffer = arena.allocate(4096, 8);
            int total = 40 + 8 + name.length + value.length;
            buffer.set(JAVA_INT_UNALIGNED, FuseInHeader.LEN, total);
            buffer.set(JAVA_INT_UNALIGNED, FuseInHeader.OPCODE, Opcode.SETXATTR);
            buffer.set(JAVA_LONG_UNALIGNED, FuseInHeader.UNIQUE, 10);
            buffer.set(JAVA_LONG_UNALIGNED, FuseInHeader.NODEID, 1);
            buffer.set(JAVA_INT_UNALIGNED, 40, value.length);
            buffer.set(JAVA_INT_UNALIGNED, 44, 0);
            MemorySegment.copy(name, 0, buffer, JAVA_BYTE, 48, name.length);
            MemorySegment.copy(value, 0, buffer, JAVA_BYTE, 48 + name.length, value.length);
            Exchange ex = new Exchange(0, arena);
            ex.begin(buffer, 0);
            ex.opIn = buffer.asSlice(40, 128);
            ex.payload = buffer;
            ex.payloadOffset = 56;
            ex.payloadLength = total - 56;
            ex.reply = arena.allocate(4096, 8);
            ex.replyCapacity = 4096;

            d.dispatch(ex);

            assertThat(ex.error).isZero();
            assertThat(fs.calls).containsExactly("set user.comment=v1 0 true");

            // the same request with a correctly placed window works as well
            fs.calls.clear();
            ex.begin(buffer, 0);
            ex.payloadOffset = 48;
            ex.payloadLength = total - 48;
            d.dispatch(ex);
            assertThat(ex.error).isZero();
            assertThat(fs.calls).containsExactly("set user.comment=v1 0 true");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void forgetAndBatchForget(Layout layout) {
        List<String> forgets = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void forget(long nodeId, long nlookup) {
                forgets.add(nodeId + "x" + nlookup);
                if (nodeId == 21) {
                    throw new IllegalStateException("test: forget failure");
                }
            }
        };
        Dispatcher d = dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.FORGET, 7).opLong(FuseForgetIn.NLOOKUP, 3).dispatch(d);
            assertThat(ex.noReply).isTrue();

            slot.start(Opcode.BATCH_FORGET, 0).opInt(FuseBatchForgetIn.COUNT, 3).payloadLong(20).payloadLong(1)
                    .payloadLong(21).payloadLong(2).payloadLong(22).payloadLong(3).dispatch(d);
            assertThat(ex.noReply).isTrue();
            assertThat(ex.internalErrors).isEqualTo(1);

            // a count larger than the payload forgets what is there
            slot.start(Opcode.BATCH_FORGET, 0).opInt(FuseBatchForgetIn.COUNT, 5).payloadLong(30).payloadLong(4)
                    .dispatch(d);
            assertThat(ex.noReply).isTrue();

            assertThat(forgets).containsExactly("7x3", "20x1", "21x2", "22x3", "30x4");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void interruptCallsBackWithoutReply(Layout layout) {
        List<Long> targets = new ArrayList<>();
        Dispatcher d = new Dispatcher(new Filesystem() { },
                new DispatchConfig(0, 0, true, targets::add, "test"));
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.INTERRUPT, 0).opLong(FuseInterruptIn.UNIQUE, 0x1234).dispatch(d);

            assertThat(ex.noReply).isTrue();
            assertThat(targets).containsExactly(0x1234L);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void unexpectedExceptionIsEioAndTheDispatcherKeepsWorking(Layout layout) {
        int[] calls = {0};
        Filesystem fs = new Filesystem() {
            @Override
            public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
                if (calls[0]++ == 0) {
                    throw new IllegalStateException("test: boom");
                }
                reply.attributes().ino(nodeId);
            }
        };
        Dispatcher d = dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.GETATTR, 4).dispatch(d);
            assertThat(ex.error).isEqualTo(5);
            assertThat(ex.replyLength).isZero();
            assertThat(ex.internalErrors).isEqualTo(1);
            assertThat(ex.errors).isEqualTo(1);

            slot.start(Opcode.GETATTR, 4).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(104);
            assertThat(slot.replyLong(16)).isEqualTo(4);
            assertThat(ex.internalErrors).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void errnoOutsideTheKernelRangeIsEio(Layout layout) {
        Filesystem fs = new Filesystem() {
            @Override
            public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
                throw new FuseException(600, "test: errno out of range");
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.GETATTR, 4).dispatch(dispatcher(fs));

            assertThat(ex.error).isEqualTo(5);
            assertThat(ex.replyLength).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void unknownAndUnsupportedOpcodesAreEnosys(Layout layout) {
        Dispatcher d = dispatcher(new Filesystem() { });
        try (TestSlot slot = new TestSlot(layout)) {
            for (int opcode : new int[] {99, 0, Opcode.CUSE_INIT, Opcode.STATX, Opcode.GETLK, Opcode.SETLK,
                    Opcode.SETLKW, Opcode.IOCTL, Opcode.POLL, Opcode.SETUPMAPPING, Opcode.REMOVEMAPPING}) {
                Exchange ex = slot.start(opcode, 1).dispatch(d, 0);
                assertThat(ex.error).as("opcode %d", opcode).isEqualTo(38);
                assertThat(ex.noReply).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void initDestroyNotifyReplySyncfs(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void destroy() {
                calls.add("destroy");
            }

            @Override
            public void syncfs(Request request, long nodeId) {
                calls.add("syncfs " + nodeId);
            }
        };
        Dispatcher d = dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.INIT, 0).dispatch(d);
            assertThat(ex.error).isEqualTo(71);

            slot.start(Opcode.DESTROY, 0).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isZero();
            assertThat(ex.noReply).isFalse();

            slot.start(Opcode.NOTIFY_REPLY, 1).bytes(new byte[48]).dispatch(d);
            assertThat(ex.noReply).isTrue();

            slot.start(Opcode.SYNCFS, 1).dispatch(d, 8);
            assertThat(ex.error).isZero();

            assertThat(calls).containsExactly("syncfs 1");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void runnerIsSetDuringTheCallAndInterruptStatusDoesNotLeak(Layout layout) {
        List<Object> seen = new ArrayList<>();
        InFlightRequests table = new InFlightRequests(4);
        try (TestSlot slot = new TestSlot(layout)) {
            Filesystem fs = new Filesystem() {
                @Override
                public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
                    seen.add(slot.ex.runner == Thread.currentThread());
                    seen.add(request.isInterrupted());
                    table.register(slot.ex);
                    table.interrupt(request.unique());
                    seen.add(request.isInterrupted());
                    seen.add(Thread.currentThread().isInterrupted());
                    throw FuseException.of(Errno.EINTR);
                }
            };
            Exchange ex = slot.start(Opcode.GETATTR, 1)
                    .dispatch(new Dispatcher(fs, new DispatchConfig(0, 0, true, table, "test")));

            assertThat(ex.error).isEqualTo(4);
            assertThat(seen).containsExactly(true, false, true, true);
            assertThat(ex.runner).isNull();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }
}
