package dev.fusering.internal.transport;

import dev.fusering.api.Errno;
import dev.fusering.internal.linux.LibC;
import dev.fusering.internal.linux.LinuxConstants;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.assertj.core.api.Assertions.assertThat;

class DescriptorsTest {

    @Test
    void retiredDescriptorStaysAllocatedAndSwallowsLateWrites() throws Exception {
        int fd = LibC.eventfd(0, LinuxConstants.EFD_CLOEXEC);
        Descriptors.retire(fd, true, "test eventfd");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(8, 8);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            // the number now refers to /dev/null: a late writer does not hit an unrelated file
            assertThat(LibC.writeRaw(fd, one, 8)).isEqualTo(8);
            // and the number is not handed out again
            int next = LibC.eventfd(0, LinuxConstants.EFD_CLOEXEC);
            assertThat(next).isNotEqualTo(fd);
            LibC.close(next);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void idleDescriptorIsClosed() throws Exception {
        int fd = LibC.eventfd(0, LinuxConstants.EFD_CLOEXEC);
        Descriptors.retire(fd, false, "test eventfd");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(8, 8);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            assertThat(LibC.writeRaw(fd, one, 8)).isEqualTo(-Errno.EBADF.code());
        }
    }
}
