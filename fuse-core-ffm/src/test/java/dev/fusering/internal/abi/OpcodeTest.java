package dev.fusering.internal.abi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks the opcode numbers, names and the per-opcode argument size tables. */
class OpcodeTest {

    @Test
    void numbersMatchTheHeader() {
        assertThat(Opcode.LOOKUP).isEqualTo(1);
        assertThat(Opcode.FORGET).isEqualTo(2);
        assertThat(Opcode.GETATTR).isEqualTo(3);
        assertThat(Opcode.SETATTR).isEqualTo(4);
        assertThat(Opcode.READLINK).isEqualTo(5);
        assertThat(Opcode.SYMLINK).isEqualTo(6);
        assertThat(Opcode.MKNOD).isEqualTo(8);
        assertThat(Opcode.MKDIR).isEqualTo(9);
        assertThat(Opcode.UNLINK).isEqualTo(10);
        assertThat(Opcode.RMDIR).isEqualTo(11);
        assertThat(Opcode.RENAME).isEqualTo(12);
        assertThat(Opcode.LINK).isEqualTo(13);
        assertThat(Opcode.OPEN).isEqualTo(14);
        assertThat(Opcode.READ).isEqualTo(15);
        assertThat(Opcode.WRITE).isEqualTo(16);
        assertThat(Opcode.STATFS).isEqualTo(17);
        assertThat(Opcode.RELEASE).isEqualTo(18);
        assertThat(Opcode.FSYNC).isEqualTo(20);
        assertThat(Opcode.SETXATTR).isEqualTo(21);
        assertThat(Opcode.GETXATTR).isEqualTo(22);
        assertThat(Opcode.LISTXATTR).isEqualTo(23);
        assertThat(Opcode.REMOVEXATTR).isEqualTo(24);
        assertThat(Opcode.FLUSH).isEqualTo(25);
        assertThat(Opcode.INIT).isEqualTo(26);
        assertThat(Opcode.OPENDIR).isEqualTo(27);
        assertThat(Opcode.READDIR).isEqualTo(28);
        assertThat(Opcode.RELEASEDIR).isEqualTo(29);
        assertThat(Opcode.FSYNCDIR).isEqualTo(30);
        assertThat(Opcode.GETLK).isEqualTo(31);
        assertThat(Opcode.SETLK).isEqualTo(32);
        assertThat(Opcode.SETLKW).isEqualTo(33);
        assertThat(Opcode.ACCESS).isEqualTo(34);
        assertThat(Opcode.CREATE).isEqualTo(35);
        assertThat(Opcode.INTERRUPT).isEqualTo(36);
        assertThat(Opcode.BMAP).isEqualTo(37);
        assertThat(Opcode.DESTROY).isEqualTo(38);
        assertThat(Opcode.IOCTL).isEqualTo(39);
        assertThat(Opcode.POLL).isEqualTo(40);
        assertThat(Opcode.NOTIFY_REPLY).isEqualTo(41);
        assertThat(Opcode.BATCH_FORGET).isEqualTo(42);
        assertThat(Opcode.FALLOCATE).isEqualTo(43);
        assertThat(Opcode.READDIRPLUS).isEqualTo(44);
        assertThat(Opcode.RENAME2).isEqualTo(45);
        assertThat(Opcode.LSEEK).isEqualTo(46);
        assertThat(Opcode.COPY_FILE_RANGE).isEqualTo(47);
        assertThat(Opcode.SETUPMAPPING).isEqualTo(48);
        assertThat(Opcode.REMOVEMAPPING).isEqualTo(49);
        assertThat(Opcode.SYNCFS).isEqualTo(50);
        assertThat(Opcode.TMPFILE).isEqualTo(51);
        assertThat(Opcode.STATX).isEqualTo(52);
        assertThat(Opcode.COPY_FILE_RANGE_64).isEqualTo(53);
        assertThat(Opcode.CUSE_INIT).isEqualTo(4096);
        assertThat(Opcode.MAX).isEqualTo(53);
    }

