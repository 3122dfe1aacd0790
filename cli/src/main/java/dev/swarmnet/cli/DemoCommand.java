package dev.swarmnet.cli;

import dev.swarmnet.Args;
import dev.swarmnet.Bytes;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.Subroutines;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "A one-command tour with a gateway in this process.",
        description = {"A one-command tour: starts a gateway in this process (loopback, a free port) with the demo"
                + " subroutines and a temporary folder of generated log files, drives it with a controller (ping,"
                + " batch, send, stream, a swarm download with 4 connections) and prints what it measured.",
                "Takes a few seconds; deletes its temporary folder and ends its threads."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--files", paramLabel = "N", defaultValue = "2000",
            description = "How many small log files to generate (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--large-mib", paramLabel = "MIB", defaultValue = "4",
            description = "The size of the one large file, MiB (default: ${DEFAULT-VALUE}).")
    int largeMib;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "2000",
            description = "Batch calls to time (default: ${DEFAULT-VALUE}); pings are a tenth of it, stream items 50"
                    + " times it.")
    int calls;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "4",
            description = "The swarm's connections for the download (default: ${DEFAULT-VALUE}).")
    int connections;

    @ArgGroup(validate = false, heading = Verbosity.HEADING, order = Verbosity.ORDER)
    Verbosity out = new Verbosity();

    @Override
    public Integer call() throws Exception {
        if (files < 0 || largeMib < 0 || calls < 10 || calls > 10_000_000 || connections < 1 || connections > 64) {
            throw new CliException(ExitCodes.USAGE, "--files and --large-mib must be at least 0, --calls 10..10000000,"
                    + " --connections 1..64");
        }
        Path root = Files.createTempDirectory("swarmnet-demo-");
        try {
            return Interrupt.guard(() -> DemoFolder.deleteQuietly(root), () -> run(root));
        } finally {
            DemoFolder.deleteQuietly(root);
        }
    }

    private int run(Path root) throws IOException {
        Path share = Files.createDirectories(root.resolve("share"));
        Path logs = Files.createDirectories(share.resolve("logs"));
        long t0 = System.nanoTime();
        long generated = DemoFolder.generate(logs, files, largeMib);
        say("generated %,d log files and a %d MiB file (%s) in %s in %.2f s", files, largeMib,
                Summaries.bytes(generated), logs, seconds(t0));

        try (Gateway gw = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress())
                .maxPoolSize(connections + 1).share(share).downloadDir(root.resolve("uploads")).build()) {
            Subroutines.of(new DemoSubroutines(share)).forEach(gw::addSubroutine);
            gw.start(false);
            say("gateway on 127.0.0.1:%d serving %s", gw.port(), String.join(", ", gw.subroutineNames()));

            try (Controller controller = Controller.builder().gateway("127.0.0.1", gw.port())
                    .downloadDir(root.resolve("downloads")).build()) {
                double rttMs;
                double callsPerSecond;
                double itemsPerSecond;
                try (Client client = controller.getClient()) {
                    rttMs = ping(client, calls / 10);
                    callsPerSecond = batch(client, calls);
                    send(client);
                    itemsPerSecond = stream(client, calls * 50);
                }
                TransferReport report;
                try (Swarm swarm = controller.swarm(connections);
                     TransferProgress progress = TransferProgress.create("swarm get", out.text() && System.console() != null)) {
                    report = swarm.getFilesFromGateway(FileQuery.folder("logs").recursive(true), progress);
                }
                if (!report.succeeded()) {
                    throw new CliException(ExitCodes.PARTIAL, report.failures().size() + " files failed, e.g. "
                            + report.failures().get(0));
                }
                double s = report.elapsed().toNanos() / 1e9;
                double filesPerSecond = s > 0 ? report.files() / s : 0;
                say("swarm     %d connections downloaded %,d files (%s) in %.2f s: %,.0f files/s, %.1f MB/s",
                        connections, report.files(), Summaries.bytes(report.bytes()), s, filesPerSecond,
                        report.megabytesPerSecond());
                say("");
                say("summary: RTT %.3f ms | %,.0f batch calls/s | %,.0f stream items/s | %,.0f files/s | %.1f MB/s",
                        rttMs, callsPerSecond, itemsPerSecond, filesPerSecond, report.megabytesPerSecond());
            }
        }
        say("removed %s; try it between two terminals: 'swarmnet gateway --demo' and 'swarmnet call localhost"
                + " mount_usage 123 --as float'", root);
        return ExitCodes.OK;
    }

    private double ping(Client client, int n) throws IOException {
        String echo = "";
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            echo = client.ping("Hello there..");
            times[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(times);
        double median = times[n / 2] / 1e6;
        say("ping      \"%s\" x %d: rtt min/median/max %.3f/%.3f/%.3f ms", echo, n, times[0] / 1e6, median,
                times[n - 1] / 1e6);
        return median;
    }

    private double batch(Client client, int n) throws IOException {
        float usage = Bytes.bytesToFloat(client.getSubroutineBatch("mount_usage", Args.of(123)));
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            client.getSubroutineBatch("echo", Args.of("call " + i));
        }
        double perSecond = n / seconds(start);
        say("batch     mount_usage(123) = %.3f (disk usage); %,d echo calls: %,.0f calls/s", usage, n, perSecond);
        return perSecond;
    }

    private void send(Client client) throws IOException {
        int r = client.sendSubroutineBatch("set_io", new byte[] {1, 2, 3}, Args.of(2).with("mode", "fast"));
        say("send      set_io(3 bytes, pin 2, mode=fast) = %d", r);
    }

    private double stream(Client client, int n) throws IOException {
        AtomicLong count = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        String[] last = new String[1];
        long start = System.nanoTime();
        client.getSubroutineStream("sensor", Args.of(n), (name, ident, chunk) -> {
            count.incrementAndGet();
            bytes.addAndGet(chunk.length);
            last[0] = new String(chunk, StandardCharsets.UTF_8);
            return true;
        });
        double perSecond = count.get() / seconds(start);
        say("stream    sensor(%,d): %,d items (%s) at %,.0f items/s; last \"%s\"", n, count.get(),
                Summaries.bytes(bytes.get()), perSecond, last[0]);
        return perSecond;
    }

    private static double seconds(long startNanos) {
        return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    }

    private void say(String format, Object... args) {
        if (out.text()) {
            System.out.println(String.format(Locale.ROOT, format, args));
        }
    }
}
