package dev.fusering.internal.abi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks the INIT flag bits of protocol 7.45 and their log description. */
class InitFlagsTest {

    /** The flag set the 6.18 kernel of the facts file offered in INIT. */
    private static final long OFFERED_BY_KERNEL = 0x0000_07fd_73ff_fffbL;

    @Test
    void bitsMatchTheHeader() {
        assertThat(InitFlags.ASYNC_READ).isEqualTo(1L << 0);
        assertThat(InitFlags.POSIX_LOCKS).isEqualTo(1L << 1);
        assertThat(InitFlags.FILE_OPS).isEqualTo(1L << 2);
        assertThat(InitFlags.ATOMIC_O_TRUNC).isEqualTo(1L << 3);
        assertThat(InitFlags.EXPORT_SUPPORT).isEqualTo(1L << 4);
        assertThat(InitFlags.BIG_WRITES).isEqualTo(1L << 5);
        assertThat(InitFlags.DONT_MASK).isEqualTo(1L << 6);
        assertThat(InitFlags.SPLICE_WRITE).isEqualTo(1L << 7);
        assertThat(InitFlags.SPLICE_MOVE).isEqualTo(1L << 8);
        assertThat(InitFlags.SPLICE_READ).isEqualTo(1L << 9);
        assertThat(InitFlags.FLOCK_LOCKS).isEqualTo(1L << 10);
        assertThat(InitFlags.HAS_IOCTL_DIR).isEqualTo(1L << 11);
        assertThat(InitFlags.AUTO_INVAL_DATA).isEqualTo(1L << 12);
        assertThat(InitFlags.DO_READDIRPLUS).isEqualTo(1L << 13);
        assertThat(InitFlags.READDIRPLUS_AUTO).isEqualTo(1L << 14);
        assertThat(InitFlags.ASYNC_DIO).isEqualTo(1L << 15);
        assertThat(InitFlags.WRITEBACK_CACHE).isEqualTo(1L << 16);
        assertThat(InitFlags.NO_OPEN_SUPPORT).isEqualTo(1L << 17);
        assertThat(InitFlags.PARALLEL_DIROPS).isEqualTo(1L << 18);
        assertThat(InitFlags.HANDLE_KILLPRIV).isEqualTo(1L << 19);
        assertThat(InitFlags.POSIX_ACL).isEqualTo(1L << 20);
        assertThat(InitFlags.ABORT_ERROR).isEqualTo(1L << 21);
        assertThat(InitFlags.MAX_PAGES).isEqualTo(1L << 22);
        assertThat(InitFlags.CACHE_SYMLINKS).isEqualTo(1L << 23);
        assertThat(InitFlags.NO_OPENDIR_SUPPORT).isEqualTo(1L << 24);
        assertThat(InitFlags.EXPLICIT_INVAL_DATA).isEqualTo(1L << 25);
        assertThat(InitFlags.MAP_ALIGNMENT).isEqualTo(1L << 26);
        assertThat(InitFlags.SUBMOUNTS).isEqualTo(1L << 27);
        assertThat(InitFlags.HANDLE_KILLPRIV_V2).isEqualTo(1L << 28);
        assertThat(InitFlags.SETXATTR_EXT).isEqualTo(1L << 29);
        assertThat(InitFlags.INIT_EXT).isEqualTo(1L << 30);
        assertThat(InitFlags.INIT_RESERVED).isEqualTo(1L << 31);
        assertThat(InitFlags.SECURITY_CTX).isEqualTo(1L << 32);
        assertThat(InitFlags.HAS_INODE_DAX).isEqualTo(1L << 33);
        assertThat(InitFlags.CREATE_SUPP_GROUP).isEqualTo(1L << 34);
        assertThat(InitFlags.HAS_EXPIRE_ONLY).isEqualTo(1L << 35);
        assertThat(InitFlags.DIRECT_IO_ALLOW_MMAP).isEqualTo(1L << 36);
        assertThat(InitFlags.PASSTHROUGH).isEqualTo(1L << 37);
        assertThat(InitFlags.NO_EXPORT_SUPPORT).isEqualTo(1L << 38);
        assertThat(InitFlags.HAS_RESEND).isEqualTo(1L << 39);
        assertThat(InitFlags.ALLOW_IDMAP).isEqualTo(1L << 40);
        assertThat(InitFlags.OVER_IO_URING).isEqualTo(1L << 41);
        assertThat(InitFlags.REQUEST_TIMEOUT).isEqualTo(1L << 42);
        assertThat(InitFlags.OVER_IO_URING).isEqualTo(0x200_0000_0000L);
        assertThat(InitFlags.REQUEST_TIMEOUT).isEqualTo(0x400_0000_0000L);
    }

