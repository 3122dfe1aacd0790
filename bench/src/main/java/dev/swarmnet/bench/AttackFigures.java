package dev.swarmnet.bench;

import dev.swarmnet.Gateway;
import dev.swarmnet.RemoteException;
import dev.swarmnet.internal.client.ConnectOptions;
import dev.swarmnet.internal.client.Connection;
import dev.swarmnet.internal.wire.FrameEncoder;
import dev.swarmnet.internal.wire.Protocol;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The cost of the small, costly requests of the hostile suite, measured: for each, the gateway's CPU for one
 * request (this process's CPU time while it runs; the attacking connection only waits) and, when the attacker
 * hangs up right after sending it, the time until the gateway has freed the handler's slot. A gateway in this
 * process, on loopback, with a share holding a folder of 1,000 files and a tree of {@code --entries} empty
 * files; each figure is the median of {@code --runs} runs after a warm-up.
 *
 * <pre>java -cp bench/target/swarmnet-bench.jar dev.swarmnet.bench.AttackFigures [--entries N] [--runs R]</pre>
 */
public final class AttackFigures {
    private static final String BACKTRACKING = ".*.*.*.*.*.*.*.*.*!";
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Gateway gateway;

    private AttackFigures(Gateway gateway) {
        this.gateway = gateway;
    }

    /** One attack: the request's frame, and its size on the wire. */
    private record Attack(String name, FrameEncoder request, int bytes) {
    }

    public static void main(String[] args) throws Exception {
        int entries = 110_000;
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--entries" -> entries = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path root = Files.createTempDirectory("swarmnet-attacks");
        try {
            Path share = share(root, entries);
            try (Gateway gw = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).maxPoolSize(2)
                    .share(share).downloadDir(root.resolve("inbox")).build()) {
                gw.start(false);
                new AttackFigures(gw).measureAll(entries, runs);
            }
        } finally {
            Dataset.deleteTree(root);
        }
    }

    private static Path share(Path root, int entries) throws IOException {
        Path share = Files.createDirectories(root.resolve("share"));
        Path many = Files.createDirectories(share.resolve("many"));
        for (int i = 0; i < 1000; i++) {
            Files.writeString(many.resolve(String.format(Locale.ROOT, "file-%06d.txt", i)), "x");
        }
        Path tree = Files.createDirectories(share.resolve("tree"));
        for (int i = 0; i < entries; i++) {
            Path folder = tree.resolve(Integer.toString(i / 1000));
            if (i % 1000 == 0) {
                Files.createDirectories(folder);
            }
            Files.createFile(folder.resolve(Integer.toString(i)));
        }
        return share;
    }

    private void measureAll(int entries, int runs) throws Exception {
        String deep = "a/".repeat(511) + "a";
        Attack[] attacks = {
            list("FILE_LIST many/ with regex " + BACKTRACKING + " (1,000 names)", "many", BACKTRACKING),
            list("FILE_LIST tree/ -r, regex matching nothing (" + String.format(Locale.ROOT, "%,d", entries)
                    + " entries)", "tree", "nothing"),
            putQuery("FILE_PUT_QUERY, a path of 512 one-letter folders", deep),
            putQuery("FILE_PUT_QUERY, a path of 600 one-letter folders", "a/".repeat(599) + "a"),
        };
        System.out.println("| request | bytes | gateway CPU per request | hang-up to free slot |");
        System.out.println("|---|---|---|---|");
        for (Attack attack : attacks) {
            once(attack, false); // warm-up
            double[] cpu = new double[runs];
            double[] free = new double[runs];
            for (int r = 0; r < runs; r++) {
                cpu[r] = once(attack, false)[0];
                free[r] = once(attack, true)[1];
            }
            System.out.printf(Locale.ROOT, "| %s | %,d | %.3f s | %.0f ms |%n", attack.name(), attack.bytes(),
                    Stats.median(cpu), Stats.median(free));
        }
    }

    /**
     * Sends the request on a new connection; waits for its answer (or, when {@code hangUp}, closes the connection
     * at once) and then for the gateway to free the slot.
     *
     * @return {gateway CPU seconds until the slot was free, milliseconds from the hang-up to the free slot}
     */
    private double[] once(Attack attack, boolean hangUp) throws IOException {
        Connection c = Connection.open(new ConnectOptions("127.0.0.1", gateway.port(), 5000,
                Protocol.DEFAULT_MAX_FRAME_SIZE, null, null));
        awaitHandlers(1);
        long cpu = OS.getProcessCpuTime();
        c.send(attack.request());
        long sent = System.nanoTime();
        if (hangUp) {
            c.close();
        } else {
            try {
                c.next();
            } catch (RemoteException e) {
                // the refusal: what a bounded request gets
            }
            c.close();
        }
        awaitHandlers(0);
        long freed = System.nanoTime();
        return new double[] {(OS.getProcessCpuTime() - cpu) / 1e9, (freed - sent) / 1e6};
    }

    private void awaitHandlers(int n) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (gateway.activeHandlers() != n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway still has " + gateway.activeHandlers() + " handlers");
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static Attack list(String name, String folder, String regex) {
        byte[] f = folder.getBytes(StandardCharsets.UTF_8);
        byte[] r = regex.getBytes(StandardCharsets.UTF_8);
        int body = 1 + 2 + f.length + 2 + r.length + 1;
        return new Attack(name, sink -> {
            sink.header(Protocol.FILE_LIST, body);
            sink.putByte(0);
            sink.putShort(f.length);
            sink.put(f);
            sink.putShort(r.length);
            sink.put(r);
            sink.putByte(1);
        }, Protocol.FRAME_HEADER_SIZE + body);
    }

    private static Attack putQuery(String name, String dirname) {
        byte[] d = dirname.getBytes(StandardCharsets.UTF_8);
        byte[] dest = "f".getBytes(StandardCharsets.UTF_8);
        int body = 4 + 8 + 2 + d.length + 2 + dest.length + 8 + 8;
        return new Attack(name, sink -> {
            sink.header(Protocol.FILE_PUT_QUERY, body);
            sink.putInt(7);
            sink.putLong(1);
            sink.putShort(d.length);
            sink.put(d);
            sink.putShort(dest.length);
            sink.put(dest);
            sink.putLong(10);
            sink.putLong(0);
        }, Protocol.FRAME_HEADER_SIZE + body);
    }
}
