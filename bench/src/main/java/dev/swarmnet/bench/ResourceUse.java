package dev.swarmnet.bench;

import dev.swarmnet.Gateway;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What a long run must give back: heap after a full collection, threads, file descriptors, the gateway's
 * pool slots and files still being received. Read at the start and the end of a soak and compared.
 */
record ResourceUse(long heapAfterGcBytes, int threads, int swarmnetThreads, long openFiles, int handlers,
        long temporaries) {

    static ResourceUse now(Gateway gateway, Path... folders) throws IOException {
        System.gc();
        System.gc(); // the second collection finds what the first one's finalisation-like clean-ups released
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        int swarmnet = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("swarmnet-") && !t.getName().startsWith("swarmnet-acceptor")) {
                swarmnet++;
            }
        }
        return new ResourceUse(heap, ManagementFactory.getThreadMXBean().getThreadCount(), swarmnet, countOpenFiles(),
                gateway.activeHandlers(), temporaries(folders));
    }

    /** The process's open file descriptors (Linux); -1 where /proc/self/fd does not exist. */
    static long countOpenFiles() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> list = Files.list(fds)) {
            return list.count();
        }
    }

    private static long temporaries(Path... folders) throws IOException {
        long count = 0;
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                count += walk.filter(p -> p.getFileName().toString().endsWith(".swarmnet-part")).count();
            }
        }
        return count;
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "heap %.1f MiB, threads %d (swarmnet %d), fds %d, handlers %d, "
                + "temporary files %d", heapAfterGcBytes / 1048576.0, threads, swarmnetThreads, openFiles, handlers,
                temporaries);
    }
}
