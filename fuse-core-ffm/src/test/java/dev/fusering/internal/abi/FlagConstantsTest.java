package dev.fusering.internal.abi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks the small flag and code families of protocol 7.45 against the header's literal values. */
class FlagConstantsTest {

    @Test
    void openFlags() {
        assertThat(OpenFlags.DIRECT_IO).isEqualTo(1);
        assertThat(OpenFlags.KEEP_CACHE).isEqualTo(2);
        assertThat(OpenFlags.NONSEEKABLE).isEqualTo(4);
        assertThat(OpenFlags.CACHE_DIR).isEqualTo(8);
        assertThat(OpenFlags.STREAM).isEqualTo(16);
        assertThat(OpenFlags.NOFLUSH).isEqualTo(32);
        assertThat(OpenFlags.PARALLEL_DIRECT_WRITES).isEqualTo(64);
        assertThat(OpenFlags.PASSTHROUGH).isEqualTo(128);
        assertThat(OpenInFlags.KILL_SUIDGID).isEqualTo(1);
    }

    @Test
    void setattrValid() {
        assertThat(SetattrValid.MODE).isEqualTo(1);
        assertThat(SetattrValid.UID).isEqualTo(2);
        assertThat(SetattrValid.GID).isEqualTo(4);
        assertThat(SetattrValid.SIZE).isEqualTo(8);
        assertThat(SetattrValid.ATIME).isEqualTo(16);
        assertThat(SetattrValid.MTIME).isEqualTo(32);
        assertThat(SetattrValid.FH).isEqualTo(64);
        assertThat(SetattrValid.ATIME_NOW).isEqualTo(128);
        assertThat(SetattrValid.MTIME_NOW).isEqualTo(256);
        assertThat(SetattrValid.LOCKOWNER).isEqualTo(512);
        assertThat(SetattrValid.CTIME).isEqualTo(1024);
        assertThat(SetattrValid.KILL_SUIDGID).isEqualTo(2048);
    }

    @Test
    void requestFlagFamilies() {
        assertThat(WriteFlags.CACHE).isEqualTo(1);
        assertThat(WriteFlags.LOCKOWNER).isEqualTo(2);
        assertThat(WriteFlags.KILL_SUIDGID).isEqualTo(4);
        assertThat(ReadFlags.LOCKOWNER).isEqualTo(2);
        assertThat(ReleaseFlags.FLUSH).isEqualTo(1);
        assertThat(ReleaseFlags.FLOCK_UNLOCK).isEqualTo(2);
        assertThat(GetattrFlags.FH).isEqualTo(1);
        assertThat(LkFlags.FLOCK).isEqualTo(1);
        assertThat(PollFlags.SCHEDULE_NOTIFY).isEqualTo(1);
        assertThat(FsyncFlags.FDATASYNC).isEqualTo(1);
        assertThat(SetxattrFlags.ACL_KILL_SGID).isEqualTo(1);
        assertThat(RenameFlags.NOREPLACE).isEqualTo(1);
        assertThat(RenameFlags.EXCHANGE).isEqualTo(2);
        assertThat(RenameFlags.WHITEOUT).isEqualTo(4);
    }

    @Test
    void ioctlFlags() {
        assertThat(IoctlFlags.COMPAT).isEqualTo(1);
        assertThat(IoctlFlags.UNRESTRICTED).isEqualTo(2);
        assertThat(IoctlFlags.RETRY).isEqualTo(4);
        assertThat(IoctlFlags.BIT32).isEqualTo(8);
        assertThat(IoctlFlags.DIR).isEqualTo(16);
        assertThat(IoctlFlags.COMPAT_X32).isEqualTo(32);
        assertThat(IoctlFlags.MAX_IOV).isEqualTo(256);
    }

    @Test
    void replyFlagFamilies() {
        assertThat(AttrFlags.SUBMOUNT).isEqualTo(1);
        assertThat(AttrFlags.DAX).isEqualTo(2);
        assertThat(EntryFlags.EXPIRE_ONLY).isEqualTo(1);
    }

    @Test
    void notifyCodes() {
        assertThat(NotifyCode.POLL).isEqualTo(1);
        assertThat(NotifyCode.INVAL_INODE).isEqualTo(2);
        assertThat(NotifyCode.INVAL_ENTRY).isEqualTo(3);
        assertThat(NotifyCode.STORE).isEqualTo(4);
        assertThat(NotifyCode.RETRIEVE).isEqualTo(5);
        assertThat(NotifyCode.DELETE).isEqualTo(6);
        assertThat(NotifyCode.RESEND).isEqualTo(7);
        assertThat(NotifyCode.INC_EPOCH).isEqualTo(8);
        assertThat(NotifyCode.PRUNE).isEqualTo(9);
    }

    @Test
    void versionAndScalars() {
        assertThat(FuseVersion.KERNEL_VERSION).isEqualTo(7);
        assertThat(FuseVersion.KERNEL_MINOR_VERSION).isEqualTo(45);
        assertThat(FuseVersion.ROOT_ID).isEqualTo(1);
        assertThat(FuseVersion.MIN_READ_BUFFER).isEqualTo(8192);
        assertThat(FuseVersion.INT_REQ_BIT).isEqualTo(1);
        assertThat(FuseVersion.REQ_ID_STEP).isEqualTo(2);
        assertThat(FuseVersion.UNIQUE_RESEND).isEqualTo(0x8000_0000_0000_0000L);
        assertThat(FuseVersion.INVALID_UIDGID).isEqualTo(0xFFFF_FFFF);
    }
}
