package dev.fusering.internal.abi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Checks every FUSE struct class of protocol 7.45 against its {@code LAYOUT} and against the sizes and
 * offsets of the C header, written here as literals.
 */
class StructLayoutsTest {

    @Test
    void fuseAttr() {
        StructCheck.of(FuseAttr.LAYOUT, FuseAttr.SIZE, 88)
                .field("ino", FuseAttr.INO, 0)
                .field("size", FuseAttr.SIZE_FIELD, 8)
                .field("blocks", FuseAttr.BLOCKS, 16)
                .field("atime", FuseAttr.ATIME, 24)
                .field("mtime", FuseAttr.MTIME, 32)
                .field("ctime", FuseAttr.CTIME, 40)
                .field("atimensec", FuseAttr.ATIMENSEC, 48)
                .field("mtimensec", FuseAttr.MTIMENSEC, 52)
                .field("ctimensec", FuseAttr.CTIMENSEC, 56)
                .field("mode", FuseAttr.MODE, 60)
                .field("nlink", FuseAttr.NLINK, 64)
                .field("uid", FuseAttr.UID, 68)
                .field("gid", FuseAttr.GID, 72)
                .field("rdev", FuseAttr.RDEV, 76)
                .field("blksize", FuseAttr.BLKSIZE, 80)
                .field("flags", FuseAttr.FLAGS, 84)
                .done();
    }

    @Test
    void fuseSxTime() {
        StructCheck.of(FuseSxTime.LAYOUT, FuseSxTime.SIZE, 16)
                .field("tv_sec", FuseSxTime.TV_SEC, 0)
                .field("tv_nsec", FuseSxTime.TV_NSEC, 8)
                .field("reserved", FuseSxTime.RESERVED, 12)
                .done();
    }

    @Test
    void fuseStatx() {
        StructCheck.of(FuseStatx.LAYOUT, FuseStatx.SIZE, 256)
                .field("mask", FuseStatx.MASK, 0)
                .field("blksize", FuseStatx.BLKSIZE, 4)
                .field("attributes", FuseStatx.ATTRIBUTES, 8)
                .field("nlink", FuseStatx.NLINK, 16)
                .field("uid", FuseStatx.UID, 20)
                .field("gid", FuseStatx.GID, 24)
                .field("mode", FuseStatx.MODE, 28)
                .field("spare0", FuseStatx.SPARE0, 30)
                .field("ino", FuseStatx.INO, 32)
                .field("size", FuseStatx.SIZE_FIELD, 40)
                .field("blocks", FuseStatx.BLOCKS, 48)
                .field("attributes_mask", FuseStatx.ATTRIBUTES_MASK, 56)
                .field("atime", FuseStatx.ATIME, 64)
                .field("btime", FuseStatx.BTIME, 80)
                .field("ctime", FuseStatx.CTIME, 96)
                .field("mtime", FuseStatx.MTIME, 112)
                .field("rdev_major", FuseStatx.RDEV_MAJOR, 128)
                .field("rdev_minor", FuseStatx.RDEV_MINOR, 132)
                .field("dev_major", FuseStatx.DEV_MAJOR, 136)
                .field("dev_minor", FuseStatx.DEV_MINOR, 140)
                .field("spare2", FuseStatx.SPARE2, 144)
                .done();
    }

    @Test
    void fuseKstatfs() {
        StructCheck.of(FuseKstatfs.LAYOUT, FuseKstatfs.SIZE, 80)
                .field("blocks", FuseKstatfs.BLOCKS, 0)
                .field("bfree", FuseKstatfs.BFREE, 8)
                .field("bavail", FuseKstatfs.BAVAIL, 16)
                .field("files", FuseKstatfs.FILES, 24)
                .field("ffree", FuseKstatfs.FFREE, 32)
                .field("bsize", FuseKstatfs.BSIZE, 40)
                .field("namelen", FuseKstatfs.NAMELEN, 44)
                .field("frsize", FuseKstatfs.FRSIZE, 48)
                .field("padding", FuseKstatfs.PADDING, 52)
                .field("spare", FuseKstatfs.SPARE, 56)
                .done();
    }

    @Test
    void fuseFileLock() {
        StructCheck.of(FuseFileLock.LAYOUT, FuseFileLock.SIZE, 24)
                .field("start", FuseFileLock.START, 0)
                .field("end", FuseFileLock.END, 8)
                .field("type", FuseFileLock.TYPE, 16)
                .field("pid", FuseFileLock.PID, 20)
                .done();
    }

