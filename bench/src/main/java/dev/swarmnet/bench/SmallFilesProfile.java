package dev.swarmnet.bench;

import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the CPU goes when many small files are downloaded: one gateway and its client in this JVM, the same
 * folder (flat, or a generated source tree) downloaded again and again, and for the second half of the runs
 * the CPU time and the bytes allocated by each kind of thread (gateway handler, client connection, file
 * writers, listing helpers) per file, summed by side, and the process's split between user and kernel time.
 * Threads that end with a run are caught by a sampler reading every thread's figures every few milliseconds;
 * with {@code --tids} it also notes each thread's system id and name, so that {@code bench/syscalls} can count
 * the system calls of each side from strace's per-thread output. Not a comparison (that is
 * {@link FileCompare}): a tool for finding the next thing to make cheaper.
 */
public final class SmallFilesProfile {
    private static final int FILE_SIZE = 4096;
    /** Linux's USER_HZ, the unit of the times in /proc/self/stat. */
    private static final double TICKS_PER_SECOND = 100;
    private static final String SAMPLER = "profile-sampler";
    /**
     * How often every thread's CPU time is read. A thread that ends loses at most this much of its time;
     * reading more often costs the run itself CPU (at 1 ms, about a fifth of it on two cores).
     */
    private static final long SAMPLE_MILLIS = 5;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> lastCpu = new ConcurrentHashMap<>();
    private final Map<Long, Long> lastAllocated = new ConcurrentHashMap<>();
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    /** System thread ids and names (/proc/self/task/TID/comm), when --tids asks for them. */
    private final Map<String, String> systemThreads = new ConcurrentHashMap<>();
    private ProfileOptions options;

    private SmallFilesProfile() {
    }

    public static void main(String[] args) {
        Launcher.launch(args, new ProfileOptions(), o -> new SmallFilesProfile().run(o));
    }

    private void run(ProfileOptions options) throws Exception {
        this.options = options;
        Path root = Files.createDirectories(Path.of("/dev/shm", "swarmnet-profile-" + ProcessHandle.current().pid()));
        Path src = options.src != null ? options.src.toAbsolutePath() : root.resolve("src");
        Path dest = root.resolve("dest");
        try {
            if (options.tree) {
                options.files = RealTree.write(src, options.files, RealTree.SEED).files().size();
            } else if (options.src == null) {
                writeFiles(Files.createDirectories(src), options.files);
            }
            startSampler();
            try (Gateway gateway = Gateway.builder().port(0).maxPoolSize(Math.max(16, options.connections + 1))
                    .share(src).downloadDir(root.resolve("uploads")).build()) {
                gateway.start(false);
                try (Controller controller = Controller.builder().gateway("127.0.0.1", gateway.port())
                        .downloadDir(dest).build()) {
                    measure(options, controller, src, dest);
                }
            }
        } finally {
            Dataset.deleteTree(root);
        }
    }

    private void measure(ProfileOptions options, Controller controller, Path src, Path dest) throws Exception {
        List<Double> seconds = new ArrayList<>();
        Map<String, Long> cpuByKind = new TreeMap<>();
        Map<String, Long> allocatedByKind = new TreeMap<>();
        long userTicks = 0;
        long systemTicks = 0;
        int reported = 0;
        for (int run = 1; run <= options.runs; run++) {
            Dataset.clean(dest);
            Map<Long, Long> before = new HashMap<>(lastCpu);
            Map<Long, Long> allocatedBefore = new HashMap<>(lastAllocated);
            if (options.touch) {
                touchAll(src);
            }
            long[] times0 = processTicks();
            double took = download(controller, src, options.connections);
            long[] times1 = processTicks();
            Thread.sleep(2 * SAMPLE_MILLIS); // one more sample of the threads that just ended
            System.err.printf(Locale.ROOT, "run %2d: %.3f s, %,.0f files/s%n", run, took, options.files / took);
            if (run <= options.runs / 2) {
                continue;
            }
            reported++;
            seconds.add(took);
            userTicks += times1[0] - times0[0];
            systemTicks += times1[1] - times0[1];
            for (Map.Entry<Long, Long> e : lastCpu.entrySet()) {
                long id = e.getKey();
                if (id == Thread.currentThread().getId()) {
                    continue;
                }
                String name = names.getOrDefault(id, "?");
                if (!name.equals(SAMPLER)) { // its own cost is not the library's
                    cpuByKind.merge(kind(name), e.getValue() - before.getOrDefault(id, 0L), Long::sum);
                    allocatedByKind.merge(kind(name),
                            lastAllocated.getOrDefault(id, 0L) - allocatedBefore.getOrDefault(id, 0L), Long::sum);
                }
            }
        }
        print(options, seconds, cpuByKind, allocatedByKind, reported, userTicks, systemTicks);
        writeSystemThreads();
    }

    /**
     * One download, on a thread of its own named {@link #CLIENT} (a single client's connection works on the
     * caller's thread): the JVM's main thread keeps its launcher's name, and cleaning the destination up on it
     * must not count for the client.
     */
    private static double download(Controller controller, Path src, int connections) throws Exception {
        java.util.concurrent.FutureTask<Double> task = new java.util.concurrent.FutureTask<>(() -> FileCompare.swarmnet(
                controller, FileQuery.folder(src.toString()).recursive(true), connections, 0));
        Thread client = new Thread(task, CLIENT);
        client.start();
        return task.get();
    }

