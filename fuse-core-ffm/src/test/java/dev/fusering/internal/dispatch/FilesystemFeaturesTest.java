package dev.fusering.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.DirectoryPlusFiller;
import dev.fusering.api.Filesystem;
import dev.fusering.api.Request;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class FilesystemFeaturesTest {

    /** Overrides readdirplus and getxattr directly. */
    static class Base implements Filesystem {
        @Override
        public void readdirplus(Request request, long nodeId, long fh, long offset, DirectoryPlusFiller filler) {
        }

        @Override
        public int getxattr(Request request, long nodeId, String name, MemorySegment buffer) {
            return 0;
        }
    }

    /** Inherits Base's overrides and adds write and flush. */
    static final class Derived extends Base {
        @Override
        public int write(Request request, long nodeId, long fh, long offset, MemorySegment data, int writeFlags) {
            return 0;
        }

        @Override
        public void flush(Request request, long nodeId, long fh, long lockOwner) {
        }
    }

    @Test
    void defaultsReportNothing() {
        assertThat(FilesystemFeatures.of(new Filesystem() { }))
                .isEqualTo(new FilesystemFeatures(false, false, false, false, false, false, false, false, false,
                        false, false));
    }

    @Test
    void overridesAreFoundAlsoWhenInherited() {
        FilesystemFeatures features = FilesystemFeatures.of(new Derived());

        assertThat(features.readdirplus()).isTrue();
        assertThat(features.xattr()).isTrue();
        assertThat(features.write()).isTrue();
        assertThat(features.flush()).isTrue();
        assertThat(features.create()).isFalse();
        assertThat(features.open()).isFalse();
        assertThat(features.opendir()).isFalse();
        assertThat(features.access()).isFalse();
        assertThat(features.tmpfile()).isFalse();
        assertThat(features.copyFileRange()).isFalse();
        assertThat(features.lseek()).isFalse();
    }
}