    @Test
    void fuseEntryOut() {
        StructCheck.of(FuseEntryOut.LAYOUT, FuseEntryOut.SIZE, 128)
                .field("nodeid", FuseEntryOut.NODEID, 0)
                .field("generation", FuseEntryOut.GENERATION, 8)
                .field("entry_valid", FuseEntryOut.ENTRY_VALID, 16)
                .field("attr_valid", FuseEntryOut.ATTR_VALID, 24)
                .field("entry_valid_nsec", FuseEntryOut.ENTRY_VALID_NSEC, 32)
                .field("attr_valid_nsec", FuseEntryOut.ATTR_VALID_NSEC, 36)
                .field("attr", FuseEntryOut.ATTR, 40)
                .done();
    }

    @Test
    void fuseForgetIn() {
        StructCheck.of(FuseForgetIn.LAYOUT, FuseForgetIn.SIZE, 8)
                .field("nlookup", FuseForgetIn.NLOOKUP, 0)
                .done();
    }

    @Test
    void fuseForgetOne() {
        StructCheck.of(FuseForgetOne.LAYOUT, FuseForgetOne.SIZE, 16)
                .field("nodeid", FuseForgetOne.NODEID, 0)
                .field("nlookup", FuseForgetOne.NLOOKUP, 8)
                .done();
    }

    @Test
    void fuseBatchForgetIn() {
        StructCheck.of(FuseBatchForgetIn.LAYOUT, FuseBatchForgetIn.SIZE, 8)
                .field("count", FuseBatchForgetIn.COUNT, 0)
                .field("dummy", FuseBatchForgetIn.DUMMY, 4)
                .done();
    }

    @Test
    void fuseGetattrIn() {
        StructCheck.of(FuseGetattrIn.LAYOUT, FuseGetattrIn.SIZE, 16)
                .field("getattr_flags", FuseGetattrIn.GETATTR_FLAGS, 0)
                .field("dummy", FuseGetattrIn.DUMMY, 4)
                .field("fh", FuseGetattrIn.FH, 8)
                .done();
    }

    @Test
    void fuseAttrOut() {
        StructCheck.of(FuseAttrOut.LAYOUT, FuseAttrOut.SIZE, 104)
                .field("attr_valid", FuseAttrOut.ATTR_VALID, 0)
                .field("attr_valid_nsec", FuseAttrOut.ATTR_VALID_NSEC, 8)
                .field("dummy", FuseAttrOut.DUMMY, 12)
                .field("attr", FuseAttrOut.ATTR, 16)
                .done();
    }

    @Test
    void fuseStatxIn() {
        StructCheck.of(FuseStatxIn.LAYOUT, FuseStatxIn.SIZE, 24)
                .field("getattr_flags", FuseStatxIn.GETATTR_FLAGS, 0)
                .field("reserved", FuseStatxIn.RESERVED, 4)
                .field("fh", FuseStatxIn.FH, 8)
                .field("sx_flags", FuseStatxIn.SX_FLAGS, 16)
                .field("sx_mask", FuseStatxIn.SX_MASK, 20)
                .done();
    }

    @Test
    void fuseStatxOut() {
        StructCheck.of(FuseStatxOut.LAYOUT, FuseStatxOut.SIZE, 288)
                .field("attr_valid", FuseStatxOut.ATTR_VALID, 0)
                .field("attr_valid_nsec", FuseStatxOut.ATTR_VALID_NSEC, 8)
                .field("flags", FuseStatxOut.FLAGS, 12)
                .field("spare", FuseStatxOut.SPARE, 16)
                .field("stat", FuseStatxOut.STAT, 32)
                .done();
    }

    @Test
    void fuseMknodIn() {
        StructCheck.of(FuseMknodIn.LAYOUT, FuseMknodIn.SIZE, 16)
                .field("mode", FuseMknodIn.MODE, 0)
                .field("rdev", FuseMknodIn.RDEV, 4)
                .field("umask", FuseMknodIn.UMASK, 8)
                .field("padding", FuseMknodIn.PADDING, 12)
                .done();
    }

    @Test
    void fuseMkdirIn() {
        StructCheck.of(FuseMkdirIn.LAYOUT, FuseMkdirIn.SIZE, 8)
                .field("mode", FuseMkdirIn.MODE, 0)
                .field("umask", FuseMkdirIn.UMASK, 4)
                .done();
    }

    @Test
    void fuseRenameIn() {
        StructCheck.of(FuseRenameIn.LAYOUT, FuseRenameIn.SIZE, 8)
                .field("newdir", FuseRenameIn.NEWDIR, 0)
                .done();
    }

