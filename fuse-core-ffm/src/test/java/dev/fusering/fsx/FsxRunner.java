package dev.fusering.fsx;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * A file exerciser in the spirit of fsx: a seeded random sequence of {@link FsxOp}s on one file, checked
 * against a {@link FsxModel} after every step, so that a failure names the seed, the step and the
 * operations just before it, and the same sequence can be replayed.
 *
 * <p>Checks: after every step the size ({@code fstat}) and the bytes of the range the step touched
 * (reads and mapped reads compare everything they return); every {@value #FULL_CHECK_EVERY} steps the
 * whole file through the page cache; every {@value #DIRECT_CHECK_EVERY} steps and at the end the whole
 * file read with O_DIRECT by the helper, which is what reached the filesystem.
 */
final class FsxRunner {

    /** The largest size the file reaches. */
    static final int MAX_SIZE = 256 * 1024;

    private static final int MAX_LENGTH = 64 * 1024;
    private static final int FULL_CHECK_EVERY = 1_000;
    private static final int DIRECT_CHECK_EVERY = 10_000;
    private static final int HISTORY = 40;
    private static final int FALLOC_KEEP_SIZE = 0x01;
    private static final int FALLOC_PUNCH_HOLE = 0x02;
    private static final int FALLOC_ZERO_RANGE = 0x10;

    private final long seed;
    private final SplittableRandom random;
    private final FsxModel model = new FsxModel(MAX_SIZE);
    private final Deque<String> history = new ArrayDeque<>();
    private final Map<FsxOp, Integer> counts = new EnumMap<>(FsxOp.class);
    private final Set<FsxOp> enabled;
    private final int totalWeight;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(MAX_SIZE);
    private FileChannel channel;
    private RandomAccessFile raf;
    private FsxHelper helper;
    private volatile long step;

    /**
     * Prepares a run.
     *
     * @param seed    the seed of the operation sequence
     * @param enabled the operations to mix (the others are never chosen)
     */
    FsxRunner(long seed, Set<FsxOp> enabled) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.enabled = EnumSet.copyOf(enabled);
        int w = 0;
        for (FsxOp op : this.enabled) {
            w += op.weight();
        }
        this.totalWeight = w;
    }

    /**
     * Runs {@code operations} steps on an empty, existing file.
     *
     * @param file       the file (through the mount)
     * @param helper     the helper process, started on the same file
     * @param operations how many steps
     * @return how many steps of each kind ran
     * @throws IOException if an operation fails unexpectedly (reported with the seed and history)
     */
    Map<FsxOp, Integer> run(Path file, FsxHelper helper, long operations) throws IOException {
        this.helper = helper;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            this.raf = f;
            this.channel = f.getChannel();
            raf.setLength(0);
            for (step = 1; step <= operations; step++) {
                try {
                    doStep();
                    checkSize();
                    if (step % FULL_CHECK_EVERY == 0) {
                        checkRange("full check", 0, model.size());
                    }
                    if (step % DIRECT_CHECK_EVERY == 0 || step == operations) {
                        checkDirect();
                    }
                } catch (IOException | RuntimeException e) {
                    throw failure("step threw " + e, e);
                }
            }
        }
        return counts;
    }

    /** @return the step being run (read by a watchdog on another thread) */
    long step() {
        return step;
    }

    private void doStep() throws IOException {
        FsxOp op = choose();
        if ((op == FsxOp.MAP_READ || op == FsxOp.MAP_WRITE) && model.size() == 0) {
            op = FsxOp.WRITE;
        }
        counts.merge(op, 1, Integer::sum);
        switch (op) {
            case WRITE -> write();
            case READ -> read();
            case TRUNCATE -> truncate();
            case FALLOCATE -> fallocate(op, 0);
            case KEEP_SIZE -> fallocate(op, FALLOC_KEEP_SIZE);
            case PUNCH_HOLE -> fallocate(op, FALLOC_PUNCH_HOLE | FALLOC_KEEP_SIZE);
            case ZERO_RANGE -> fallocate(op, FALLOC_ZERO_RANGE);
            case MAP_READ -> mapRead();
            case MAP_WRITE -> mapWrite();
        }
    }

    private FsxOp choose() {
        int r = random.nextInt(totalWeight);
        for (FsxOp op : enabled) {
            r -= op.weight();
            if (r < 0) {
                return op;
            }
        }
        throw new IllegalStateException("no operation enabled");
    }

    private void remember(String what) {
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast("#" + step + " " + what + " (size before " + model.size() + ")");
    }

    private int offset(int limit) {
        return random.nextInt(Math.max(1, limit));
    }

    private int length(int offset, int limit) {
        return 1 + random.nextInt(Math.max(1, Math.min(MAX_LENGTH, limit - offset)));
    }

    private void write() throws IOException {
        int off = offset(MAX_SIZE);
        int len = length(off, MAX_SIZE);
        byte[] bytes = new byte[len];
        random.nextBytes(bytes);
        remember("WRITE off=" + off + " len=" + len);
        ByteBuffer src = ByteBuffer.wrap(bytes);
        long pos = off;
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
        model.write(off, bytes);
        checkRange("read back after WRITE", off, len);
    }

    private void read() throws IOException {
        int off = offset(Math.min(MAX_SIZE, model.size() + 4096));
        int len = length(0, MAX_LENGTH);
        remember("READ off=" + off + " len=" + len);
        checkRange("READ", off, len);
    }

    private void truncate() throws IOException {
        int newSize = random.nextInt(4) == 0 ? Math.min(MAX_SIZE, model.size() + random.nextInt(8192))
                : random.nextInt(MAX_SIZE + 1);
        remember("TRUNCATE to " + newSize);
        raf.setLength(newSize);
        int oldSize = model.size();
        model.truncate(newSize);
        int from = Math.max(0, Math.min(oldSize, newSize) - 64);
        checkRange("read back after TRUNCATE", from, Math.min(MAX_LENGTH, newSize - from + 64));
    }

    private void fallocate(FsxOp op, int mode) {
        int off = offset(MAX_SIZE);
        int len = length(off, MAX_SIZE);
        remember(op + " off=" + off + " len=" + len);
        String error = helper.fallocate(mode, off, len);
        if (error != null) {
            throw failure(op + " failed with " + error, null);
        }
        switch (op) {
            case FALLOCATE -> model.extendTo(off + len);
            case PUNCH_HOLE -> model.zero(off, len);
            case ZERO_RANGE -> {
                model.zero(off, len);
                model.extendTo(off + len);
            }
            default -> {
                // KEEP_SIZE changes neither size nor content
            }
        }
        try {
            checkRange("read back after " + op, Math.max(0, off - 16), len + 32);
        } catch (IOException e) {
            throw failure("read back after " + op + " threw " + e, e);
        }
    }

    private void mapRead() throws IOException {
        int off = offset(model.size());
        int len = length(off, model.size());
        remember("MAP_READ off=" + off + " len=" + len);
        long crc = helper.mapRead(off, len);
        CRC32 expected = new CRC32();
        expected.update(model.slice(off, len));
        if (crc != expected.getValue()) {
            checkRange("MAP_READ (CRC " + Long.toHexString(crc) + " differs; the page cache shows)", off, len);
            throw failure("MAP_READ at " + off + " length " + len + ": CRC " + Long.toHexString(crc) + ", expected "
                    + Long.toHexString(expected.getValue()) + " (a read through the page cache agrees with the model)",
                    null);
        }
    }

    private void mapWrite() throws IOException {
        int off = offset(model.size());
        int len = length(off, model.size());
        boolean msync = random.nextBoolean();
        int patternSeed = random.nextInt(Integer.MAX_VALUE);
        remember("MAP_WRITE off=" + off + " len=" + len + " pattern=" + patternSeed + (msync ? " msync" : ""));
        helper.mapWrite(off, len, patternSeed, msync);
        model.write(off, FsxPattern.bytes(patternSeed, off, len));
        checkRange("read back after MAP_WRITE", off, len);
    }

    private void checkSize() throws IOException {
        long actual = channel.size();
        if (actual != model.size()) {
            throw failure("size is " + actual + ", expected " + model.size(), null);
        }
    }

    private void checkRange(String what, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        readBuffer.clear().limit(Math.min(len, readBuffer.capacity()));
        long pos = off;
        while (readBuffer.hasRemaining()) {
            int n = channel.read(readBuffer, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        readBuffer.flip();
        byte[] got = new byte[readBuffer.remaining()];
        readBuffer.get(got);
        compare(what, off, got, model.slice(off, len));
    }

    private void compare(String what, int off, byte[] got, byte[] expected) {
        if (Arrays.equals(got, expected)) {
            return;
        }
        int i = Arrays.mismatch(got, expected);
        throw failure(what + " at offset " + off + ": got " + got.length + " bytes, expected " + expected.length
                + "; first difference at file offset " + (off + i) + ": got " + excerpt(got, i) + ", expected "
                + excerpt(expected, i), null);
    }

    private static String excerpt(byte[] b, int from) {
        if (from >= b.length) {
            return "(end)";
        }
        return HexFormat.of().formatHex(b, from, Math.min(b.length, from + 16));
    }

    private void checkDirect() {
        long[] direct = helper.directCrc();
        if (direct[0] != model.size() || direct[1] != model.crc()) {
            throw failure("the filesystem holds " + direct[0] + " bytes with CRC " + Long.toHexString(direct[1])
                    + " (O_DIRECT), expected " + model.size() + " bytes with CRC " + Long.toHexString(model.crc()),
                    null);
        }
    }

    private AssertionError failure(String what, Throwable cause) {
        StringBuilder sb = new StringBuilder("fsx failed at step ").append(step).append(" (seed ").append(seed)
                .append("): ").append(what).append("\nlast operations:\n");
        history.forEach(h -> sb.append("  ").append(h).append('\n'));
        sb.append("replay: -Dfsx.seed=").append(seed).append(" -Dfsx.ops=").append(step);
        return new AssertionError(sb.toString(), cause);
    }
}