    private static final String CLIENT = "profile-client";

    /** Sets every file's mtime to itself: its ctime is renewed, so the gateway's kept checksums no longer apply. */
    private static void touchAll(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.setLastModifiedTime(f, Files.getLastModifiedTime(f));
                }
            }
        }
    }

    /** Which end a kind of thread works for: the gateway's, the client's, or neither (the JVM's). */
    static String side(String kind) {
        if (kind.startsWith("swarmnet-handler") || kind.startsWith("swarmnet-stream")
                || kind.startsWith("swarmnet-acceptor") || kind.startsWith("swarmnet-timer")) {
            return "gateway";
        }
        if (kind.startsWith(CLIENT) || kind.startsWith("swarmnet-transfer") || kind.startsWith("swarmnet-file-writer")
                || kind.startsWith("swarmnet-watchdog") || kind.startsWith("swarmnet-keepalive")) {
            return "client";
        }
        return "JVM (compiler, GC, ...)";
    }

    private void print(ProfileOptions options, List<Double> seconds, Map<String, Long> cpuByKind,
            Map<String, Long> allocatedByKind, int runs, long userTicks, long systemTicks) {
        List<Double> sorted = new ArrayList<>(seconds);
        sorted.sort(null);
        double median = sorted.get(sorted.size() / 2);
        double perFile = 1e-3 / ((double) runs * options.files); // ns over all runs -> us per file
        double filesRuns = (double) runs * options.files;
        System.out.printf(Locale.ROOT, "%,d files (%s), %d connection(s), runs %d-%d: median %.3f s, %,.0f files/s%n",
                options.files, options.tree ? "a source tree" : options.src != null ? options.src : "4 KiB in one folder",
                options.connections, options.runs - runs + 1, options.runs, median, options.files / median);
        System.out.printf(Locale.ROOT, "  %-52s %8s %12s%n", "per file, by thread", "CPU us", "allocated B");
        double total = 0;
        Map<String, double[]> bySide = new TreeMap<>();
        for (Map.Entry<String, Long> e : cpuByKind.entrySet()) {
            double us = e.getValue() * perFile;
            double bytes = allocatedByKind.getOrDefault(e.getKey(), 0L) / filesRuns;
            total += us;
            double[] sum = bySide.computeIfAbsent(side(e.getKey()), k -> new double[2]);
            sum[0] += us;
            sum[1] += bytes;
            if (us >= 0.05 || bytes >= 1) {
                System.out.printf(Locale.ROOT, "  %-52s %8.1f %,12.0f%n", e.getKey(), us, bytes);
            }
        }
        System.out.printf(Locale.ROOT, "  %-52s %8.1f%n", "all threads", total);
        for (Map.Entry<String, double[]> e : bySide.entrySet()) {
            System.out.printf(Locale.ROOT, "  side: %-46s %8.1f %,12.0f%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        double user = userTicks / TICKS_PER_SECOND * 1e6 / ((double) runs * options.files);
        double system = systemTicks / TICKS_PER_SECOND * 1e6 / ((double) runs * options.files);
        System.out.printf(Locale.ROOT, "process (with the sampler): user %.1f us/file, kernel %.1f us/file (/proc/self/stat)%n",
                user, system);
    }

    /** Thread names without their numbers: one line per kind of thread. */
    private static String kind(String name) {
        return name.replaceAll("[0-9]+", "N");
    }

    private void startSampler() {
        Thread sampler = new Thread(() -> {
            while (true) {
                for (long id : threads.getAllThreadIds()) {
                    long cpu = threads.getThreadCpuTime(id);
                    if (cpu < 0) {
                        continue;
                    }
                    lastCpu.put(id, cpu);
                    long allocated = threads.getThreadAllocatedBytes(id);
                    if (allocated >= 0) {
                        lastAllocated.put(id, allocated);
                    }
                    names.computeIfAbsent(id, this::nameOf);
                }
                if (options.tids != null) {
                    noteSystemThreads();
                }
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, SAMPLER);
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Every thread's system id and name as the kernel knows it (what strace's per-thread files are named by). */
    private void noteSystemThreads() {
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                try {
                    // Read again each time: a new thread has its creator's name until the JVM names it.
                    systemThreads.put(tid, Files.readString(task.resolve("comm")).strip());
                } catch (IOException gone) {
                    // the thread ended since the folder was read
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to note
        }
    }

    private void writeSystemThreads() throws IOException {
        if (options.tids == null) {
            return;
        }
        noteSystemThreads();
        StringBuilder lines = new StringBuilder();
        systemThreads.forEach((tid, name) -> lines.append(tid).append(' ').append(name).append('\n'));
        Files.writeString(options.tids, lines);
    }

    private String nameOf(long id) {
        ThreadInfo info = threads.getThreadInfo(id);
        return info == null ? "?" : info.getThreadName();
    }

    /** The process's user and kernel time so far, in ticks. */
    private static long[] processTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    }

    private static void writeFiles(Path dir, int count) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        byte[] content = new byte[FILE_SIZE];
        for (int i = 0; i < count; i++) {
            for (int b = 0; b < content.length; b += 8) {
                long value = random.nextLong();
                for (int k = 0; k < 8; k++) {
                    content[b + k] = (byte) (value >>> (8 * k));
                }
            }
            Files.write(dir.resolve(String.format(Locale.ROOT, "f%06d.dat", i)), content);
        }
    }
}