    @Test
    void fuseRename2In() {
        StructCheck.of(FuseRename2In.LAYOUT, FuseRename2In.SIZE, 16)
                .field("newdir", FuseRename2In.NEWDIR, 0)
                .field("flags", FuseRename2In.FLAGS, 8)
                .field("padding", FuseRename2In.PADDING, 12)
                .done();
    }

    @Test
    void fuseLinkIn() {
        StructCheck.of(FuseLinkIn.LAYOUT, FuseLinkIn.SIZE, 8)
                .field("oldnodeid", FuseLinkIn.OLDNODEID, 0)
                .done();
    }

    @Test
    void fuseSetattrIn() {
        StructCheck.of(FuseSetattrIn.LAYOUT, FuseSetattrIn.SIZE, 88)
                .field("valid", FuseSetattrIn.VALID, 0)
                .field("padding", FuseSetattrIn.PADDING, 4)
                .field("fh", FuseSetattrIn.FH, 8)
                .field("size", FuseSetattrIn.SIZE_FIELD, 16)
                .field("lock_owner", FuseSetattrIn.LOCK_OWNER, 24)
                .field("atime", FuseSetattrIn.ATIME, 32)
                .field("mtime", FuseSetattrIn.MTIME, 40)
                .field("ctime", FuseSetattrIn.CTIME, 48)
                .field("atimensec", FuseSetattrIn.ATIMENSEC, 56)
                .field("mtimensec", FuseSetattrIn.MTIMENSEC, 60)
                .field("ctimensec", FuseSetattrIn.CTIMENSEC, 64)
                .field("mode", FuseSetattrIn.MODE, 68)
                .field("unused4", FuseSetattrIn.UNUSED4, 72)
                .field("uid", FuseSetattrIn.UID, 76)
                .field("gid", FuseSetattrIn.GID, 80)
                .field("unused5", FuseSetattrIn.UNUSED5, 84)
                .done();
    }

    @Test
    void fuseOpenIn() {
        StructCheck.of(FuseOpenIn.LAYOUT, FuseOpenIn.SIZE, 8)
                .field("flags", FuseOpenIn.FLAGS, 0)
                .field("open_flags", FuseOpenIn.OPEN_FLAGS, 4)
                .done();
    }

    @Test
    void fuseCreateIn() {
        StructCheck.of(FuseCreateIn.LAYOUT, FuseCreateIn.SIZE, 16)
                .field("flags", FuseCreateIn.FLAGS, 0)
                .field("mode", FuseCreateIn.MODE, 4)
                .field("umask", FuseCreateIn.UMASK, 8)
                .field("open_flags", FuseCreateIn.OPEN_FLAGS, 12)
                .done();
    }

    @Test
    void fuseOpenOut() {
        StructCheck.of(FuseOpenOut.LAYOUT, FuseOpenOut.SIZE, 16)
                .field("fh", FuseOpenOut.FH, 0)
                .field("open_flags", FuseOpenOut.OPEN_FLAGS, 8)
                .field("backing_id", FuseOpenOut.BACKING_ID, 12)
                .done();
    }

    @Test
    void fuseReleaseIn() {
        StructCheck.of(FuseReleaseIn.LAYOUT, FuseReleaseIn.SIZE, 24)
                .field("fh", FuseReleaseIn.FH, 0)
                .field("flags", FuseReleaseIn.FLAGS, 8)
                .field("release_flags", FuseReleaseIn.RELEASE_FLAGS, 12)
                .field("lock_owner", FuseReleaseIn.LOCK_OWNER, 16)
                .done();
    }

    @Test
    void fuseFlushIn() {
        StructCheck.of(FuseFlushIn.LAYOUT, FuseFlushIn.SIZE, 24)
                .field("fh", FuseFlushIn.FH, 0)
                .field("unused", FuseFlushIn.UNUSED, 8)
                .field("padding", FuseFlushIn.PADDING, 12)
                .field("lock_owner", FuseFlushIn.LOCK_OWNER, 16)
                .done();
    }

    @Test
    void fuseReadIn() {
        StructCheck.of(FuseReadIn.LAYOUT, FuseReadIn.SIZE, 40)
                .field("fh", FuseReadIn.FH, 0)
                .field("offset", FuseReadIn.OFFSET, 8)
                .field("size", FuseReadIn.SIZE_FIELD, 16)
                .field("read_flags", FuseReadIn.READ_FLAGS, 20)
                .field("lock_owner", FuseReadIn.LOCK_OWNER, 24)
                .field("flags", FuseReadIn.FLAGS, 32)
                .field("padding", FuseReadIn.PADDING, 36)
                .done();
    }

