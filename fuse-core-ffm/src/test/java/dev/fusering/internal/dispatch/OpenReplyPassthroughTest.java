package dev.fusering.internal.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.internal.abi.FuseOpenOut;
import dev.fusering.internal.abi.OpenFlags;
import dev.fusering.internal.passthrough.BackingFiles;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The passthrough rules of the open reply: where it is allowed and which FOPEN flags combine with it. */
class OpenReplyPassthroughTest {

    private final Arena arena = Arena.ofAuto();
    private final MemorySegment out = arena.allocate(FuseOpenOut.SIZE);
    private final OpenReplyWriter writer = new OpenReplyWriter();
    private final BackingFiles backing = new BackingFiles(-1, "test");

    @Test
    void refusedWhenNotNegotiatedAndForOpendir() {
        writer.start(out, 0, null);
        assertThatThrownBy(() -> writer.passthrough(Path.of("/x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MountOptions.builder().passthrough(true)");
        writer.start(out, 0);
        assertThatThrownBy(() -> writer.passthroughFd(3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not to OPENDIR");
    }

    @Test
    void keepCacheConflictsInEitherOrder() {
        writer.start(out, 0, backing);
        writer.keepCache();
        assertThatThrownBy(() -> writer.passthrough(Path.of("/x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0x2");
        writer.start(out, 0, backing);
        writer.passthrough(Path.of("/x"));
        assertThatThrownBy(writer::stream).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(writer::nonSeekable).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void compatibleFlagsAndCommit() {
        writer.start(out, 0, backing);
        writer.fh(42).directIo().passthroughFd(7).noFlush().parallelDirectWrites();
        assertThat(writer.passthroughRequested()).isTrue();
        assertThat(writer.backingFd()).isEqualTo(7);
        assertThat(writer.backingPath()).isNull();
        assertThat(writer.fhWritten()).isEqualTo(42);
        writer.commitPassthrough(5);
        assertThat(out.get(JAVA_INT_UNALIGNED, FuseOpenOut.OPEN_FLAGS)).isEqualTo(OpenFlags.PASSTHROUGH
                | OpenFlags.DIRECT_IO | OpenFlags.NOFLUSH | OpenFlags.PARALLEL_DIRECT_WRITES);
        assertThat(out.get(JAVA_INT_UNALIGNED, FuseOpenOut.BACKING_ID)).isEqualTo(5);
        assertThat(out.get(JAVA_LONG_UNALIGNED, FuseOpenOut.FH)).isEqualTo(42);

        writer.start(out, 0, backing);
        assertThat(writer.passthroughRequested()).isFalse();
        assertThat(out.get(JAVA_INT_UNALIGNED, FuseOpenOut.BACKING_ID)).isZero();
        assertThatThrownBy(() -> writer.passthroughFd(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
