package dev.fusering.internal.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountTableTest {

    private static final String TEXT = String.join("\n",
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro",
            "23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
            "40 22 0:53 / /mnt/with\\040space rw,nosuid,nodev,relatime shared:30 master:2 - fuse.myfs my\\040fs"
                    + " rw,user_id=0,group_id=0,allow_other",
            "41 22 0:54 /sub /mnt/back\\134slash\\011tab rw - fuse src rw,user_id=0,group_id=0",
            "42 22 0:60 / /mnt/stack rw - tmpfs tmpfs rw",
            "43 42 0:61 / /mnt/stack rw - fuse.top top rw,user_id=0,group_id=0",
            "this line is garbage",
            "44 22 x:y / /bad rw - tmpfs tmpfs rw",
            "");

    @Test
    void parsesFieldsAndEscapes() {
        MountTable table = MountTable.parse(TEXT);
        assertThat(table.entries()).hasSize(6);

        MountTable.Entry fuse = table.find(Path.of("/mnt/with space")).orElseThrow();
        assertThat(fuse.mountId()).isEqualTo(40);
        assertThat(fuse.parentId()).isEqualTo(22);
        assertThat(fuse.major()).isZero();
        assertThat(fuse.minor()).isEqualTo(53);
        assertThat(fuse.root()).isEqualTo("/");
        assertThat(fuse.mountOptions()).isEqualTo("rw,nosuid,nodev,relatime");
        assertThat(fuse.fsType()).isEqualTo("fuse.myfs");
        assertThat(fuse.source()).isEqualTo("my fs");
        assertThat(fuse.superOptions()).isEqualTo("rw,user_id=0,group_id=0,allow_other");
        assertThat(fuse.isFuse()).isTrue();
        assertThat(fuse.describe()).isEqualTo("fuse.myfs (my fs)");

        MountTable.Entry plain = table.find(Path.of("/mnt/back\\slash\ttab")).orElseThrow();
        assertThat(plain.fsType()).isEqualTo("fuse");
        assertThat(plain.root()).isEqualTo("/sub");
        assertThat(plain.isFuse()).isTrue();

        MountTable.Entry root = table.find(Path.of("/")).orElseThrow();
        assertThat(root.fsType()).isEqualTo("ext4");
        assertThat(root.major()).isEqualTo(8);
        assertThat(root.isFuse()).isFalse();
    }

    @Test
    void findReturnsTheTopmostOfStackedMounts() {
        MountTable table = MountTable.parse(TEXT);
        assertThat(table.find(Path.of("/mnt/stack")).orElseThrow().fsType()).isEqualTo("fuse.top");
        assertThat(table.find(Path.of("/mnt")).isEmpty()).isTrue();
        assertThat(table.find(Path.of("/bad")).isEmpty()).isTrue();
    }

    @Test
    void unescapeLeavesIncompleteEscapesAlone() {
        assertThat(MountTable.unescape("a\\040b")).isEqualTo("a b");
        assertThat(MountTable.unescape("a\\04")).isEqualTo("a\\04");
        assertThat(MountTable.unescape("a\\09x")).isEqualTo("a\\09x");
        assertThat(MountTable.unescape("\\012")).isEqualTo("\n");
        assertThat(MountTable.unescape("plain")).isEqualTo("plain");
    }

    @Test
    void readsTheRealTable() throws Exception {
        MountTable table = MountTable.read();
        assertThat(table.find(Path.of("/")).isPresent()).isTrue();
        assertThat(table.find(Path.of("/proc")).orElseThrow().fsType()).isEqualTo("proc");
    }

    /** FuseRing mounts fuseblk itself ({@code MountOptions.blockDevice}), so a dead one must count as FUSE. */
    @Test
    void fuseblkCountsAsFuse() {
        MountTable table = MountTable.parse("50 22 8:2 / /m rw - fuseblk /dev/sdb1 rw\n"
                + "51 22 8:3 / /n rw - fuseblk.x /dev/sdb2 rw\n52 22 8:4 / /o rw - fusectl fusectl rw\n");
        assertThat(table.find(Path.of("/m")).orElseThrow().isFuse()).isTrue();
        assertThat(table.find(Path.of("/n")).orElseThrow().isFuse()).isTrue();
        assertThat(table.find(Path.of("/o")).orElseThrow().isFuse()).isFalse();
    }
}
