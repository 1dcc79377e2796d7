package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.IoctlCommand;
import dev.fusering.api.Request;
import dev.fusering.api.StatxReply;
import dev.fusering.internal.abi.FuseIoctlIn;
import dev.fusering.internal.abi.FuseIoctlOut;
import dev.fusering.internal.abi.FuseStatx;
import dev.fusering.internal.abi.FuseStatxIn;
import dev.fusering.internal.abi.FuseStatxOut;
import dev.fusering.internal.abi.FuseSxTime;
import dev.fusering.internal.abi.GetattrFlags;
import dev.fusering.internal.abi.IoctlFlags;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.dispatch.TestSlot.Layout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** IOCTL (restricted ioctls: input and output data windows) and STATX (the fuse_statx_out encoding). */
class DispatcherIoctlStatxTest {

    /** {@code _IOWR('F', 1, 16)}: the test command that reverses 16 bytes. */
    static final int REVERSE = IoctlCommand.of(IoctlCommand.READ | IoctlCommand.WRITE, 'F', 1, 16);

    /** {@code _IO('F', 2)}: the test command that returns its integer argument plus one. */
    static final int INCREMENT = IoctlCommand.of(0, 'F', 2, 0);

    /** Reverses its input into its output and answers the command number's size; increments plain args. */
    static final class IoctlFs implements Filesystem {
        final List<String> calls = new ArrayList<>();

        @Override
        public int ioctl(Request request, long nodeId, long fh, int flags, int cmd, long arg, MemorySegment in,
                         MemorySegment out) {
            calls.add(nodeId + " " + fh + " " + flags + " " + Integer.toHexString(cmd) + " " + in.byteSize() + " "
                    + out.byteSize() + " ro=" + in.isReadOnly() + " zero=" + allZero(out));
            if (cmd == INCREMENT) {
                return (int) arg + 1;
            }
            if (cmd == REVERSE) {
                for (int i = 0; i < in.byteSize(); i++) {
                    out.set(JAVA_BYTE, out.byteSize() - 1 - i, in.get(JAVA_BYTE, i));
                }
                return 16;
            }
            if (cmd == 0x7777) {
                return -5;
            }
            throw FuseException.of(Errno.ENOTTY);
        }

