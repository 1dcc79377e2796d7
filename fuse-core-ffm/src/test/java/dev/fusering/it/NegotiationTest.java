package dev.fusering.it;

import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.DispatchMode;
import dev.fusering.api.MountOptions;
import dev.fusering.api.Transport;
import dev.fusering.fs.MemoryFilesystem;
import dev.fusering.testing.TestMounts;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What FUSE_INIT negotiates: protocol 7.45, max_write, and enough pages per request for 128 KiB reads. */
@Timeout(60)
class NegotiationTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void defaultsAllow128KiBRequests(Transport transport) {
        try (TestMounts.Mount m = TestMounts.mount(tmp, new MemoryFilesystem(), transport, DispatchMode.INLINE)) {
            ConnectionInfo c = m.session().connection();
            assertThat(c.protocolMajor()).isEqualTo(7);
            assertThat(c.protocolMinor()).isEqualTo(45);
            assertThat(c.maxWrite()).isEqualTo(128 * 1024);
            assertThat(c.maxPages()).isEqualTo(32);
            assertThat(c.transport()).isEqualTo(transport);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "CLASSIC"})
    void oneMiBWritesGetOneMiBPages(Transport transport) {
        MountOptions options = MountOptions.builder().maxWrite(1024 * 1024).build();
        try (TestMounts.Mount m = TestMounts.mount(tmp, new MemoryFilesystem(), transport, DispatchMode.INLINE,
                options)) {
            assertThat(m.session().connection().maxPages()).isEqualTo(256);
            assertThat(m.session().connection().maxWrite()).isEqualTo(1024 * 1024);
        }
    }
}
