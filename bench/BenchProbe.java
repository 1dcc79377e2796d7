import dev.fusering.api.ConnectionInfo;
import dev.fusering.api.DispatchMode;
import dev.fusering.api.MountOptions;
import dev.fusering.api.QueueStats;
import dev.fusering.api.RunningSession;
import dev.fusering.api.Session;
import dev.fusering.api.SessionStats;
import dev.fusering.api.Transport;
import dev.fusering.fs.BenchFilesystem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * BenchProbe - serves {@link BenchFilesystem} like {@code fusering-cli.jar bench} with the launcher's
 * defaults and measures, from inside the daemon, what a workload costs: requests served, bytes allocated
 * by the transport threads ({@code fuse-ring-*}, {@code fuse-dev-*}) per request, resident memory, and
 * optionally a JFR recording per phase. Driven over stdin by {@code bench/probe.sh}:
 *
 * <pre>
 *   start NAME   snapshot the counters (and start a JFR recording with the "profile" settings if a JFR
 *                directory was given)
 *   stop         print the deltas since start as one "phase" line (and write DIR/NAME.jfr)
 *   quit         unmount and exit
 * </pre>
 *
 * Run (compiled with {@code javac -cp fusering-cli.jar}; probe.sh does this):
 * {@code java --enable-native-access=ALL-UNNAMED -cp fusering-cli.jar:CLASSES BenchProbe MNT
 * io-uring|classic inline|offloaded [JFR_DIR]}
 *
 * <p>Allocation of virtual threads (offloaded dispatch) is not visible to the per-thread counters, so
 * the per-request allocation is only complete with inline dispatch.
 */
public final class BenchProbe {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private BenchProbe() {
    }

    /**
     * Mounts, reports the memory set-up, then follows the commands on stdin.
     *
     * @param args MOUNTPOINT TRANSPORT DISPATCH [JFR_DIR]
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path mnt = Path.of(args[0]);
        Transport transport = args[1].equals("classic") ? Transport.CLASSIC : Transport.IO_URING;
        DispatchMode dispatch = args[2].equals("inline") ? DispatchMode.INLINE : DispatchMode.OFFLOADED;
        Path jfrDir = args.length > 3 ? Path.of(args[3]) : null;
        MountOptions options = MountOptions.builder().fsName("fusering-bench").subtype("fusering").build();
        Session session = new Session(mnt, options).transport(transport).dispatch(dispatch);
        try (RunningSession running = session.start(new BenchFilesystem())) {
            describe(running);
            Snapshot start = Snapshot.take(running);
            Recording recording = null;
            String phase = "";
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.trim().split("\\s+");
                switch (words[0]) {
                    case "start" -> {
                        phase = words.length > 1 ? words[1] : "phase";
                        if (jfrDir != null) {
                            recording = new Recording(Configuration.getConfiguration("profile"));
                            recording.setName(phase);
                            recording.start();
                        }
                        start = Snapshot.take(running);
                    }
                    case "stop" -> {
                        Snapshot end = Snapshot.take(running);
                        if (recording != null) {
                            recording.stop();
                            recording.dump(jfrDir.resolve(phase + ".jfr"));
                            recording.close();
                            recording = null;
                        }
                        report(phase, start, end);
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> System.out.println("unknown command: " + line);
                }
                System.out.flush();
            }
        }
    }

    private static void describe(RunningSession running) throws IOException {
        ConnectionInfo c = running.connection();
        List<QueueStats> queues = running.queueStats();
        long payload = Math.max(8192, Math.max(c.maxWrite(), (long) c.maxPages() * 4096));
        payload = (payload + 4095) & ~4095L;
        int ringEntries = 0;
        int devFuseBuffers = 0;
        for (QueueStats q : queues) {
            if (q.queue() == QueueStats.DEV_FUSE) {
                devFuseBuffers += q.entries();
            } else {
                ringEntries += q.entries();
            }
        }
        long ringBytes = ringEntries * payload;
        long devFuseBytes = devFuseBuffers * (payload + 4096);
        System.out.printf(Locale.ROOT, "mounted transport=%s queues=%d workers=%d max_write=%d max_pages=%d%n",
                running.transport(), running.queues(), running.workers(), c.maxWrite(), c.maxPages());
        System.out.printf(Locale.ROOT, "queue_stats %s%n", queues);
        System.out.printf(Locale.ROOT, "memory payload_per_entry=%d ring_entries=%d ring_bytes=%d (%.2f MiB) "
                        + "devfuse_buffers=%d devfuse_bytes=%d (%.2f MiB) total=%.2f MiB%n",
                payload, ringEntries, ringBytes, ringBytes / 1048576.0, devFuseBuffers, devFuseBytes,
                devFuseBytes / 1048576.0, (ringBytes + devFuseBytes) / 1048576.0);
        System.out.printf(Locale.ROOT, "rss_after_mount VmRSS=%d kB VmHWM=%d kB%n", status("VmRSS"),
                status("VmHWM"));
        System.out.flush();
    }

    private static void report(String phase, Snapshot a, Snapshot b) throws IOException {
        long requests = (b.stats.ringRequests() - a.stats.ringRequests())
                + (b.stats.devFuseRequests() - a.stats.devFuseRequests());
        long allocated = b.transportAllocated - a.transportAllocated;
        double seconds = (b.nanos - a.nanos) / 1e9;
        System.out.printf(Locale.ROOT, "phase %s secs=%.1f requests=%d ring=%d devfuse=%d req_per_s=%.0f "
                        + "transport_threads=%d transport_alloc_bytes=%d bytes_per_request=%.3f "
                        + "VmRSS=%d kB VmHWM=%d kB heap_used=%d kB%n",
                phase, seconds, requests, b.stats.ringRequests() - a.stats.ringRequests(),
                b.stats.devFuseRequests() - a.stats.devFuseRequests(), requests / seconds, b.transportThreads,
                allocated, requests == 0 ? 0.0 : (double) allocated / requests, status("VmRSS"),
                status("VmHWM"), (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024);
    }

    private static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Counters at one moment. */
    private record Snapshot(long nanos, SessionStats stats, long transportAllocated, int transportThreads) {

        static Snapshot take(RunningSession running) {
            long allocated = 0;
            int threads = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                String name = t.getName();
                if (name.startsWith("fuse-ring-") || name.startsWith("fuse-dev-")) {
                    long bytes = THREADS.getThreadAllocatedBytes(t.threadId());
                    if (bytes > 0) {
                        allocated += bytes;
                        threads++;
                    }
                }
            }
            return new Snapshot(System.nanoTime(), running.stats(), allocated, threads);
        }
    }
}