    @Test
    void namesOfKnownOpcodesAreConstants() {
        assertThat(Opcode.name(Opcode.LOOKUP)).isEqualTo("LOOKUP");
        assertThat(Opcode.name(Opcode.COPY_FILE_RANGE_64)).isEqualTo("COPY_FILE_RANGE_64");
        assertThat(Opcode.name(Opcode.CUSE_INIT)).isEqualTo("CUSE_INIT");
        assertThat(Opcode.name(Opcode.READDIRPLUS)).isSameAs(Opcode.name(Opcode.READDIRPLUS));
        for (int opcode = 1; opcode <= Opcode.MAX; opcode++) {
            if (opcode == 7 || opcode == 19) {
                continue;
            }
            assertThat(Opcode.name(opcode)).as("opcode %d", opcode).doesNotStartWith("OPCODE_");
        }
    }

    @Test
    void namesOfUnknownOpcodes() {
        assertThat(Opcode.name(7)).isEqualTo("OPCODE_7");
        assertThat(Opcode.name(19)).isEqualTo("OPCODE_19");
        assertThat(Opcode.name(54)).isEqualTo("OPCODE_54");
        assertThat(Opcode.name(-1)).isEqualTo("OPCODE_-1");
    }

    @Test
    void inArgSizes() {
        assertThat(Opcode.inArgSize(Opcode.LOOKUP)).isZero();
        assertThat(Opcode.inArgSize(Opcode.FORGET)).isEqualTo(8);
        assertThat(Opcode.inArgSize(Opcode.GETATTR)).isEqualTo(16);
        assertThat(Opcode.inArgSize(Opcode.SETATTR)).isEqualTo(88);
        assertThat(Opcode.inArgSize(Opcode.READLINK)).isZero();
        assertThat(Opcode.inArgSize(Opcode.SYMLINK)).isZero();
        assertThat(Opcode.inArgSize(Opcode.MKNOD)).isEqualTo(16);
        assertThat(Opcode.inArgSize(Opcode.MKDIR)).isEqualTo(8);
        assertThat(Opcode.inArgSize(Opcode.UNLINK)).isZero();
        assertThat(Opcode.inArgSize(Opcode.RMDIR)).isZero();
        assertThat(Opcode.inArgSize(Opcode.RENAME)).isEqualTo(8);
        assertThat(Opcode.inArgSize(Opcode.LINK)).isEqualTo(8);
        assertThat(Opcode.inArgSize(Opcode.OPEN)).isEqualTo(8);
        assertThat(Opcode.inArgSize(Opcode.READ)).isEqualTo(40);
        assertThat(Opcode.inArgSize(Opcode.WRITE)).isEqualTo(40);
        assertThat(Opcode.inArgSize(Opcode.STATFS)).isZero();
        assertThat(Opcode.inArgSize(Opcode.RELEASE)).isEqualTo(24);
        assertThat(Opcode.inArgSize(Opcode.FSYNC)).isEqualTo(16);
        assertThat(Opcode.inArgSize(Opcode.SETXATTR)).isEqualTo(16);
        assertThat(Opcode.inArgSize(Opcode.GETXATTR)).isEqualTo(8);
        assertThat(Opcode.inArgSize(Opcode.LISTXATTR)).isEqualTo(8);
        assertThat(Opcode.inArgSize(Opcode.REMOVEXATTR)).isZero();
        assertThat(Opcode.inArgSize(Opcode.FLUSH)).isEqualTo(24);
        assertThat(Opcode.inArgSize(Opcode.INIT)).isEqualTo(64);
        assertThat(Opcode.inArgSize(Opcode.OPENDIR)).isEqualTo(8);
        assertThat(Opcode.inArgSize(Opcode.READDIR)).isEqualTo(40);
        assertThat(Opcode.inArgSize(Opcode.RELEASEDIR)).isEqualTo(24);
        assertThat(Opcode.inArgSize(Opcode.FSYNCDIR)).isEqualTo(16);
        assertThat(Opcode.inArgSize(Opcode.GETLK)).isEqualTo(48);
        assertThat(Opcode.inArgSize(Opcode.SETLK)).isEqualTo(48);
        assertThat(Opcode.inArgSize(Opcode.SETLKW)).isEqualTo(48);
        assertThat(Opcode.inArgSize(Opcode.ACCESS)).isEqualTo(8);
        assertThat(Opcode.inArgSize(Opcode.CREATE)).isEqualTo(16);
        assertThat(Opcode.inArgSize(Opcode.INTERRUPT)).isEqualTo(8);
        assertThat(Opcode.inArgSize(Opcode.BMAP)).isEqualTo(16);
        assertThat(Opcode.inArgSize(Opcode.DESTROY)).isZero();
        assertThat(Opcode.inArgSize(Opcode.IOCTL)).isEqualTo(32);
        assertThat(Opcode.inArgSize(Opcode.POLL)).isEqualTo(24);
        assertThat(Opcode.inArgSize(Opcode.NOTIFY_REPLY)).isZero();
        assertThat(Opcode.inArgSize(Opcode.BATCH_FORGET)).isEqualTo(8);
        assertThat(Opcode.inArgSize(Opcode.FALLOCATE)).isEqualTo(32);
        assertThat(Opcode.inArgSize(Opcode.READDIRPLUS)).isEqualTo(40);
        assertThat(Opcode.inArgSize(Opcode.RENAME2)).isEqualTo(16);
        assertThat(Opcode.inArgSize(Opcode.LSEEK)).isEqualTo(24);
        assertThat(Opcode.inArgSize(Opcode.COPY_FILE_RANGE)).isEqualTo(56);
        assertThat(Opcode.inArgSize(Opcode.SETUPMAPPING)).isEqualTo(-1);
        assertThat(Opcode.inArgSize(Opcode.REMOVEMAPPING)).isEqualTo(-1);
        assertThat(Opcode.inArgSize(Opcode.SYNCFS)).isEqualTo(-1);
        assertThat(Opcode.inArgSize(Opcode.TMPFILE)).isEqualTo(16);
        assertThat(Opcode.inArgSize(Opcode.STATX)).isEqualTo(24);
        assertThat(Opcode.inArgSize(Opcode.COPY_FILE_RANGE_64)).isEqualTo(56);
        assertThat(Opcode.inArgSize(Opcode.CUSE_INIT)).isEqualTo(-1);
        assertThat(Opcode.inArgSize(7)).isEqualTo(-1);
        assertThat(Opcode.inArgSize(54)).isEqualTo(-1);
    }