    @Test
    void kernelOfferIncludesTheRingAndTimeouts() {
        assertThat(OFFERED_BY_KERNEL & InitFlags.OVER_IO_URING).isNotZero();
        assertThat(OFFERED_BY_KERNEL & InitFlags.REQUEST_TIMEOUT).isNotZero();
        assertThat(OFFERED_BY_KERNEL & InitFlags.INIT_EXT).isNotZero();
        assertThat(OFFERED_BY_KERNEL & InitFlags.SETXATTR_EXT).isNotZero();
        assertThat(OFFERED_BY_KERNEL & InitFlags.MAX_PAGES).isNotZero();
        assertThat(OFFERED_BY_KERNEL & InitFlags.FILE_OPS).isZero();
        assertThat(OFFERED_BY_KERNEL & InitFlags.HAS_INODE_DAX).isZero();
    }

    @Test
    void describeListsBitsLowestFirst() {
        assertThat(InitFlags.describe(OFFERED_BY_KERNEL)).isEqualTo(
                "ASYNC_READ|POSIX_LOCKS|ATOMIC_O_TRUNC|EXPORT_SUPPORT|BIG_WRITES|DONT_MASK|SPLICE_WRITE"
                + "|SPLICE_MOVE|SPLICE_READ|FLOCK_LOCKS|HAS_IOCTL_DIR|AUTO_INVAL_DATA|DO_READDIRPLUS"
                + "|READDIRPLUS_AUTO|ASYNC_DIO|WRITEBACK_CACHE|NO_OPEN_SUPPORT|PARALLEL_DIROPS|HANDLE_KILLPRIV"
                + "|POSIX_ACL|ABORT_ERROR|MAX_PAGES|CACHE_SYMLINKS|NO_OPENDIR_SUPPORT|EXPLICIT_INVAL_DATA"
                + "|HANDLE_KILLPRIV_V2|SETXATTR_EXT|INIT_EXT|SECURITY_CTX|CREATE_SUPP_GROUP|HAS_EXPIRE_ONLY"
                + "|DIRECT_IO_ALLOW_MMAP|PASSTHROUGH|NO_EXPORT_SUPPORT|HAS_RESEND|ALLOW_IDMAP|OVER_IO_URING"
                + "|REQUEST_TIMEOUT");
    }

    @Test
    void describeEdgeCases() {
        assertThat(InitFlags.describe(0)).isEmpty();
        assertThat(InitFlags.describe(InitFlags.INIT_EXT | InitFlags.OVER_IO_URING)).isEqualTo("INIT_EXT|OVER_IO_URING");
        assertThat(InitFlags.describe(1L << 43 | 1L << 63)).isEqualTo("BIT_43|BIT_63");
    }

    @Test
    void combineJoinsFlagsAndFlags2() {
        assertThat(InitFlags.combine(0x73ff_fffb, 0x7fd)).isEqualTo(OFFERED_BY_KERNEL);
        assertThat(InitFlags.combine(0x8000_0000, 0)).isEqualTo(InitFlags.INIT_RESERVED);
        assertThat(InitFlags.combine(0, -1)).isEqualTo(0xFFFF_FFFF_0000_0000L);
    }
}
