package dev.swarmnet.bench;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Mixed traffic against one in-process gateway for a given time ({@code bench/soak --duration 10m}): workers
 * repeat random operations (calls, sends, streams and aborted streams, swarm downloads, uploads, clients
 * coming and going), every result verified. Prints what was done, the errors, the bytes verified and the
 * resources in use at the start and the end; exits 1 if an operation failed or something was not given back.
 */
public final class Soak {
    /** Threads of idle helper pools end within seconds; the end snapshot waits this long for them. */
    private static final Duration SETTLE = Duration.ofSeconds(20);
    /** Heap growth tolerated between the snapshots: caches and JIT data, not a leak. */
    static final long HEAP_SLACK_BYTES = 32L * 1024 * 1024;
    /** Descriptors tolerated above the start: the JVM opens a few lazily (jar files, /dev/random). */
    static final long FD_SLACK = 8;

    /** What a run did and whether everything was given back. */
    record Result(Duration ran, SoakWorkload.Tally tally, ResourceUse start, ResourceUse end, List<String> leaks) {
        boolean passed() {
            return tally.totalErrors() == 0 && leaks.isEmpty();
        }
    }

    private Soak() {
    }

    public static void main(String[] args) {
        Launcher.launch(args, new SoakOptions(), options -> {
            Result result = run(options.duration, options.workers);
            System.out.print(report(result));
            if (!result.passed()) {
                System.exit(1);
            }
        });
    }

    static Result run(Duration duration, int workers) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("swarmnet-soak");
        try (SoakWorkload work = new SoakWorkload(root)) {
            ResourceUse start = ResourceUse.now(work.gateway(), work.watchedFolders());
            long began = System.nanoTime();
            long deadline = began + duration.toNanos();
            CountDownLatch done = new CountDownLatch(workers);
            for (int w = 0; w < workers; w++) {
                long seed = 7919L * (w + 1);
                Thread t = new Thread(() -> drive(work, seed, deadline, done), "soak-worker-" + w);
                t.setDaemon(true);
                t.start();
            }
            done.await();
            Duration ran = Duration.ofNanos(System.nanoTime() - began);
            ResourceUse end = settled(work, start);
            return new Result(ran, work.tally, start, end, leaks(start, end));
        }
    }

    /** One worker: a long-lived client for calls and streams, new connections for the rest. */
    private static void drive(SoakWorkload work, long seed, long deadline, CountDownLatch done) {
        SplittableRandom random = new SplittableRandom(seed);
        SoakWorkload.Op[] ops = SoakWorkload.MIX;
        try (Controller controller = work.controller(Path.of("unused"));
                Client client = controller.getClient()) {
            while (System.nanoTime() < deadline) {
                work.run(ops[random.nextInt(ops.length)], controller, client, random);
            }
        } catch (IOException | RuntimeException e) {
            work.tally.error(SoakWorkload.Op.CHURN, e);
        } finally {
            done.countDown();
        }
    }

    /** The end snapshot, once helper threads and handlers had time to go (or the time ran out). */
    private static ResourceUse settled(SoakWorkload work, ResourceUse start) throws IOException, InterruptedException {
        long until = System.nanoTime() + SETTLE.toNanos();
        ResourceUse end = ResourceUse.now(work.gateway(), work.watchedFolders());
        while (!leaks(start, end).isEmpty() && System.nanoTime() < until) {
            TimeUnit.MILLISECONDS.sleep(250);
            end = ResourceUse.now(work.gateway(), work.watchedFolders());
        }
        return end;
    }

    static List<String> leaks(ResourceUse start, ResourceUse end) {
        List<String> leaks = new ArrayList<>();
        if (end.handlers() != 0) {
            leaks.add(end.handlers() + " handlers still hold pool slots");
        }
        if (end.swarmnetThreads() > start.swarmnetThreads()) {
            leaks.add((end.swarmnetThreads() - start.swarmnetThreads()) + " more swarmnet threads than at the start");
        }
        if (start.openFiles() >= 0 && end.openFiles() > start.openFiles() + FD_SLACK) {
            leaks.add((end.openFiles() - start.openFiles()) + " more open file descriptors than at the start");
        }
        if (end.temporaries() != 0) {
            leaks.add(end.temporaries() + " temporary files left");
        }
        if (end.heapAfterGcBytes() > start.heapAfterGcBytes() + HEAP_SLACK_BYTES) {
            leaks.add(String.format(Locale.ROOT, "heap grew by %.1f MiB",
                    (end.heapAfterGcBytes() - start.heapAfterGcBytes()) / 1048576.0));
        }
        return leaks;
    }

    static String report(Result r) {
        StringBuilder out = new StringBuilder();
        double seconds = r.ran().toMillis() / 1000.0;
        out.append(String.format(Locale.ROOT, "soak: %.1f s, %,d operations (%,.0f/s), %,d errors, %,.1f MB verified%n",
                seconds, r.tally().totalDone(), r.tally().totalDone() / seconds, r.tally().totalErrors(),
                r.tally().bytesVerified.get() / 1e6));
        r.tally().done.forEach((op, n) -> out.append(String.format(Locale.ROOT, "  %-15s %,10d done %,6d errors%n",
                op, n.get(), r.tally().errors.get(op).get())));
        r.tally().firstErrors.forEach(e -> out.append("  error: ").append(e).append('\n'));
        out.append("start: ").append(r.start().describe()).append('\n');
        out.append("end:   ").append(r.end().describe()).append('\n');
        r.leaks().forEach(l -> out.append("  leak: ").append(l).append('\n'));
        out.append(r.passed() ? "PASSED\n" : "FAILED\n");
        return out.toString();
    }
}