    @Test
    void fuseWriteIn() {
        StructCheck.of(FuseWriteIn.LAYOUT, FuseWriteIn.SIZE, 40)
                .field("fh", FuseWriteIn.FH, 0)
                .field("offset", FuseWriteIn.OFFSET, 8)
                .field("size", FuseWriteIn.SIZE_FIELD, 16)
                .field("write_flags", FuseWriteIn.WRITE_FLAGS, 20)
                .field("lock_owner", FuseWriteIn.LOCK_OWNER, 24)
                .field("flags", FuseWriteIn.FLAGS, 32)
                .field("padding", FuseWriteIn.PADDING, 36)
                .done();
    }

    @Test
    void fuseWriteOut() {
        StructCheck.of(FuseWriteOut.LAYOUT, FuseWriteOut.SIZE, 8)
                .field("size", FuseWriteOut.SIZE_FIELD, 0)
                .field("padding", FuseWriteOut.PADDING, 4)
                .done();
    }

    @Test
    void fuseStatfsOut() {
        StructCheck.of(FuseStatfsOut.LAYOUT, FuseStatfsOut.SIZE, 80)
                .field("st", FuseStatfsOut.ST, 0)
                .done();
    }

    @Test
    void fuseFsyncIn() {
        StructCheck.of(FuseFsyncIn.LAYOUT, FuseFsyncIn.SIZE, 16)
                .field("fh", FuseFsyncIn.FH, 0)
                .field("fsync_flags", FuseFsyncIn.FSYNC_FLAGS, 8)
                .field("padding", FuseFsyncIn.PADDING, 12)
                .done();
    }

    @Test
    void fuseSetxattrIn() {
        StructCheck.of(FuseSetxattrIn.LAYOUT, FuseSetxattrIn.SIZE, 16)
                .field("size", FuseSetxattrIn.SIZE_FIELD, 0)
                .field("flags", FuseSetxattrIn.FLAGS, 4)
                .field("setxattr_flags", FuseSetxattrIn.SETXATTR_FLAGS, 8)
                .field("padding", FuseSetxattrIn.PADDING, 12)
                .done();
    }

    @Test
    void fuseGetxattrIn() {
        StructCheck.of(FuseGetxattrIn.LAYOUT, FuseGetxattrIn.SIZE, 8)
                .field("size", FuseGetxattrIn.SIZE_FIELD, 0)
                .field("padding", FuseGetxattrIn.PADDING, 4)
                .done();
    }

    @Test
    void fuseGetxattrOut() {
        StructCheck.of(FuseGetxattrOut.LAYOUT, FuseGetxattrOut.SIZE, 8)
                .field("size", FuseGetxattrOut.SIZE_FIELD, 0)
                .field("padding", FuseGetxattrOut.PADDING, 4)
                .done();
    }

    @Test
    void fuseLkIn() {
        StructCheck.of(FuseLkIn.LAYOUT, FuseLkIn.SIZE, 48)
                .field("fh", FuseLkIn.FH, 0)
                .field("owner", FuseLkIn.OWNER, 8)
                .field("lk", FuseLkIn.LK, 16)
                .field("lk_flags", FuseLkIn.LK_FLAGS, 40)
                .field("padding", FuseLkIn.PADDING, 44)
                .done();
    }

    @Test
    void fuseLkOut() {
        StructCheck.of(FuseLkOut.LAYOUT, FuseLkOut.SIZE, 24)
                .field("lk", FuseLkOut.LK, 0)
                .done();
    }

    @Test
    void fuseAccessIn() {
        StructCheck.of(FuseAccessIn.LAYOUT, FuseAccessIn.SIZE, 8)
                .field("mask", FuseAccessIn.MASK, 0)
                .field("padding", FuseAccessIn.PADDING, 4)
                .done();
    }

    @Test
    void fuseInitIn() {
        StructCheck.of(FuseInitIn.LAYOUT, FuseInitIn.SIZE, 64)
                .field("major", FuseInitIn.MAJOR, 0)
                .field("minor", FuseInitIn.MINOR, 4)
                .field("max_readahead", FuseInitIn.MAX_READAHEAD, 8)
                .field("flags", FuseInitIn.FLAGS, 12)
                .field("flags2", FuseInitIn.FLAGS2, 16)
                .field("unused", FuseInitIn.UNUSED, 20)
                .done();
    }

