package dev.fusering.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusering.api.DirectoryFiller;
import dev.fusering.api.DirectoryListing;
import dev.fusering.api.DirectoryPlusFiller;
import dev.fusering.api.EntryReply;
import dev.fusering.api.FileMode;
import dev.fusering.api.Filesystem;
import dev.fusering.api.Request;
import dev.fusering.internal.abi.FuseAttr;
import dev.fusering.internal.abi.FuseDirent;
import dev.fusering.internal.abi.FuseDirentplus;
import dev.fusering.internal.abi.FuseEntryOut;
import dev.fusering.internal.abi.FuseReadIn;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.dispatch.TestSlot.Layout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** READDIR and READDIRPLUS packing. */
class DispatcherDirectoryTest {

    /** 100 entries with names of varying (UTF-8) lengths; entry i continues at offset i + 1. */
    static final List<String> NAMES = IntStream.range(0, 100)
            .mapToObj(i -> "file-" + "é".repeat(i % 7) + "-" + i).toList();

    static Dispatcher dispatcher(Filesystem fs) {
        return DispatcherEntryTest.dispatcher(fs);
    }

    /** A directory listing {@link #NAMES} that checks the filler stays full after a refusal. */
    static final class ListingFs implements Filesystem {
        final List<String> violations = new ArrayList<>();

        @Override
        public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
            for (int i = (int) offset; i < NAMES.size(); i++) {
                int mode = i % 2 == 0 ? FileMode.S_IFREG : FileMode.S_IFDIR;
                if (!filler.add(1000 + i, NAMES.get(i), mode, i + 1)) {
                    if (filler.add(1, "a", mode, 1) || filler.add(1, new byte[] {'b'}, mode, 1)) {
                        violations.add("added after a refusal at " + i);
                    }
                    return;
                }
            }
        }

