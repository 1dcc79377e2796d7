package dev.fusering.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusering.internal.abi.FuseDirent;
import dev.fusering.testing.DirEntry;
import dev.fusering.testing.RecordingFiller;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link DirectoryListing}: building, checking names, and the records a filler copies. */
class DirectoryListingTest {

    private static DirectoryListing threeEntries() {
        return DirectoryListing.builder()
                .add(1, ".", FileMode.S_IFDIR)
                .add(7, "a-longer-name", FileMode.S_IFREG | 0644)
                .add(9, "z".getBytes(StandardCharsets.US_ASCII), FileMode.S_IFLNK)
                .build();
    }

    @Test
    void keepsEntriesInOrderWithTheirOffsets() {
        DirectoryListing listing = threeEntries();
        assertThat(listing.size()).isEqualTo(3);
        assertThat(listing.name(1)).isEqualTo("a-longer-name");
        assertThat(listing.ino(2)).isEqualTo(9);
        assertThat(listing.mode(1)).isEqualTo(FileMode.S_IFREG | 0644);
        // "." 24+1 -> 32, "a-longer-name" 24+13 -> 40, "z" 24+1 -> 32
        assertThat(listing.byteSize()).isEqualTo(104);
        assertThat(listing.recordBytes(1, 2)).isEqualTo(72);
    }

    @Test
    void recordsAreTheKernelsReaddirFormat() {
        DirectoryListing listing = threeEntries();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(200);
            out.fill((byte) 0x5a);
            listing.copyRecords(1, 2, out, 8);
            long at = 8;
            assertThat(out.get(ValueLayout.JAVA_LONG_UNALIGNED, at + FuseDirent.INO)).isEqualTo(7);
            assertThat(out.get(ValueLayout.JAVA_LONG_UNALIGNED, at + FuseDirent.OFF)).as("next offset").isEqualTo(2);
            assertThat(out.get(ValueLayout.JAVA_INT_UNALIGNED, at + FuseDirent.NAMELEN)).isEqualTo(13);
            assertThat(out.get(ValueLayout.JAVA_INT_UNALIGNED, at + FuseDirent.TYPE)).as("DT_REG").isEqualTo(8);
            byte[] name = new byte[13];
            MemorySegment.copy(out, ValueLayout.JAVA_BYTE, at + FuseDirent.NAME, name, 0, 13);
            assertThat(new String(name, StandardCharsets.US_ASCII)).isEqualTo("a-longer-name");
            for (long p = at + FuseDirent.NAME + 13; p < at + 40; p++) {
                assertThat(out.get(ValueLayout.JAVA_BYTE, p)).as("padding").isZero();
            }
            at += 40;
            assertThat(out.get(ValueLayout.JAVA_LONG_UNALIGNED, at + FuseDirent.OFF)).isEqualTo(3);
            assertThat(out.get(ValueLayout.JAVA_INT_UNALIGNED, at + FuseDirent.TYPE)).as("DT_LNK").isEqualTo(10);
            assertThat(out.get(ValueLayout.JAVA_BYTE, at + 32)).as("nothing written after the run").isEqualTo((byte) 0x5a);
        }
    }

    @Test
    void countsTheWholeRecordsThatFit() {
        DirectoryListing listing = threeEntries();
        assertThat(listing.entriesFitting(0, 31)).isZero();
        assertThat(listing.entriesFitting(0, 32)).isEqualTo(1);
        assertThat(listing.entriesFitting(0, 71)).isEqualTo(1);
        assertThat(listing.entriesFitting(0, 72)).isEqualTo(2);
        assertThat(listing.entriesFitting(1, 72)).isEqualTo(2);
        assertThat(listing.entriesFitting(1, 4096)).isEqualTo(2);
        assertThat(listing.entriesFitting(3, 4096)).isZero();
        assertThat(listing.entriesFitting(0, -1)).isZero();
        assertThatThrownBy(() -> listing.entriesFitting(4, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> listing.recordBytes(2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> listing.copyRecords(-1, 1, MemorySegment.ofArray(new byte[64]), 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void refusesNamesThatTheKernelWouldReject() {
        DirectoryListing.Builder b = DirectoryListing.builder();
        assertThatThrownBy(() -> b.add(1, "", FileMode.S_IFREG)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add(1, "a/b", FileMode.S_IFREG)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add(1, "a\0b", FileMode.S_IFREG)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add(1, "x".repeat(1025), FileMode.S_IFREG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.add(1, new byte[] {'a', '/'}, FileMode.S_IFREG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(b.add(1, "x".repeat(1024), FileMode.S_IFREG).build().size()).as("refused names are not added")
                .isEqualTo(1);
    }

    @Test
    void isImmutableAndTheBuilderGoesOn() {
        byte[] name = "abc".getBytes(StandardCharsets.US_ASCII);
        DirectoryListing.Builder b = DirectoryListing.builder().add(1, name, FileMode.S_IFREG);
        DirectoryListing first = b.build();
        name[0] = 'X';
        b.add(2, "def", FileMode.S_IFREG);
        for (int i = 0; i < 5000; i++) {
            b.add(3 + i, "n" + i, FileMode.S_IFREG);
        }
        DirectoryListing second = b.build();
        assertThat(first.size()).isEqualTo(1);
        assertThat(first.name(0)).as("the builder copied the bytes").isEqualTo("abc");
        assertThat(second.size()).isEqualTo(5002);
        assertThat(second.name(5001)).isEqualTo("n4999");
        assertThat(second.byteSize()).isEqualTo(second.recordBytes(0, 5002));
    }

    /** Any filler (here a test double) lists a listing entry by entry through the default addAll. */
    @Test
    void theDefaultAddAllAddsEntryByEntryFromTheOffset() {
        DirectoryListing listing = threeEntries();
        RecordingFiller filler = new RecordingFiller(2);
        assertThat(filler.addAll(listing, 0)).as("full before the end").isFalse();
        assertThat(filler.entries).containsExactly(new DirEntry(1, ".", FileMode.S_IFDIR, 1),
                new DirEntry(7, "a-longer-name", FileMode.S_IFREG | 0644, 2));
        filler.clear();
        assertThat(filler.addAll(listing, 2)).as("reached the end").isTrue();
        assertThat(filler.entries).containsExactly(new DirEntry(9, "z", FileMode.S_IFLNK, 3));
        filler.clear();
        assertThat(filler.addAll(listing, 3)).isTrue();
        assertThat(filler.addAll(listing, 99)).isTrue();
        assertThat(filler.entries).isEmpty();
    }
}