        private static boolean allZero(MemorySegment s) {
            for (long i = 0; i < s.byteSize(); i++) {
                if (s.get(JAVA_BYTE, i) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static TestSlot ioctl(TestSlot slot, int cmd, long arg, int flags, int inSize, int outSize) {
        return slot.start(Opcode.IOCTL, 7).opLong(FuseIoctlIn.FH, 9).opInt(FuseIoctlIn.FLAGS, flags)
                .opInt(FuseIoctlIn.CMD, cmd).opLong(FuseIoctlIn.ARG, arg).opInt(FuseIoctlIn.IN_SIZE, inSize)
                .opInt(FuseIoctlIn.OUT_SIZE, outSize);
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readWriteIoctlGetsInputAndAZeroedOutputWindow(Layout layout) {
        IoctlFs fs = new IoctlFs();
        Dispatcher d = DispatcherEntryTest.dispatcher(fs);
        byte[] input = new byte[16];
        for (int i = 0; i < 16; i++) {
            input[i] = (byte) (i + 1);
        }
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = ioctl(slot, REVERSE, 0x7fff0000L, IoctlCommand.FLAG_DIR, 16, 16).bytes(input).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo((int) FuseIoctlOut.SIZE + 16);
            assertThat(slot.replyInt(FuseIoctlOut.RESULT)).isEqualTo(16);
            assertThat(slot.replyInt(FuseIoctlOut.FLAGS)).isZero();
            assertThat(slot.replyInt(FuseIoctlOut.IN_IOVS)).isZero();
            assertThat(slot.replyInt(FuseIoctlOut.OUT_IOVS)).isZero();
            byte[] out = slot.replyBytes(FuseIoctlOut.SIZE, 16);
            for (int i = 0; i < 16; i++) {
                assertThat(out[i]).as("byte " + i).isEqualTo((byte) (16 - i));
            }
            assertThat(fs.calls).containsExactly("7 9 16 " + Integer.toHexString(REVERSE) + " 16 16 ro=true zero=true");
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void plainIoctlGetsItsIntegerArgument(Layout layout) {
        IoctlFs fs = new IoctlFs();
        Dispatcher d = DispatcherEntryTest.dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = ioctl(slot, INCREMENT, 41, 0, 0, 0).dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo((int) FuseIoctlOut.SIZE);
            assertThat(slot.replyInt(FuseIoctlOut.RESULT)).isEqualTo(42);
        }
    }

    @Test
    void errorsAndProtocolViolations() {
        IoctlFs fs = new IoctlFs();
        Dispatcher d = DispatcherEntryTest.dispatcher(fs);
        try (TestSlot slot = new TestSlot(Layout.SEPARATE)) {
            assertThat(ioctl(slot, 0x1234, 0, 0, 0, 0).dispatch(d).error).isEqualTo(Errno.ENOTTY.code());
            assertThat(ioctl(slot, 0x7777, 0, 0, 0, 0).dispatch(d).error).as("negative result").isEqualTo(
                    Errno.EIO.code());
            assertThat(ioctl(slot, REVERSE, 0, IoctlFlags.UNRESTRICTED, 0, 0).dispatch(d).error).as("CUSE only")
                    .isEqualTo(Errno.ENOSYS.code());
            assertThat(ioctl(slot, REVERSE, 0, 0, 16, 16).bytes(new byte[8]).dispatch(d).error)
                    .as("input shorter than declared").isEqualTo(Errno.EINVAL.code());
            assertThat(ioctl(slot, REVERSE, 0, 0, 0, TestSlot.BUFFER).dispatch(d).error)
                    .as("output larger than the reply window").isEqualTo(Errno.EIO.code());
        }
        Dispatcher plain = DispatcherEntryTest.dispatcher(new Filesystem() { });
        try (TestSlot slot = new TestSlot(Layout.OVERLAPPING)) {
            assertThat(ioctl(slot, INCREMENT, 1, 0, 0, 0).dispatch(plain).error).isEqualTo(Errno.ENOSYS.code());
            assertThat(slot.start(Opcode.STATX, 1).dispatch(plain).error).isEqualTo(Errno.ENOSYS.code());
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void statxEncodesFuseStatxOut(Layout layout) {
        List<String> calls = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void statx(Request request, long nodeId, long fh, int flags, int mask, StatxReply reply) {
                calls.add(nodeId + " " + fh + " " + flags + " " + Integer.toHexString(mask));
                reply.attrTimeout(1_500_000_000L);
                reply.attributes().ino(77).mode(FileMode.S_IFCHR | 0640).nlink(3).uid(1000).gid(100)
                        .rdev((5 << 8) | 1 | (0x123 << 20)).size(4096).blocks(8).blksize(4096)
                        .atime(10, 1).mtime(20, 2).ctime(30, 3);
                reply.birthTime(5, 999_999_999).fileAttributes(StatxReply.ATTR_NODUMP, StatxReply.ATTR_IMMUTABLE);
            }
        };
        Dispatcher d = DispatcherEntryTest.dispatcher(fs);
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.STATX, 6).opInt(FuseStatxIn.GETATTR_FLAGS, GetattrFlags.FH)
                    .opLong(FuseStatxIn.FH, 12).opInt(FuseStatxIn.SX_FLAGS, 0x2000).opInt(FuseStatxIn.SX_MASK, 0xfff)
                    .dispatch(d);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo((int) FuseStatxOut.SIZE);
            assertThat(calls).containsExactly("6 12 8192 fff");
            assertThat(slot.replyLong(FuseStatxOut.ATTR_VALID)).isEqualTo(1);
            assertThat(slot.replyInt(FuseStatxOut.ATTR_VALID_NSEC)).isEqualTo(500_000_000);
            long st = FuseStatxOut.STAT;
            assertThat(slot.replyInt(st + FuseStatx.MASK)).isEqualTo(StatxReply.BASIC_STATS | StatxReply.BTIME);
            assertThat(slot.replyInt(st + FuseStatx.BLKSIZE)).isEqualTo(4096);
            assertThat(slot.replyLong(st + FuseStatx.ATTRIBUTES)).isEqualTo(StatxReply.ATTR_NODUMP);
            assertThat(slot.replyLong(st + FuseStatx.ATTRIBUTES_MASK))
                    .isEqualTo(StatxReply.ATTR_NODUMP | StatxReply.ATTR_IMMUTABLE);
            assertThat(slot.replyInt(st + FuseStatx.NLINK)).isEqualTo(3);
            assertThat(slot.replyInt(st + FuseStatx.UID)).isEqualTo(1000);
            assertThat(slot.replyInt(st + FuseStatx.GID)).isEqualTo(100);
            assertThat(slot.replyInt(st + FuseStatx.MODE) & 0xFFFF).as("16-bit mode, spare0 zero")
                    .isEqualTo(FileMode.S_IFCHR | 0640);
            assertThat(slot.replyLong(st + FuseStatx.INO)).isEqualTo(77);
            assertThat(slot.replyLong(st + FuseStatx.SIZE_FIELD)).isEqualTo(4096);
            assertThat(slot.replyLong(st + FuseStatx.BLOCKS)).isEqualTo(8);
            assertThat(slot.replyLong(st + FuseStatx.ATIME + FuseSxTime.TV_SEC)).isEqualTo(10);
            assertThat(slot.replyInt(st + FuseStatx.ATIME + FuseSxTime.TV_NSEC)).isEqualTo(1);
            assertThat(slot.replyLong(st + FuseStatx.BTIME + FuseSxTime.TV_SEC)).isEqualTo(5);
            assertThat(slot.replyInt(st + FuseStatx.BTIME + FuseSxTime.TV_NSEC)).isEqualTo(999_999_999);
            assertThat(slot.replyLong(st + FuseStatx.CTIME + FuseSxTime.TV_SEC)).isEqualTo(30);
            assertThat(slot.replyLong(st + FuseStatx.MTIME + FuseSxTime.TV_SEC)).isEqualTo(20);
            assertThat(slot.replyInt(st + FuseStatx.MTIME + FuseSxTime.TV_NSEC)).isEqualTo(2);
            assertThat(slot.replyInt(st + FuseStatx.RDEV_MAJOR)).isEqualTo(5);
            assertThat(slot.replyInt(st + FuseStatx.RDEV_MINOR)).isEqualTo(1 | (0x123 << 8));
            assertThat(slot.replyInt(st + FuseStatx.DEV_MAJOR)).isZero();
            assertThat(slot.replyLong(st + FuseStatx.SPARE2)).isZero();

            slot.start(Opcode.STATX, 6).opLong(FuseStatxIn.FH, 12).dispatch(d);
            assertThat(calls).last().isEqualTo("6 -1 0 0");
        }
    }

    @Test
    void ioctlCommandDecoding() {
        int getflags = 0x80086601; // FS_IOC_GETFLAGS on x86_64: _IOR('f', 1, long)
        assertThat(IoctlCommand.direction(getflags)).isEqualTo(IoctlCommand.READ);
        assertThat(IoctlCommand.size(getflags)).isEqualTo(8);
        assertThat(IoctlCommand.type(getflags)).isEqualTo('f');
        assertThat(IoctlCommand.number(getflags)).isEqualTo(1);
        assertThat(IoctlCommand.of(IoctlCommand.READ, 'f', 1, 8)).isEqualTo(getflags);
        assertThat(IoctlCommand.of(IoctlCommand.WRITE, 'f', 2, 8)).isEqualTo(0x40086602); // FS_IOC_SETFLAGS
        assertThat(REVERSE).isEqualTo(0xC0104601);
    }
}