    @Test
    void fuseInitOut() {
        StructCheck.of(FuseInitOut.LAYOUT, FuseInitOut.SIZE, 64)
                .field("major", FuseInitOut.MAJOR, 0)
                .field("minor", FuseInitOut.MINOR, 4)
                .field("max_readahead", FuseInitOut.MAX_READAHEAD, 8)
                .field("flags", FuseInitOut.FLAGS, 12)
                .field("max_background", FuseInitOut.MAX_BACKGROUND, 16)
                .field("congestion_threshold", FuseInitOut.CONGESTION_THRESHOLD, 18)
                .field("max_write", FuseInitOut.MAX_WRITE, 20)
                .field("time_gran", FuseInitOut.TIME_GRAN, 24)
                .field("max_pages", FuseInitOut.MAX_PAGES, 28)
                .field("map_alignment", FuseInitOut.MAP_ALIGNMENT, 30)
                .field("flags2", FuseInitOut.FLAGS2, 32)
                .field("max_stack_depth", FuseInitOut.MAX_STACK_DEPTH, 36)
                .field("request_timeout", FuseInitOut.REQUEST_TIMEOUT, 40)
                .field("unused", FuseInitOut.UNUSED, 42)
                .done();
    }

    @Test
    void fuseInterruptIn() {
        StructCheck.of(FuseInterruptIn.LAYOUT, FuseInterruptIn.SIZE, 8)
                .field("unique", FuseInterruptIn.UNIQUE, 0)
                .done();
    }

    @Test
    void fuseBmapIn() {
        StructCheck.of(FuseBmapIn.LAYOUT, FuseBmapIn.SIZE, 16)
                .field("block", FuseBmapIn.BLOCK, 0)
                .field("blocksize", FuseBmapIn.BLOCKSIZE, 8)
                .field("padding", FuseBmapIn.PADDING, 12)
                .done();
    }

    @Test
    void fuseBmapOut() {
        StructCheck.of(FuseBmapOut.LAYOUT, FuseBmapOut.SIZE, 8)
                .field("block", FuseBmapOut.BLOCK, 0)
                .done();
    }

    @Test
    void fuseIoctlIn() {
        StructCheck.of(FuseIoctlIn.LAYOUT, FuseIoctlIn.SIZE, 32)
                .field("fh", FuseIoctlIn.FH, 0)
                .field("flags", FuseIoctlIn.FLAGS, 8)
                .field("cmd", FuseIoctlIn.CMD, 12)
                .field("arg", FuseIoctlIn.ARG, 16)
                .field("in_size", FuseIoctlIn.IN_SIZE, 24)
                .field("out_size", FuseIoctlIn.OUT_SIZE, 28)
                .done();
    }

    @Test
    void fuseIoctlIovec() {
        StructCheck.of(FuseIoctlIovec.LAYOUT, FuseIoctlIovec.SIZE, 16)
                .field("base", FuseIoctlIovec.BASE, 0)
                .field("len", FuseIoctlIovec.LEN, 8)
                .done();
    }

    @Test
    void fuseIoctlOut() {
        StructCheck.of(FuseIoctlOut.LAYOUT, FuseIoctlOut.SIZE, 16)
                .field("result", FuseIoctlOut.RESULT, 0)
                .field("flags", FuseIoctlOut.FLAGS, 4)
                .field("in_iovs", FuseIoctlOut.IN_IOVS, 8)
                .field("out_iovs", FuseIoctlOut.OUT_IOVS, 12)
                .done();
    }

    @Test
    void fusePollIn() {
        StructCheck.of(FusePollIn.LAYOUT, FusePollIn.SIZE, 24)
                .field("fh", FusePollIn.FH, 0)
                .field("kh", FusePollIn.KH, 8)
                .field("flags", FusePollIn.FLAGS, 16)
                .field("events", FusePollIn.EVENTS, 20)
                .done();
    }

    @Test
    void fusePollOut() {
        StructCheck.of(FusePollOut.LAYOUT, FusePollOut.SIZE, 8)
                .field("revents", FusePollOut.REVENTS, 0)
                .field("padding", FusePollOut.PADDING, 4)
                .done();
    }

    @Test
    void fuseNotifyPollWakeupOut() {
        StructCheck.of(FuseNotifyPollWakeupOut.LAYOUT, FuseNotifyPollWakeupOut.SIZE, 8)
                .field("kh", FuseNotifyPollWakeupOut.KH, 0)
                .done();
    }

