package dev.swarmnet.bench;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.Gateway;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many clients one gateway holds at once, and its ping latency while they all call
 * ({@code bench/scale --clients 2000 [--threads platform|virtual|auto] [--seconds 10]}). The gateway runs
 * here; the clients run in a second JVM (each process then needs one descriptor per connection, not two,
 * so 10,000 clients fit the usual limit of 20,000). The driver opens the clients (the pool is as large: each
 * has its own handler), then goes round them for the given time, each pinging and making a small batch call
 * in turn, every answer checked. Resource use is read in the gateway's process while all are connected.
 */
public final class Scale {
    private static final String LOADED = "LOADED";
    private static final String RESULT = "RESULT";

    private Scale() {
    }

    public static void main(String[] args) {
        Launcher.launch(args, new ScaleOptions(), o -> {
            if (o.drivePort > 0) {
                drive(o);
                return;
            }
            if (!serve(o)) {
                System.exit(1);
            }
        });
    }

    /** The gateway's side: start it, run the driver process against it, report. */
    private static boolean serve(ScaleOptions o) throws Exception {
        try (Gateway gw = Gateway.builder().port(0).maxPoolSize(o.clients).backlog(Math.min(o.clients, 4096))
                .threadMode(o.mode).build()) {
            gw.addSubroutine("echo", (BatchSubroutine) call -> call.arg(0, byte[].class));
            gw.start(false);
            Process driver = new ProcessBuilder(driverCommand(o, gw.port())).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String loadedUse = null;
            String result = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(LOADED)) {
                        loadedUse = gatewayUse(gw);
                    } else if (line.startsWith(RESULT)) {
                        result = line.substring(RESULT.length()).trim();
                    }
                }
            }
            int exit = driver.waitFor();
            System.out.printf(Locale.ROOT, "scale: %,d clients on one gateway (handler threads: %s, Java %s)%n",
                    o.clients, o.mode, Runtime.version().feature());
            System.out.println("  " + (result != null ? result : "the driver gave no result (exit " + exit + ")"));
            System.out.println("  gateway process with all connected: " + (loadedUse != null ? loadedUse : "not reached"));
            return exit == 0 && result != null;
        }
    }

    private static List<String> driverCommand(ScaleOptions o, int port) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xss256k", "-cp", System.getProperty("java.class.path"),
                Scale.class.getName(), "--drive", Integer.toString(port), "--clients", Integer.toString(o.clients),
                "--seconds", Integer.toString(o.seconds), "--drivers", Integer.toString(o.drivers)));
        return cmd;
    }

    private static String gatewayUse(Gateway gw) throws IOException {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%,d handlers, %,d threads, %,d file descriptors, heap %.0f MiB",
                gw.activeHandlers(), ManagementFactory.getThreadMXBean().getThreadCount(),
                ResourceUse.countOpenFiles(), (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
    }

    /** The driver's side: open every client, say so, call for the given time, print one result line. */
    private static void drive(ScaleOptions o) throws Exception {
        Controller controller = Controller.builder().gateway("127.0.0.1", o.drivePort)
                .connectTimeout(Duration.ofSeconds(60)).build();
        List<Client> open = new ArrayList<>(o.clients);
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < o.clients; i++) {
                open.add(controller.getClient());
            }
            double opened = (System.nanoTime() - t0) / 1e9;
            System.out.println(LOADED);
            System.out.flush();
            AtomicLong calls = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            long start = System.nanoTime();
            long[] pings = load(open, o.drivers, start + Duration.ofSeconds(o.seconds).toNanos(), calls, errors);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s opened in %.1f s; %,d calls in %.1f s (%,.0f/s), %,d errors; "
                            + "ping under that load p50 %.0f us, p99 %.0f us, max %.0f us%n", RESULT, opened,
                    calls.get(), seconds, calls.get() / seconds, errors.get(), Stats.percentileMicros(pings, 50),
                    Stats.percentileMicros(pings, 99), Stats.percentileMicros(pings, 100));
            if (errors.get() > 0) {
                System.exit(1);
            }
        } finally {
            open.forEach(Client::close);
        }
    }

    private static long[] load(List<Client> open, int drivers, long deadline, AtomicLong calls, AtomicLong errors)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(drivers);
        try {
            List<Future<long[]>> parts = new ArrayList<>();
            for (int d = 0; d < drivers; d++) {
                List<Client> mine = open.subList(d * open.size() / drivers, (d + 1) * open.size() / drivers);
                parts.add(pool.submit(() -> round(mine, deadline, calls, errors)));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : parts) {
                all.add(f.get());
            }
            return all.stream().flatMapToLong(Arrays::stream).toArray();
        } finally {
            pool.shutdown();
        }
    }

    /** Goes round {@code mine} until the deadline: a timed ping and an echo call each; returns the ping times. */
    private static long[] round(List<Client> mine, long deadline, AtomicLong calls, AtomicLong errors) {
        long[] times = new long[1 << 16];
        int n = 0;
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};
        while (System.nanoTime() < deadline) {
            for (Client c : mine) {
                try {
                    long t = System.nanoTime();
                    boolean ok = "p".equals(c.ping("p"));
                    long took = System.nanoTime() - t;
                    ok &= Arrays.equals(c.getSubroutineBatch("echo", Args.of(payload)), payload);
                    if (!ok) {
                        errors.incrementAndGet();
                    }
                    if (n == times.length) {
                        times = Arrays.copyOf(times, n * 2);
                    }
                    times[n++] = took;
                    calls.addAndGet(2);
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                }
                if (System.nanoTime() >= deadline) {
                    break;
                }
            }
        }
        return Arrays.copyOf(times, n);
    }
}