    @Test
    void inArgSizesAreTheStructSizes() {
        assertThat((long) Opcode.inArgSize(Opcode.FORGET)).isEqualTo(FuseForgetIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.GETATTR)).isEqualTo(FuseGetattrIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.SETATTR)).isEqualTo(FuseSetattrIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.MKNOD)).isEqualTo(FuseMknodIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.MKDIR)).isEqualTo(FuseMkdirIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.RENAME)).isEqualTo(FuseRenameIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.LINK)).isEqualTo(FuseLinkIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.OPEN)).isEqualTo(FuseOpenIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.READ)).isEqualTo(FuseReadIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.WRITE)).isEqualTo(FuseWriteIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.RELEASE)).isEqualTo(FuseReleaseIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.FSYNC)).isEqualTo(FuseFsyncIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.SETXATTR)).isEqualTo(FuseSetxattrIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.GETXATTR)).isEqualTo(FuseGetxattrIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.FLUSH)).isEqualTo(FuseFlushIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.INIT)).isEqualTo(FuseInitIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.GETLK)).isEqualTo(FuseLkIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.ACCESS)).isEqualTo(FuseAccessIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.CREATE)).isEqualTo(FuseCreateIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.INTERRUPT)).isEqualTo(FuseInterruptIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.BMAP)).isEqualTo(FuseBmapIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.IOCTL)).isEqualTo(FuseIoctlIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.POLL)).isEqualTo(FusePollIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.BATCH_FORGET)).isEqualTo(FuseBatchForgetIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.FALLOCATE)).isEqualTo(FuseFallocateIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.RENAME2)).isEqualTo(FuseRename2In.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.LSEEK)).isEqualTo(FuseLseekIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.COPY_FILE_RANGE_64)).isEqualTo(FuseCopyFileRangeIn.SIZE);
        assertThat((long) Opcode.inArgSize(Opcode.STATX)).isEqualTo(FuseStatxIn.SIZE);
    }

    @Test
    void requestLengthsMeasuredInRingMode() {
        // facts file section 2: in_header.len = 40 + op_in size + payload_sz
        assertThat(FuseInHeader.SIZE + Opcode.inArgSize(Opcode.LOOKUP) + "hello\0".length()).isEqualTo(46);
        assertThat(FuseInHeader.SIZE + Opcode.inArgSize(Opcode.READ) + 0).isEqualTo(80);
        assertThat(FuseInHeader.SIZE + Opcode.inArgSize(Opcode.GETXATTR) + 17).isEqualTo(65);
    }

    @Test
    void outArgSizes() {
        assertThat(Opcode.outArgSize(Opcode.LOOKUP)).isEqualTo(128);
        assertThat(Opcode.outArgSize(Opcode.MKNOD)).isEqualTo(128);
        assertThat(Opcode.outArgSize(Opcode.MKDIR)).isEqualTo(128);
        assertThat(Opcode.outArgSize(Opcode.SYMLINK)).isEqualTo(128);
        assertThat(Opcode.outArgSize(Opcode.LINK)).isEqualTo(128);
        assertThat(Opcode.outArgSize(Opcode.GETATTR)).isEqualTo(104);
        assertThat(Opcode.outArgSize(Opcode.SETATTR)).isEqualTo(104);
        assertThat(Opcode.outArgSize(Opcode.OPEN)).isEqualTo(16);
        assertThat(Opcode.outArgSize(Opcode.OPENDIR)).isEqualTo(16);
        assertThat(Opcode.outArgSize(Opcode.CREATE)).isEqualTo(144);
        assertThat(Opcode.outArgSize(Opcode.TMPFILE)).isEqualTo(144);
        assertThat(Opcode.outArgSize(Opcode.WRITE)).isEqualTo(8);
        assertThat(Opcode.outArgSize(Opcode.COPY_FILE_RANGE)).isEqualTo(8);
        assertThat(Opcode.outArgSize(Opcode.COPY_FILE_RANGE_64)).isEqualTo(8);
        assertThat(Opcode.outArgSize(Opcode.STATFS)).isEqualTo(80);
        assertThat(Opcode.outArgSize(Opcode.GETLK)).isEqualTo(24);
        assertThat(Opcode.outArgSize(Opcode.BMAP)).isEqualTo(8);
        assertThat(Opcode.outArgSize(Opcode.POLL)).isEqualTo(8);
        assertThat(Opcode.outArgSize(Opcode.LSEEK)).isEqualTo(8);
        assertThat(Opcode.outArgSize(Opcode.STATX)).isEqualTo(288);
        assertThat(Opcode.outArgSize(Opcode.INIT)).isEqualTo(64);
        for (int opcode : new int[] {Opcode.UNLINK, Opcode.RMDIR, Opcode.RENAME, Opcode.RENAME2, Opcode.RELEASE,
                Opcode.RELEASEDIR, Opcode.FLUSH, Opcode.FSYNC, Opcode.FSYNCDIR, Opcode.SETXATTR,
                Opcode.REMOVEXATTR, Opcode.ACCESS, Opcode.FALLOCATE, Opcode.SETLK, Opcode.SETLKW, Opcode.SYNCFS,
                Opcode.DESTROY}) {
            assertThat(Opcode.outArgSize(opcode)).as(Opcode.name(opcode)).isZero();
        }
        for (int opcode : new int[] {Opcode.READ, Opcode.READLINK, Opcode.READDIR, Opcode.READDIRPLUS,
                Opcode.GETXATTR, Opcode.LISTXATTR, Opcode.IOCTL, Opcode.FORGET, Opcode.BATCH_FORGET,
                Opcode.NOTIFY_REPLY, Opcode.INTERRUPT, Opcode.SETUPMAPPING, Opcode.REMOVEMAPPING,
                Opcode.CUSE_INIT, 7, 54}) {
            assertThat(Opcode.outArgSize(opcode)).as(Opcode.name(opcode)).isEqualTo(-1);
        }
    }

    @Test
    void opcodesWithoutReply() {
        assertThat(Opcode.hasReply(Opcode.FORGET)).isFalse();
        assertThat(Opcode.hasReply(Opcode.BATCH_FORGET)).isFalse();
        assertThat(Opcode.hasReply(Opcode.NOTIFY_REPLY)).isFalse();
        assertThat(Opcode.hasReply(Opcode.INTERRUPT)).isFalse();
        assertThat(Opcode.hasReply(Opcode.LOOKUP)).isTrue();
        assertThat(Opcode.hasReply(Opcode.RELEASE)).isTrue();
        assertThat(Opcode.hasReply(Opcode.INIT)).isTrue();
    }
}