    @Test
    void fuseFallocateIn() {
        StructCheck.of(FuseFallocateIn.LAYOUT, FuseFallocateIn.SIZE, 32)
                .field("fh", FuseFallocateIn.FH, 0)
                .field("offset", FuseFallocateIn.OFFSET, 8)
                .field("length", FuseFallocateIn.LENGTH, 16)
                .field("mode", FuseFallocateIn.MODE, 24)
                .field("padding", FuseFallocateIn.PADDING, 28)
                .done();
    }

    @Test
    void fuseInHeader() {
        StructCheck.of(FuseInHeader.LAYOUT, FuseInHeader.SIZE, 40)
                .field("len", FuseInHeader.LEN, 0)
                .field("opcode", FuseInHeader.OPCODE, 4)
                .field("unique", FuseInHeader.UNIQUE, 8)
                .field("nodeid", FuseInHeader.NODEID, 16)
                .field("uid", FuseInHeader.UID, 24)
                .field("gid", FuseInHeader.GID, 28)
                .field("pid", FuseInHeader.PID, 32)
                .field("total_extlen", FuseInHeader.TOTAL_EXTLEN, 36)
                .field("padding", FuseInHeader.PADDING, 38)
                .done();
    }

    @Test
    void fuseOutHeader() {
        StructCheck.of(FuseOutHeader.LAYOUT, FuseOutHeader.SIZE, 16)
                .field("len", FuseOutHeader.LEN, 0)
                .field("error", FuseOutHeader.ERROR, 4)
                .field("unique", FuseOutHeader.UNIQUE, 8)
                .done();
    }

    @Test
    void fuseDirent() {
        StructCheck.of(FuseDirent.LAYOUT, FuseDirent.SIZE, 24)
                .field("ino", FuseDirent.INO, 0)
                .field("off", FuseDirent.OFF, 8)
                .field("namelen", FuseDirent.NAMELEN, 16)
                .field("type", FuseDirent.TYPE, 20)
                .done();
    }

    @Test
    void fuseDirentplus() {
        StructCheck.of(FuseDirentplus.LAYOUT, FuseDirentplus.SIZE, 152)
                .field("entry_out", FuseDirentplus.ENTRY_OUT, 0)
                .field("dirent", FuseDirentplus.DIRENT, 128)
                .done();
    }

    @Test
    void fuseNotifyInvalInodeOut() {
        StructCheck.of(FuseNotifyInvalInodeOut.LAYOUT, FuseNotifyInvalInodeOut.SIZE, 24)
                .field("ino", FuseNotifyInvalInodeOut.INO, 0)
                .field("off", FuseNotifyInvalInodeOut.OFF, 8)
                .field("len", FuseNotifyInvalInodeOut.LEN, 16)
                .done();
    }

    @Test
    void fuseNotifyInvalEntryOut() {
        StructCheck.of(FuseNotifyInvalEntryOut.LAYOUT, FuseNotifyInvalEntryOut.SIZE, 16)
                .field("parent", FuseNotifyInvalEntryOut.PARENT, 0)
                .field("namelen", FuseNotifyInvalEntryOut.NAMELEN, 8)
                .field("flags", FuseNotifyInvalEntryOut.FLAGS, 12)
                .done();
    }

    @Test
    void fuseNotifyDeleteOut() {
        StructCheck.of(FuseNotifyDeleteOut.LAYOUT, FuseNotifyDeleteOut.SIZE, 24)
                .field("parent", FuseNotifyDeleteOut.PARENT, 0)
                .field("child", FuseNotifyDeleteOut.CHILD, 8)
                .field("namelen", FuseNotifyDeleteOut.NAMELEN, 16)
                .field("padding", FuseNotifyDeleteOut.PADDING, 20)
                .done();
    }

    @Test
    void fuseNotifyStoreOut() {
        StructCheck.of(FuseNotifyStoreOut.LAYOUT, FuseNotifyStoreOut.SIZE, 24)
                .field("nodeid", FuseNotifyStoreOut.NODEID, 0)
                .field("offset", FuseNotifyStoreOut.OFFSET, 8)
                .field("size", FuseNotifyStoreOut.SIZE_FIELD, 16)
                .field("padding", FuseNotifyStoreOut.PADDING, 20)
                .done();
    }

