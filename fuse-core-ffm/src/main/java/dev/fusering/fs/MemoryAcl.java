package dev.fusering.fs;

import dev.fusering.api.Errno;
import dev.fusering.api.FuseException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The POSIX ACL extended attributes ({@code system.posix_acl_access} and {@code system.posix_acl_default})
 * in their Linux xattr encoding, as far as a {@link MemoryFilesystem} needs them to keep mode bits and
 * access ACL in step the way Linux filesystems do.
 *
 * <p>When the kernel has not negotiated {@code FUSE_POSIX_ACL} it passes these attributes through as plain
 * extended attributes, and tools such as {@code cp -a} set a file's permissions by writing a minimal access
 * ACL. A Linux filesystem then updates the mode from the ACL and stores the ACL only if it says more than
 * the mode; chmod rewrites a stored ACL. This class does the decoding and rewriting.
 *
 * <p>Encoding: a little-endian {@code u32} version (2) followed by 8-byte entries of {@code u16} tag,
 * {@code u16} permissions (rwx = 4|2|1) and {@code u32} id.
 */
final class MemoryAcl {

    /** The name of the access ACL attribute. */
    static final String ACCESS = "system.posix_acl_access";

    /** The name of the default ACL attribute (directories only). */
    static final String DEFAULT = "system.posix_acl_default";

    private static final int VERSION = 2;
    private static final int HEADER_SIZE = 4;
    private static final int ENTRY_SIZE = 8;
    private static final int USER_OBJ = 0x01;
    private static final int USER = 0x02;
    private static final int GROUP_OBJ = 0x04;
    private static final int GROUP = 0x08;
    private static final int MASK = 0x10;
    private static final int OTHER = 0x20;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * What an access ACL means for the mode.
     *
     * @param permissions the rwxrwxrwx bits it implies (owner, mask or owning group, other)
     * @param extended    true when it has named users or groups or a mask, and must therefore be stored
     */
    record Meaning(int permissions, boolean extended) {
    }

    private MemoryAcl() {
    }

    /**
     * Decodes and checks an ACL attribute value.
     *
     * @param value the attribute value
     * @return what it means, or null for an ACL without entries (which removes the ACL)
     * @throws FuseException {@code EINVAL} for a malformed ACL, {@code EOPNOTSUPP} for another version
     */
    static Meaning decode(MemorySegment value) {
        long size = value.byteSize();
        if (size < HEADER_SIZE || (size - HEADER_SIZE) % ENTRY_SIZE != 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        if (value.get(U32, 0) != VERSION) {
            throw FuseException.of(Errno.EOPNOTSUPP);
        }
        if (size == HEADER_SIZE) {
            return null;
        }
        int user = -1;
        int group = -1;
        int mask = -1;
        int other = -1;
        boolean named = false;
        for (long offset = HEADER_SIZE; offset < size; offset += ENTRY_SIZE) {
            int tag = Short.toUnsignedInt(value.get(U16, offset));
            int permissions = Short.toUnsignedInt(value.get(U16, offset + 2));
            if ((permissions & ~7) != 0) {
                throw FuseException.of(Errno.EINVAL);
            }
            switch (tag) {
                case USER_OBJ -> user = once(user, permissions);
                case GROUP_OBJ -> group = once(group, permissions);
                case MASK -> mask = once(mask, permissions);
                case OTHER -> other = once(other, permissions);
                case USER, GROUP -> named = true;
                default -> throw FuseException.of(Errno.EINVAL);
            }
        }
        if (user < 0 || group < 0 || other < 0 || (named && mask < 0)) {
            throw FuseException.of(Errno.EINVAL);
        }
        int groupBits = mask >= 0 ? mask : group;
        return new Meaning(user << 6 | groupBits << 3 | other, named || mask >= 0);
    }

    private static int once(int previous, int permissions) {
        if (previous >= 0) {
            throw FuseException.of(Errno.EINVAL);
        }
        return permissions;
    }

    /**
     * Rewrites a stored access ACL after a chmod, as Linux does: the owner entry, the mask entry (or the
     * owning group entry when there is no mask) and the other entry take the new mode's bits.
     *
     * @param acl  a valid stored ACL; not modified
     * @param mode the new mode
     * @return the rewritten ACL
     */
    static byte[] chmod(byte[] acl, int mode) {
        byte[] copy = acl.clone();
        MemorySegment segment = MemorySegment.ofArray(copy);
        boolean hasMask = false;
        for (long offset = HEADER_SIZE; offset < copy.length; offset += ENTRY_SIZE) {
            hasMask |= Short.toUnsignedInt(segment.get(U16, offset)) == MASK;
        }
        for (long offset = HEADER_SIZE; offset < copy.length; offset += ENTRY_SIZE) {
            int tag = Short.toUnsignedInt(segment.get(U16, offset));
            int permissions = switch (tag) {
                case USER_OBJ -> mode >> 6 & 7;
                case MASK -> mode >> 3 & 7;
                case GROUP_OBJ -> hasMask ? -1 : mode >> 3 & 7;
                case OTHER -> mode & 7;
                default -> -1;
            };
            if (permissions >= 0) {
                segment.set(U16, offset + 2, (short) permissions);
            }
        }
        return copy;
    }
}
