package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.AttrReply;
import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.FileName;
import dev.fusering.api.Filesystem;
import dev.fusering.api.FuseException;
import dev.fusering.api.OpenReply;
import dev.fusering.api.Request;
import dev.fusering.internal.abi.FuseInHeader;
import dev.fusering.internal.abi.FuseReadIn;
import dev.fusering.internal.abi.FuseWriteIn;
import dev.fusering.internal.abi.FuseWriteOut;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.dispatch.TestSlot.Layout;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The common requests allocate nothing once an exchange has its dispatcher state. */
class DispatcherAllocationTest {

    private static final int WARM_UP = 200_000;
    private static final int MEASURED = 100_000;
    /** Slack for the measurement itself; one allocation per request would be at least 1.6 MB. */
    private static final long SLACK_BYTES = 32 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Answers GETATTR, LOOKUP (ENOENT for unknown names), OPEN, READDIR, FLUSH and RELEASE without allocating;
     * READ and WRITE keep the segment they were handed, so that escape analysis cannot remove the slice.
     */
    static final class QuietFs implements Filesystem {
        long sink;
        MemorySegment lastSegment;

        @Override
        public int read(Request request, long nodeId, long fh, long offset, MemorySegment buffer) {
            lastSegment = buffer;
            return (int) buffer.byteSize();
        }

        @Override
        public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
            lastSegment = data;
            return (int) data.byteSize();
        }

        @Override
        public void getattr(Request request, long nodeId, long fh, AttrReply reply) {
            reply.attributes().ino(nodeId).mode(FileMode.S_IFREG | 0644).nlink(1).size(4096).mtime(1, 2);
        }

        @Override
        public void lookup(Request request, long parent, FileName name, EntryReply reply) {
            if (!name.contentEquals("hello")) {
                throw FuseException.of(Errno.ENOENT);
            }
            reply.nodeId(2).attributes().ino(2).mode(FileMode.S_IFREG | 0644).nlink(1);
        }

        @Override
        public void open(Request request, long nodeId, int flags, OpenReply reply) {
            reply.fh(nodeId).keepCache();
        }

        @Override
        public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
            if (offset == 0) {
                filler.add(1, ".", FileMode.S_IFDIR, 1);
                filler.add(1, "..", FileMode.S_IFDIR, 2);
                filler.add(2, "hello", FileMode.S_IFREG, 3);
            }
        }

        @Override
        public void flush(Request request, long nodeId, long fh, long lockOwner) {
            sink += lockOwner;
        }

        @Override
        public void release(Request request, long nodeId, long fh, int flags) {
            sink += fh;
        }
    }

    @Test
    void getattrAllocatesNothing() {
        Dispatcher d = DispatcherEntryTest.dispatcher(new QuietFs());
        try (TestSlot slot = new TestSlot(Layout.OVERLAPPING)) {
            slot.start(Opcode.GETATTR, 5).writeHeader(16);
            Exchange ex = slot.ex;
            MemorySegment header = slot.header;
            Runnable one = () -> {
                ex.begin(header, 0);
                d.dispatch(ex);
            };
            long allocated = measure(one);
            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(104);
            assertThat(allocated).as("bytes allocated by %d GETATTRs", MEASURED).isLessThan(SLACK_BYTES);
        }
    }

    @Test
    void lookupOpenReaddirFlushReleaseAllocateNothing() {
        Dispatcher d = DispatcherEntryTest.dispatcher(new QuietFs());
        try (TestSlot slot = new TestSlot(Layout.SEPARATE)) {
            Exchange ex = slot.ex;
            MemorySegment header = slot.header;
            // five pre-built requests; the payload holds the LOOKUP names "hello\0" and "nope\0"
            slot.start(Opcode.LOOKUP, 1).name("hello").name("nope");
            MemorySegment headers = slot.arena.allocate(6 * FuseInHeader.SIZE, 8);
            int[] opcodes = {Opcode.LOOKUP, Opcode.LOOKUP, Opcode.OPEN, Opcode.READDIR, Opcode.FLUSH, Opcode.RELEASE};
            for (int i = 0; i < opcodes.length; i++) {
                slot.start(opcodes[i], 1);
                slot.writeHeader(0);
                MemorySegment.copy(header, 0, headers, i * FuseInHeader.SIZE, FuseInHeader.SIZE);
            }
            byte[] names = "hello\0nope\0".getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(names, 0, ex.payload, JAVA_BYTE, ex.payloadOffset, names.length);
            ex.opIn.fill((byte) 0);
            ex.opIn.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, FuseReadIn.SIZE_FIELD, 4096);
            long[] errors = new long[1];
            Runnable one = () -> {
                for (int i = 0; i < opcodes.length; i++) {
                    ex.begin(headers, i * FuseInHeader.SIZE);
                    ex.payloadOffset = i == 1 ? 22 : 16; // second LOOKUP reads "nope"
                    ex.payloadLength = i == 1 ? 5 : 11;
                    d.dispatch(ex);
                    errors[0] += ex.error;
                }
            };
            long allocated = measure(one);
            assertThat(errors[0]).as("one ENOENT per round").isEqualTo(2L * (WARM_UP + MEASURED));
            assertThat(allocated).as("bytes allocated by %d rounds of 6 requests", MEASURED).isLessThan(SLACK_BYTES);
        }
    }

    @Test
    void sameSizedReadsAndWritesReuseOneSliceEach() {
        QuietFs fs = new QuietFs();
        Dispatcher d = DispatcherEntryTest.dispatcher(fs);
        try (TestSlot slot = new TestSlot(Layout.SEPARATE)) {
            Exchange ex = slot.ex;
            MemorySegment header = slot.header;
            MemorySegment headers = slot.arena.allocate(2 * FuseInHeader.SIZE, 8);
            int[] opcodes = {Opcode.READ, Opcode.WRITE};
            for (int i = 0; i < opcodes.length; i++) {
                slot.start(opcodes[i], 1);
                slot.writeHeader(0);
                MemorySegment.copy(header, 0, headers, i * FuseInHeader.SIZE, FuseInHeader.SIZE);
            }
            ex.opIn.fill((byte) 0);
            // READ and WRITE keep their size at the same offset of their in-structs
            ex.opIn.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, FuseReadIn.SIZE_FIELD, 4096);
            ex.opIn.set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, FuseWriteIn.SIZE_FIELD, 4096);
            long[] bytes = new long[1];
            Runnable one = () -> {
                for (int i = 0; i < opcodes.length; i++) {
                    ex.begin(headers, i * FuseInHeader.SIZE);
                    ex.payloadLength = 4096;
                    d.dispatch(ex);
                    bytes[0] += ex.replyLength;
                }
            };
            long allocated = measure(one);
            assertThat(ex.error).isZero();
            assertThat(fs.lastSegment.isReadOnly()).as("WRITE data is read-only").isTrue();
            assertThat(bytes[0]).isEqualTo((4096L + FuseWriteOut.SIZE) * (WARM_UP + MEASURED));
            assertThat(allocated).as("bytes allocated by %d READ+WRITE pairs", MEASURED).isLessThan(SLACK_BYTES);
        }
    }

    private static long measure(Runnable request) {
        for (int i = 0; i < WARM_UP; i++) {
            request.run();
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++) {
            request.run();
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