    @Test
    void fuseNotifyRetrieveOut() {
        StructCheck.of(FuseNotifyRetrieveOut.LAYOUT, FuseNotifyRetrieveOut.SIZE, 32)
                .field("notify_unique", FuseNotifyRetrieveOut.NOTIFY_UNIQUE, 0)
                .field("nodeid", FuseNotifyRetrieveOut.NODEID, 8)
                .field("offset", FuseNotifyRetrieveOut.OFFSET, 16)
                .field("size", FuseNotifyRetrieveOut.SIZE_FIELD, 24)
                .field("padding", FuseNotifyRetrieveOut.PADDING, 28)
                .done();
    }

    @Test
    void fuseNotifyRetrieveIn() {
        StructCheck.of(FuseNotifyRetrieveIn.LAYOUT, FuseNotifyRetrieveIn.SIZE, 40)
                .field("dummy1", FuseNotifyRetrieveIn.DUMMY1, 0)
                .field("offset", FuseNotifyRetrieveIn.OFFSET, 8)
                .field("size", FuseNotifyRetrieveIn.SIZE_FIELD, 16)
                .field("dummy2", FuseNotifyRetrieveIn.DUMMY2, 20)
                .field("dummy3", FuseNotifyRetrieveIn.DUMMY3, 24)
                .field("dummy4", FuseNotifyRetrieveIn.DUMMY4, 32)
                .done();
    }

    @Test
    void fuseNotifyPruneOut() {
        StructCheck.of(FuseNotifyPruneOut.LAYOUT, FuseNotifyPruneOut.SIZE, 16)
                .field("count", FuseNotifyPruneOut.COUNT, 0)
                .field("padding", FuseNotifyPruneOut.PADDING, 4)
                .field("spare", FuseNotifyPruneOut.SPARE, 8)
                .done();
    }

    @Test
    void fuseBackingMap() {
        StructCheck.of(FuseBackingMap.LAYOUT, FuseBackingMap.SIZE, 16)
                .field("fd", FuseBackingMap.FD, 0)
                .field("flags", FuseBackingMap.FLAGS, 4)
                .field("padding", FuseBackingMap.PADDING, 8)
                .done();
    }

    @Test
    void fuseLseekIn() {
        StructCheck.of(FuseLseekIn.LAYOUT, FuseLseekIn.SIZE, 24)
                .field("fh", FuseLseekIn.FH, 0)
                .field("offset", FuseLseekIn.OFFSET, 8)
                .field("whence", FuseLseekIn.WHENCE, 16)
                .field("padding", FuseLseekIn.PADDING, 20)
                .done();
    }

    @Test
    void fuseLseekOut() {
        StructCheck.of(FuseLseekOut.LAYOUT, FuseLseekOut.SIZE, 8)
                .field("offset", FuseLseekOut.OFFSET, 0)
                .done();
    }

    @Test
    void fuseCopyFileRangeIn() {
        StructCheck.of(FuseCopyFileRangeIn.LAYOUT, FuseCopyFileRangeIn.SIZE, 56)
                .field("fh_in", FuseCopyFileRangeIn.FH_IN, 0)
                .field("off_in", FuseCopyFileRangeIn.OFF_IN, 8)
                .field("nodeid_out", FuseCopyFileRangeIn.NODEID_OUT, 16)
                .field("fh_out", FuseCopyFileRangeIn.FH_OUT, 24)
                .field("off_out", FuseCopyFileRangeIn.OFF_OUT, 32)
                .field("len", FuseCopyFileRangeIn.LEN, 40)
                .field("flags", FuseCopyFileRangeIn.FLAGS, 48)
                .done();
    }

    @Test
    void fuseCopyFileRangeOut() {
        StructCheck.of(FuseCopyFileRangeOut.LAYOUT, FuseCopyFileRangeOut.SIZE, 8)
                .field("bytes_copied", FuseCopyFileRangeOut.BYTES_COPIED, 0)
                .done();
    }

    @Test
    void fuseSyncfsIn() {
        StructCheck.of(FuseSyncfsIn.LAYOUT, FuseSyncfsIn.SIZE, 8)
                .field("padding", FuseSyncfsIn.PADDING, 0)
                .done();
    }

