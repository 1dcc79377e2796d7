package dev.fusering.internal.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Recomputes the /dev/fuse ioctl numbers from the x86_64 _IOR/_IOW encoding. */
class IoctlNumbersTest {

    @Test
    void literalsFromTheFactsFile() {
        assertThat(DevIoctl.BACKING_OPEN).isEqualTo(0x4010E501L);
        assertThat(DevIoctl.BACKING_CLOSE).isEqualTo(0x4004E502L);
        assertThat(DevIoctl.CLONE).isEqualTo(0x8004E500L);
        assertThat(DevIoctl.MAGIC).isEqualTo(229);
    }

    @Test
    void recomputedFromTheEncoding() {
        assertThat(DevIoctl.iow(229, 1, FuseBackingMap.SIZE)).isEqualTo(DevIoctl.BACKING_OPEN);
        assertThat(DevIoctl.iow(229, 2, Integer.BYTES)).isEqualTo(DevIoctl.BACKING_CLOSE);
        assertThat(DevIoctl.ior(229, 0, Integer.BYTES)).isEqualTo(DevIoctl.CLONE);
    }

    @Test
    void encodingPutsFieldsInTheirBits() {
        // dir WRITE=1 at bit 30, size at bits 16..29, type at 8..15, nr at 0..7
        assertThat(DevIoctl.iow(0, 0, 0)).isEqualTo(1L << 30);
        assertThat(DevIoctl.ior(0, 0, 0)).isEqualTo(2L << 30);
        assertThat(DevIoctl.iow(0, 0, 0x3FFF)).isEqualTo((1L << 30) | (0x3FFFL << 16));
        assertThat(DevIoctl.iow(0xFF, 0, 0)).isEqualTo((1L << 30) | 0xFF00L);
        assertThat(DevIoctl.iow(0, 0xFF, 0)).isEqualTo((1L << 30) | 0xFFL);
    }

    @Test
    void rejectsFieldsOutOfRange() {
        assertThatThrownBy(() -> DevIoctl.iow(256, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevIoctl.iow(0, 256, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevIoctl.iow(0, 0, 0x4000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DevIoctl.ior(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
