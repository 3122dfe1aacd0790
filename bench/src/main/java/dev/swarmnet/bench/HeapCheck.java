package dev.swarmnet.bench;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.TransferReport;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A single-connection swarmnet download of every file in a folder, gateway and controller in this
 * one JVM, meant to be started with a small heap ({@code -Xmx64m}; direct memory then defaults to
 * the same cap) to show that memory use does not grow with file size. {@link FileCompare} starts it
 * in a child JVM on its 1 GiB file; it can also be run by hand:
 *
 * <pre>java -Xmx64m -XX:+ExitOnOutOfMemoryError -cp bench/target/swarmnet-bench.jar dev.swarmnet.bench.HeapCheck SRC_DIR DEST_DIR</pre>
 *
 * Prints one line {@code HEAPCHECK ok|failed key=value ...} on stdout; exit status 0 only when the
 * transfer reported success.
 */
public final class HeapCheck {

    private HeapCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HeapCheck SOURCE_DIR DEST_DIR");
            System.exit(2);
        }
        Path source = Path.of(args[0]).toAbsolutePath();
        Path dest = Path.of(args[1]).toAbsolutePath();
        Gateway gateway = Gateway.builder().port(0).maxPoolSize(4).share(source)
                .downloadDir(dest.resolveSibling(dest.getFileName() + "-uploads")).build();
        gateway.start(false);
        TransferReport report;
        long start = System.nanoTime();
        try (Controller controller = Controller.builder().gateway("127.0.0.1", gateway.port()).downloadDir(dest).build();
                Client client = controller.getClient()) {
            report = client.getFilesFromGateway(FileQuery.folder(source.toString()));
        } finally {
            gateway.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long gcs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
        }
        System.out.println(String.format(Locale.ROOT,
                "HEAPCHECK %s files=%d bytes=%d seconds=%.3f maxHeapMiB=%d peakHeapMiB=%.1f gcs=%d failures=%s",
                report.succeeded() ? "ok" : "failed", report.files(), report.bytes(), seconds,
                Runtime.getRuntime().maxMemory() >> 20, peak / 1048576.0, gcs,
                report.failures().isEmpty() ? "none" : report.failures().toString().replace(' ', '_')));
        System.exit(report.succeeded() ? 0 : 1);
    }
}
