package dev.fusering.fs;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Converts between the nine permission bits of a mode ({@code 0777}) and {@link PosixFilePermission}s, for
 * the filesystems that mirror a {@code java.nio.file} tree ({@link NioFilesystem},
 * {@link PassthroughFilesystem}). The setuid, setgid and sticky bits have no {@link PosixFilePermission} and
 * are dropped.
 *
 * <p>Stateless and thread-safe.
 */
final class PermissionBits {

    /** The permission of each bit, bit 0 ({@code S_IXOTH}) first. */
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private PermissionBits() {
    }

    /**
     * Converts permission bits to {@link PosixFilePermission}s.
     *
     * @param mode a mode; only its low nine bits are used
     * @return a new set of the permissions
     */
    static Set<PosixFilePermission> toSet(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(BITS[i]);
            }
        }
        return set;
    }

    /**
     * Converts {@link PosixFilePermission}s to permission bits.
     *
     * @param permissions the permissions
     * @return the bits, within {@code 0777}
     */
    static int fromSet(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (int i = 0; i < BITS.length; i++) {
            if (permissions.contains(BITS[i])) {
                bits |= 1 << i;
            }
        }
        return bits;
    }
}
