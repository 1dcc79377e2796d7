package dev.fusering.jmh;

import dev.fusering.api.Filesystem;
import dev.fusering.fs.BenchFilesystem;
import dev.fusering.internal.abi.FuseReadIn;
import dev.fusering.internal.abi.FuseWriteIn;
import dev.fusering.internal.abi.Opcode;
import dev.fusering.internal.dispatch.DispatchConfig;
import dev.fusering.internal.dispatch.Dispatcher;
import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's request path without a kernel: fuse_in_header and payload into an io_uring-shaped entry,
 * decode, {@link Dispatcher#dispatch}, the filesystem call, the reply encoded in place, the
 * fuse_out_header for the commit (see {@link JmhSlot}). One operation is one request, served inline on
 * the benchmark thread as with {@code DispatchMode.INLINE}. Run with {@code bench/jmh.sh}, which adds
 * {@code -prof gc} so that {@code gc.alloc.rate.norm} shows the bytes allocated per request.
 *
 * <p>{@code fs=trivial} is {@link TrivialFilesystem} (LOOKUP of {@code hello} in the root, a 128 KiB
 * file copied from native memory, a READDIR page of {@code entry-NNN} names); {@code fs=bench} is the
 * daemon of the peer benchmarks, {@link BenchFilesystem} (LOOKUP of {@code d/f04711}, GETATTR of a file
 * of {@code d}, READ of {@code big}, WRITE to {@code sink}, the first READDIR page of {@code d}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class RequestPathBenchmark {

    /** 128 KiB, the READ and WRITE size of the seqread and seqwrite workloads. */
    private static final int IO_SIZE = 128 * 1024;
    /** One page of READDIR, as the kernel asks for by default. */
    private static final int DIR_PAGE = 4096;

    /** Which filesystem serves the requests: {@code trivial} or {@code bench}. */
    @Param({"trivial", "bench"})
    public String fs;

    private Arena arena;
    private Dispatcher dispatcher;
    private JmhSlot lookup;
    private JmhSlot getattr;
    private JmhSlot read;
    private JmhSlot write;
    private JmhSlot readdir;

    /** Creates the benchmark state; JMH calls {@link #setUp()} before use. */
    public RequestPathBenchmark() {
    }

    /** Builds the dispatcher and one prepared slot per request kind. */
    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        boolean bench = fs.equals("bench");
        Filesystem filesystem = bench ? new BenchFilesystem() : new TrivialFilesystem();
        dispatcher = new Dispatcher(filesystem, new DispatchConfig(1_000_000_000L, 1_000_000_000L, true,
                target -> { }, "jmh"));
        long parent = bench ? BenchFilesystem.DIR_ID : Filesystem.ROOT_ID;
        long file = bench ? BenchFilesystem.FIRST_FILE_ID + 4711 : TrivialFilesystem.FILE_ID;
        long readable = bench ? BenchFilesystem.BIG_ID : TrivialFilesystem.FILE_ID;
        long writable = bench ? BenchFilesystem.SINK_ID : TrivialFilesystem.FILE_ID;
        long directory = bench ? BenchFilesystem.DIR_ID : Filesystem.ROOT_ID;
        lookup = new JmhSlot(arena, Opcode.LOOKUP, parent).name(bench ? "f04711" : TrivialFilesystem.FILE_NAME);
        getattr = new JmhSlot(arena, Opcode.GETATTR, file);
        read = new JmhSlot(arena, Opcode.READ, readable).opInt(FuseReadIn.SIZE_FIELD, IO_SIZE);
        write = new JmhSlot(arena, Opcode.WRITE, writable).opInt(FuseWriteIn.SIZE_FIELD, IO_SIZE).data(IO_SIZE);
        readdir = new JmhSlot(arena, Opcode.READDIR, directory).opInt(FuseReadIn.SIZE_FIELD, DIR_PAGE);
        check(lookup, "lookup", 128);
        check(getattr, "getattr", 104);
        check(read, "read", IO_SIZE);
        check(write, "write", 8);
        int page = readdir.serve(dispatcher);
        if (page <= DIR_PAGE - 64) {
            throw new IllegalStateException("readdir filled only " + page + " bytes of a page");
        }
    }

    /** Frees the slots' memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /**
     * LOOKUP of one name: fuse_entry_out (128 bytes).
     *
     * @return the reply length
     */
    @Benchmark
    public int lookup() {
        return lookup.serve(dispatcher);
    }

    /**
     * GETATTR of one file: fuse_attr_out (104 bytes).
     *
     * @return the reply length
     */
    @Benchmark
    public int getattr() {
        return getattr.serve(dispatcher);
    }

    /**
     * READ of 128 KiB.
     *
     * @return the reply length
     */
    @Benchmark
    public int read128k() {
        return read.serve(dispatcher);
    }

    /**
     * WRITE of 128 KiB.
     *
     * @return the reply length (fuse_write_out, 8 bytes)
     */
    @Benchmark
    public int write128k() {
        return write.serve(dispatcher);
    }

    /**
     * READDIR of a full 4 KiB page from offset 0.
     *
     * @return the reply length
     */
    @Benchmark
    public int readdir4k() {
        return readdir.serve(dispatcher);
    }

    private void check(JmhSlot slot, String what, int expected) {
        int n = slot.serve(dispatcher);
        if (n != expected) {
            throw new IllegalStateException(what + " answered " + n + ", expected " + expected);
        }
    }
}