        @Override
        public void readdirplus(Request request, long nodeId, long fh, long offset, DirectoryPlusFiller filler) {
            for (int i = (int) offset; i < NAMES.size(); i++) {
                EntryReply entry = filler.add(1000 + i, NAMES.get(i), FileMode.S_IFREG | 0644, i + 1);
                if (entry == null) {
                    if (filler.add(1, "a", FileMode.S_IFREG, 1) != null) {
                        violations.add("added after a refusal at " + i);
                    }
                    return;
                }
                if (i % 10 != 0) {
                    entry.nodeId(1000 + i).attributes().ino(1000 + i).mode(FileMode.S_IFREG | 0644).size(i);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readdirPacksUntilFullAndLosesNothing(Layout layout) {
        ListingFs fs = new ListingFs();
        Dispatcher d = dispatcher(fs);
        List<String> listed = new ArrayList<>();
        try (TestSlot slot = new TestSlot(layout)) {
            long offset = 0;
            int rounds = 0;
            while (true) {
                Exchange ex = slot.start(Opcode.READDIR, 1).opLong(FuseReadIn.FH, 7).opLong(FuseReadIn.OFFSET, offset)
                        .opInt(FuseReadIn.SIZE_FIELD, 300).dispatch(d);
                assertThat(ex.error).isZero();
                assertThat(ex.replyLength).isLessThanOrEqualTo(300);
                if (ex.replyLength == 0) {
                    break;
                }
                rounds++;
                long pos = 0;
                while (pos < ex.replyLength) {
                    int nameLength = slot.replyInt(pos + FuseDirent.NAMELEN);
                    String name = slot.replyString(pos + FuseDirent.NAME, nameLength);
                    int index = NAMES.indexOf(name);
                    assertThat(index).as(name).isGreaterThanOrEqualTo(0);
                    assertThat(slot.replyLong(pos + FuseDirent.INO)).isEqualTo(1000 + index);
                    assertThat(slot.replyInt(pos + FuseDirent.TYPE)).isEqualTo(index % 2 == 0 ? 8 : 4);
                    long size = FuseDirent.recordSize(nameLength);
                    for (long p = pos + FuseDirent.NAME + nameLength; p < pos + size; p++) {
                        assertThat(slot.replyByte(p)).as("padding").isZero();
                    }
                    listed.add(name);
                    offset = slot.replyLong(pos + FuseDirent.OFF);
                    pos += size;
                }
                assertThat(pos).isEqualTo(ex.replyLength);
            }
            assertThat(listed).isEqualTo(NAMES);
            assertThat(rounds).isGreaterThan(10);
            assertThat(fs.violations).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readdirFillerStaysFullAfterAnEntryThatDoesNotFit(Layout layout) {
        List<Boolean> results = new ArrayList<>();
        Filesystem fs = new Filesystem() {
            @Override
            public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
                results.add(filler.add(1, "first", FileMode.S_IFREG, 1)); // 32 bytes
                results.add(filler.add(2, "x".repeat(40), FileMode.S_IFREG, 2)); // 64 bytes: does not fit
                results.add(filler.add(3, "c", FileMode.S_IFREG, 3)); // would fit, must be refused
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.READDIR, 1).opInt(FuseReadIn.SIZE_FIELD, 64).dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(32);
            assertThat(results).containsExactly(true, false, false);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readdirByteNamesAndTypes(Layout layout) {
        Filesystem fs = new Filesystem() {
            @Override
            public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
                filler.add(1, new byte[] {'.'}, FileMode.S_IFDIR | 0755, 1);
                filler.add(2, "lnk".getBytes(StandardCharsets.US_ASCII), FileMode.S_IFLNK, 2);
                filler.add(3, "dev", FileMode.S_IFCHR, 3);
                filler.add(4, "unknown", 0644, 4);
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.READDIR, 1).opInt(FuseReadIn.SIZE_FIELD, 4096).dispatch(dispatcher(fs));

            assertThat(ex.error).isZero();
            assertThat(ex.replyLength).isEqualTo(32 + 32 + 32 + 32);
            assertThat(slot.replyInt(FuseDirent.TYPE)).isEqualTo(4);
            assertThat(slot.replyString(FuseDirent.NAME, 1)).isEqualTo(".");
            assertThat(slot.replyInt(32 + FuseDirent.TYPE)).isEqualTo(10);
            assertThat(slot.replyString(32 + FuseDirent.NAME, 3)).isEqualTo("lnk");
            assertThat(slot.replyInt(64 + FuseDirent.TYPE)).isEqualTo(2);
            assertThat(slot.replyInt(96 + FuseDirent.TYPE)).isZero();
            assertThat(slot.replyLong(96 + FuseDirent.OFF)).isEqualTo(4);
        }
    }

    /**
     * Byte names are written in whole words (header, name and padding): for every name length from 1 to 20,
     * and into a reply window full of garbage, the records must equal those of the same names given as strings,
     * with zeroed padding.
     */
    @ParameterizedTest
    @EnumSource(Layout.class)
    void readdirByteNamesOfEveryLengthMatchStringNamesWithZeroPadding(Layout layout) {
        List<String> names = new ArrayList<>();
        for (int length = 1; length <= 20; length++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                b.append((char) ('a' + (length + i) % 26));
            }
            names.add(b.toString());
        }
        Filesystem asBytes = new Filesystem() {
            @Override
            public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
                for (int i = 0; i < names.size(); i++) {
                    filler.add(0x0102030405060708L + i, names.get(i).getBytes(StandardCharsets.US_ASCII),
                            FileMode.S_IFREG | 0644, 0x1112131415161718L + i);
                }
            }
        };
        Filesystem asStrings = new Filesystem() {
            @Override
            public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
                for (int i = 0; i < names.size(); i++) {
                    filler.add(0x0102030405060708L + i, names.get(i), FileMode.S_IFREG | 0644,
                            0x1112131415161718L + i);
                }
            }
        };
        byte[] expected;
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.READDIR, 1).opInt(FuseReadIn.SIZE_FIELD, 4096)
                    .dispatch(dispatcher(asStrings));
            assertThat(ex.error).isZero();
            expected = slot.replyBytes(0, ex.replyLength);
        }
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.READDIR, 1).opInt(FuseReadIn.SIZE_FIELD, 4096)
                    .dispatch(dispatcher(asBytes));
            assertThat(ex.error).isZero();
            assertThat(slot.replyBytes(0, ex.replyLength)).isEqualTo(expected);
            long at = 0;
            for (String name : names) {
                int length = name.length();
                assertThat(slot.replyInt(at + FuseDirent.NAMELEN)).isEqualTo(length);
                assertThat(slot.replyInt(at + FuseDirent.TYPE)).isEqualTo(8);
                assertThat(slot.replyString(at + FuseDirent.NAME, length)).isEqualTo(name);
                long record = FuseDirent.recordSize(length);
                for (long p = FuseDirent.NAME + length; p < record; p++) {
                    assertThat(slot.replyByte(at + p)).as("padding of %s at %d", name, p).isZero();
                }
                at += record;
            }
            assertThat(at).isEqualTo(ex.replyLength);
        }
    }

    /** {@link #NAMES} as a pre-encoded listing, with the same inode numbers and types as {@link ListingFs}. */
    static DirectoryListing namesListing() {
        DirectoryListing.Builder b = DirectoryListing.builder();
        for (int i = 0; i < NAMES.size(); i++) {
            b.add(1000 + i, NAMES.get(i), i % 2 == 0 ? FileMode.S_IFREG : FileMode.S_IFDIR);
        }
        return b.build();
    }

    /** Serves {@link #namesListing()} with {@link DirectoryFiller#addAll}, recording what addAll returned. */
    static final class PreEncodedFs implements Filesystem {
        final DirectoryListing listing = namesListing();
        final List<Boolean> results = new ArrayList<>();

        @Override
        public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
            results.add(filler.addAll(listing, offset));
            if (!results.getLast() && (filler.add(1, "a", FileMode.S_IFREG, 1) || filler.addAll(listing, 0))) {
                results.add(null);
            }
        }
    }

    /**
     * A pre-encoded listing gives, reply by reply and byte for byte, what adding the same entries one by one
     * gives, for reply sizes from one too small for the first entry (EINVAL) to a whole page; the listing
     * resumes at the offset of the last record, ends at its end, and the filler stays full after a refusal.
     */
    @ParameterizedTest
    @EnumSource(Layout.class)
    void readdirPreEncodedListingMatchesEntryByEntryAtEverySize(Layout layout) {
        // Records of NAMES take 32 to 48 bytes.
        for (int size : new int[] {8, 32, 48, 100, 300, 1000, 4096}) {
            PreEncodedFs pre = new PreEncodedFs();
            Dispatcher byListing = dispatcher(pre);
            Dispatcher byEntry = dispatcher(new ListingFs());
            long offset = 0;
            int replies = 0;
            int lastError = 0;
            while (true) {
                byte[] expected;
                int expectedError;
                try (TestSlot slot = new TestSlot(layout)) {
                    Exchange ex = slot.start(Opcode.READDIR, 1).opLong(FuseReadIn.OFFSET, offset)
                            .opInt(FuseReadIn.SIZE_FIELD, size).dispatch(byEntry);
                    expectedError = ex.error;
                    expected = slot.replyBytes(0, ex.replyLength);
                }
                try (TestSlot slot = new TestSlot(layout)) {
                    Exchange ex = slot.start(Opcode.READDIR, 1).opLong(FuseReadIn.OFFSET, offset)
                            .opInt(FuseReadIn.SIZE_FIELD, size).dispatch(byListing);
                    assertThat(ex.error).as("error at size %d offset %d", size, offset).isEqualTo(expectedError);
                    assertThat(slot.replyBytes(0, ex.replyLength)).as("reply at size %d offset %d", size, offset)
                            .isEqualTo(expected);
                    lastError = ex.error;
                    if (ex.error != 0 || ex.replyLength == 0) {
                        break;
                    }
                    long pos = 0;
                    while (pos < ex.replyLength) {
                        offset = slot.replyLong(pos + FuseDirent.OFF);
                        pos += FuseDirent.recordSize(slot.replyInt(pos + FuseDirent.NAMELEN));
                    }
                }
                replies++;
            }
            assertThat(pre.results).as("addAll results at size %d", size).doesNotContainNull();
            if (size < 32) {
                assertThat(replies).as("no entry fits %d bytes", size).isZero();
                assertThat(lastError).isEqualTo(22);
            } else if (size < 48) {
                assertThat(replies).as("replies before an entry larger than %d bytes", size).isPositive();
                assertThat(lastError).as("an entry larger than the reply").isEqualTo(22);
            } else {
                assertThat(offset).as("listed to the end at size %d", size).isEqualTo(NAMES.size());
                assertThat(pre.results.getLast()).as("the last reply reached the end").isTrue();
                assertThat(pre.results.subList(0, pre.results.size() - 2)).as("earlier replies filled up")
                        .doesNotContain(true);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readdirFirstEntryTooLargeIsEinvalNotEndOfDirectory(Layout layout) {
        Filesystem fs = new Filesystem() {
            @Override
            public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
                filler.add(1, "a-name-longer-than-the-buffer", FileMode.S_IFREG, 1);
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.READDIR, 1).opInt(FuseReadIn.SIZE_FIELD, 40).dispatch(dispatcher(fs));

            assertThat(ex.error).isEqualTo(22);
            assertThat(ex.replyLength).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readdirInvalidNameIsEio(Layout layout) {
        Filesystem fs = new Filesystem() {
            @Override
            public void readdir(Request request, long nodeId, long fh, long offset, DirectoryFiller filler) {
                filler.add(1, "a/b", FileMode.S_IFREG, 1);
            }
        };
        try (TestSlot slot = new TestSlot(layout)) {
            Exchange ex = slot.start(Opcode.READDIR, 1).opInt(FuseReadIn.SIZE_FIELD, 4096).dispatch(dispatcher(fs));

            assertThat(ex.error).isEqualTo(5);
            assertThat(ex.internalErrors).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void readdirplusRecordsAndResume(Layout layout) {
        ListingFs fs = new ListingFs();
        Dispatcher d = dispatcher(fs);
        List<String> listed = new ArrayList<>();
        try (TestSlot slot = new TestSlot(layout)) {
            long offset = 0;
            while (true) {
                Exchange ex = slot.start(Opcode.READDIRPLUS, 1).opLong(FuseReadIn.OFFSET, offset)
                        .opInt(FuseReadIn.SIZE_FIELD, 1024).dispatch(d);
                assertThat(ex.error).isZero();
                if (ex.replyLength == 0) {
                    break;
                }
                long pos = 0;
                while (pos < ex.replyLength) {
                    long dirent = pos + FuseDirentplus.DIRENT;
                    assertThat(FuseDirentplus.DIRENT).isEqualTo(128);
                    int nameLength = slot.replyInt(dirent + FuseDirent.NAMELEN);
                    String name = slot.replyString(pos + FuseDirentplus.NAME, nameLength);
                    int index = NAMES.indexOf(name);
                    assertThat(index).as(name).isGreaterThanOrEqualTo(0);
                    assertThat(slot.replyLong(dirent + FuseDirent.INO)).isEqualTo(1000 + index);
                    assertThat(slot.replyLong(dirent + FuseDirent.OFF)).isEqualTo(index + 1);
                    assertThat(slot.replyInt(dirent + FuseDirent.TYPE)).isEqualTo(8);
                    DispatcherEntryTest.assertDefaultTimeouts(slot, pos);
                    long attr = pos + FuseEntryOut.ATTR;
                    if (index % 10 == 0) {
                        assertThat(slot.replyLong(pos + FuseEntryOut.NODEID)).isZero();
                        assertThat(slot.replyInt(attr + FuseAttr.MODE)).isZero();
                    } else {
                        assertThat(slot.replyLong(pos + FuseEntryOut.NODEID)).isEqualTo(1000 + index);
                        assertThat(slot.replyInt(attr + FuseAttr.MODE)).isEqualTo(FileMode.S_IFREG | 0644);
                        assertThat(slot.replyLong(attr + FuseAttr.SIZE_FIELD)).isEqualTo(index);
                    }
                    assertThat(slot.replyLong(pos + FuseEntryOut.GENERATION)).isZero();
                    assertThat(slot.replyInt(attr + FuseAttr.FLAGS)).isZero();
                    long size = FuseDirentplus.recordSize(nameLength);
                    for (long p = pos + FuseDirentplus.NAME + nameLength; p < pos + size; p++) {
                        assertThat(slot.replyByte(p)).as("padding").isZero();
                    }
                    listed.add(name);
                    offset = index + 1;
                    pos += size;
                }
                assertThat(pos).isEqualTo(ex.replyLength);
            }
            assertThat(listed).isEqualTo(NAMES);
            assertThat(fs.violations).isEmpty();
        }
    }
}