    @Test
    void sizesNamedInTheFactsFile() {
        assertThat(FuseInHeader.SIZE).isEqualTo(40);
        assertThat(FuseOutHeader.SIZE).isEqualTo(16);
        assertThat(FuseAttr.SIZE).isEqualTo(88);
        assertThat(FuseEntryOut.SIZE).isEqualTo(128);
        assertThat(FuseAttrOut.SIZE).isEqualTo(104);
        assertThat(FuseStatx.SIZE).isEqualTo(256);
        assertThat(FuseKstatfs.SIZE).isEqualTo(80);
        assertThat(FuseSetattrIn.SIZE).isEqualTo(88);
        assertThat(FuseOpenOut.SIZE).isEqualTo(16);
        assertThat(FuseReadIn.SIZE).isEqualTo(40);
        assertThat(FuseWriteIn.SIZE).isEqualTo(40);
        assertThat(FuseSetxattrIn.SIZE).isEqualTo(16);
        assertThat(FuseSetxattrIn.COMPAT_SIZE).isEqualTo(8);
        assertThat(FuseInitIn.SIZE).isEqualTo(64);
        assertThat(FuseInitOut.SIZE).isEqualTo(64);
        // read(/dev/fuse) of INIT returns 104 bytes: in-header + fuse_init_in
        assertThat(FuseInHeader.SIZE + FuseInitIn.SIZE).isEqualTo(104);
        // the INIT reply written to /dev/fuse: out-header + fuse_init_out
        assertThat(FuseOutHeader.SIZE + FuseInitOut.SIZE).isEqualTo(80);
        // an INVAL_ENTRY notification for "hello" must be exactly 16 + 16 + namelen + 1 bytes
        assertThat(FuseOutHeader.SIZE + FuseNotifyInvalEntryOut.SIZE + 5 + 1).isEqualTo(38);
    }

    @Test
    void initOutOffsetsFromTheFactsFile() {
        assertThat(FuseInitOut.MAJOR).isEqualTo(0);
        assertThat(FuseInitOut.MINOR).isEqualTo(4);
        assertThat(FuseInitOut.MAX_READAHEAD).isEqualTo(8);
        assertThat(FuseInitOut.FLAGS).isEqualTo(12);
        assertThat(FuseInitOut.MAX_BACKGROUND).isEqualTo(16);
        assertThat(FuseInitOut.CONGESTION_THRESHOLD).isEqualTo(18);
        assertThat(FuseInitOut.MAX_WRITE).isEqualTo(20);
        assertThat(FuseInitOut.TIME_GRAN).isEqualTo(24);
        assertThat(FuseInitOut.MAX_PAGES).isEqualTo(28);
        assertThat(FuseInitOut.MAP_ALIGNMENT).isEqualTo(30);
        assertThat(FuseInitOut.FLAGS2).isEqualTo(32);
        assertThat(FuseInitOut.MAX_STACK_DEPTH).isEqualTo(36);
        assertThat(FuseInitOut.REQUEST_TIMEOUT).isEqualTo(40);
        assertThat(FuseInitOut.UNUSED).isEqualTo(42);
    }

    @Test
    void direntRecordsArePaddedToEightBytes() {
        assertThat(FuseDirent.NAME).isEqualTo(24);
        assertThat(FuseDirent.recordSize(0)).isEqualTo(24);
        assertThat(FuseDirent.recordSize(1)).isEqualTo(32);
        assertThat(FuseDirent.recordSize(5)).isEqualTo(32);
        assertThat(FuseDirent.recordSize(8)).isEqualTo(32);
        assertThat(FuseDirent.recordSize(9)).isEqualTo(40);
        assertThat(FuseDirent.recordSize(255)).isEqualTo(280);
    }

    @Test
    void direntplusRecordsArePaddedToEightBytes() {
        assertThat(FuseDirentplus.NAME).isEqualTo(152);
        assertThat(FuseDirentplus.NAME).isEqualTo(FuseEntryOut.SIZE + FuseDirent.NAME);
        assertThat(FuseDirentplus.recordSize(0)).isEqualTo(152);
        assertThat(FuseDirentplus.recordSize(1)).isEqualTo(160);
        assertThat(FuseDirentplus.recordSize(5)).isEqualTo(160);
        assertThat(FuseDirentplus.recordSize(8)).isEqualTo(160);
        assertThat(FuseDirentplus.recordSize(9)).isEqualTo(168);
    }

    @Test
    void nestedStructOffsetsAddUp() {
        assertThat(FuseEntryOut.ATTR + FuseAttr.MTIMENSEC).isEqualTo(92);
        assertThat(FuseAttrOut.ATTR + FuseAttr.MODE).isEqualTo(76);
        assertThat(FuseDirentplus.DIRENT + FuseDirent.NAMELEN).isEqualTo(144);
        assertThat(FuseStatxOut.STAT + FuseStatx.BTIME + FuseSxTime.TV_NSEC).isEqualTo(120);
        assertThat(FuseLkIn.LK + FuseFileLock.PID).isEqualTo(36);
    }
}
