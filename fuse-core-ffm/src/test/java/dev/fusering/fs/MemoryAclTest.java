package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.testing.TestRequest;
import dev.fusering.testing.TestSetattr;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static dev.fusering.fs.MemoryTestKit.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

/** POSIX ACL extended attributes passed through to {@link MemoryFilesystem}. */
class MemoryAclTest {

    private static final long ROOT = Filesystem.ROOT_ID;
    private static final String ACCESS = "system.posix_acl_access";
    private static final String DEFAULT = "system.posix_acl_default";
    private static final int USER_OBJ = 0x01;
    private static final int USER = 0x02;
    private static final int GROUP_OBJ = 0x04;
    private static final int MASK = 0x10;
    private static final int OTHER = 0x20;

    private final MemoryTestKit kit = new MemoryTestKit(new MemoryFilesystem());
    private final long file = kit.create(ROOT, "f", 0700).node();

    /** Encodes an ACL: pairs of (tag, permissions), ids 1000 for named entries and -1 otherwise. */
    private static byte[] acl(int... tagsAndPermissions) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * tagsAndPermissions.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(2);
        for (int i = 0; i < tagsAndPermissions.length; i += 2) {
            int tag = tagsAndPermissions[i];
            buffer.putShort((short) tag).putShort((short) tagsAndPermissions[i + 1]);
            buffer.putInt(tag == USER ? 1000 : -1);
        }
        return buffer.array();
    }

    private int listedAttributes() {
        return kit.fs.listxattr(TestRequest.ROOT, file, MemorySegment.NULL);
    }

    @Test
    void minimalAccessAclSetsTheModeAndIsNotStored() {
        kit.setxattr(file, ACCESS, acl(USER_OBJ, 7, GROUP_OBJ, 5, OTHER, 4), 0);

        assertThat(kit.getattr(file).mode).isEqualTo(FileMode.S_IFREG | 0754);
        assertErrno(Errno.ENODATA, () -> kit.getxattr(file, ACCESS));
        assertThat(listedAttributes()).isZero();
    }

    @Test
    void extendedAccessAclIsStoredAndItsMaskGivesTheGroupBits() {
        byte[] extended = acl(USER_OBJ, 6, USER, 7, GROUP_OBJ, 4, MASK, 6, OTHER, 0);

        kit.setxattr(file, ACCESS, extended, 0);

        assertThat(kit.getattr(file).mode).isEqualTo(FileMode.S_IFREG | 0660);
        assertThat(kit.getxattr(file, ACCESS)).isEqualTo(extended);
        assertThat(listedAttributes()).isEqualTo(ACCESS.getBytes(StandardCharsets.UTF_8).length + 1);

        kit.setattr(file, new TestSetattr().mode(0751));

        assertThat(kit.getxattr(file, ACCESS)).isEqualTo(acl(USER_OBJ, 7, USER, 7, GROUP_OBJ, 4, MASK, 5, OTHER, 1));

        kit.setxattr(file, ACCESS, acl(USER_OBJ, 6, GROUP_OBJ, 4, OTHER, 4), 0);
        assertThat(kit.getattr(file).mode).isEqualTo(FileMode.S_IFREG | 0644);
        assertErrno(Errno.ENODATA, () -> kit.getxattr(file, ACCESS));
    }

    @Test
    void emptyAclAndRemovalDropTheStoredAcl() {
        kit.setxattr(file, ACCESS, acl(USER_OBJ, 6, USER, 7, GROUP_OBJ, 4, MASK, 6, OTHER, 0), 0);

        kit.setxattr(file, ACCESS, acl(), 0);
        assertErrno(Errno.ENODATA, () -> kit.getxattr(file, ACCESS));

        kit.fs.removexattr(TestRequest.ROOT, file, ACCESS);
        kit.fs.removexattr(TestRequest.ROOT, file, DEFAULT);
    }

    @Test
    void malformedAclsAreRejected() {
        assertErrno(Errno.EINVAL, () -> kit.setxattr(file, ACCESS, new byte[] {2, 0, 0}, 0));
        assertErrno(Errno.EINVAL, () -> kit.setxattr(file, ACCESS, acl(USER_OBJ, 7, OTHER, 0), 0));
        assertErrno(Errno.EINVAL,
                () -> kit.setxattr(file, ACCESS, acl(USER_OBJ, 7, USER, 7, GROUP_OBJ, 4, OTHER, 0), 0));
        assertErrno(Errno.EINVAL, () -> kit.setxattr(file, ACCESS, acl(USER_OBJ, 8, GROUP_OBJ, 4, OTHER, 0), 0));
        assertErrno(Errno.EINVAL,
                () -> kit.setxattr(file, ACCESS, acl(USER_OBJ, 7, USER_OBJ, 7, GROUP_OBJ, 4, OTHER, 0), 0));
        byte[] wrongVersion = acl(USER_OBJ, 7, GROUP_OBJ, 4, OTHER, 0);
        wrongVersion[0] = 1;
        assertErrno(Errno.EOPNOTSUPP, () -> kit.setxattr(file, ACCESS, wrongVersion, 0));
        assertThat(kit.getattr(file).mode).isEqualTo(FileMode.S_IFREG | 0700);
    }

    @Test
    void defaultAclOnlyOnDirectories() {
        long dir = kit.mkdir(ROOT, "d");
        byte[] minimal = acl(USER_OBJ, 7, GROUP_OBJ, 5, OTHER, 5);

        assertErrno(Errno.EACCES, () -> kit.setxattr(file, DEFAULT, minimal, 0));
        kit.setxattr(dir, DEFAULT, minimal, 0);

        assertThat(kit.getxattr(dir, DEFAULT)).isEqualTo(minimal);
        assertThat(kit.getattr(dir).mode).isEqualTo(FileMode.S_IFDIR | 0755);
    }

    @Test
    void accessAclByANonMemberClearsSetgid() {
        kit.setattr(file, new TestSetattr().gid(50));
        kit.setattr(file, new TestSetattr().mode(02770));

        kit.request = new TestRequest(1000, 60);
        kit.setxattr(file, ACCESS, acl(USER_OBJ, 7, GROUP_OBJ, 7, OTHER, 0), 0);

        assertThat(kit.getattr(file).mode).isEqualTo(FileMode.S_IFREG | 0770);
    }
}
