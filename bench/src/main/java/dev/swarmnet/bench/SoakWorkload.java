package dev.swarmnet.bench;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.SendSubroutine;
import dev.swarmnet.StreamSubroutine;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The soak's gateway, its data and the operations the workers repeat: batch and send calls, streams (some
 * aborted by the caller), swarm downloads and uploads, and clients that connect, ping and leave. Every
 * operation checks what came back; {@link Tally} counts operations, errors and bytes verified.
 */
final class SoakWorkload implements AutoCloseable {
    /** The operations. */
    enum Op { CALL, SEND, STREAM, ABORTED_STREAM, DOWNLOAD, UPLOAD, CHURN }

    /** What workers pick from, evenly: cheap operations often, transfers of megabytes now and then. */
    static final Op[] MIX = {
        Op.CALL, Op.CALL, Op.CALL, Op.CALL, Op.CALL, Op.CALL, Op.CALL, Op.CALL,
        Op.SEND, Op.SEND, Op.SEND, Op.STREAM, Op.STREAM, Op.STREAM, Op.ABORTED_STREAM, Op.ABORTED_STREAM,
        Op.CHURN, Op.CHURN, Op.CHURN, Op.DOWNLOAD, Op.UPLOAD};

    private static final int SMALL_FILES = 200;
    private static final int LARGE_FILE = 20 * 1024 * 1024;
    private static final long STRIPE = 8L * 1024 * 1024;
    private static final int SWARM_SIZE = 3;

    private final Path root;
    private final Path data;
    private final Path inbox;
    private final Gateway gateway;
    private final Map<String, Long> dataChecksums;
    private final AtomicInteger folders = new AtomicInteger();
    final Tally tally = new Tally();

    /** Operations, errors and verified bytes, per operation; the first error messages. */
    static final class Tally {
        final Map<Op, AtomicLong> done = new TreeMap<>();
        final Map<Op, AtomicLong> errors = new TreeMap<>();
        final AtomicLong bytesVerified = new AtomicLong();
        final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();

        Tally() {
            for (Op op : Op.values()) {
                done.put(op, new AtomicLong());
                errors.put(op, new AtomicLong());
            }
        }

        long totalDone() {
            return done.values().stream().mapToLong(AtomicLong::get).sum();
        }

        long totalErrors() {
            return errors.values().stream().mapToLong(AtomicLong::get).sum();
        }

        void error(Op op, Exception e) {
            errors.get(op).incrementAndGet();
            if (firstErrors.size() < 10) {
                firstErrors.add(op + ": " + e);
            }
        }
    }

    SoakWorkload(Path root) throws IOException {
        this.root = root;
        this.data = Files.createDirectories(root.resolve("share/data"));
        this.inbox = root.resolve("inbox");
        SplittableRandom random = new SplittableRandom(1857);
        for (int i = 0; i < SMALL_FILES; i++) {
            Files.write(data.resolve(String.format("log-%03d.txt", i)), bytes(random, 1 + random.nextInt(16 * 1024)));
        }
        Files.write(data.resolve("large.bin"), bytes(random, LARGE_FILE));
        this.dataChecksums = checksums(data);
        this.gateway = Gateway.builder().port(0).maxPoolSize(128).share(root.resolve("share")).downloadDir(inbox)
                .build();
        gateway.addSubroutine("echo", (BatchSubroutine) call -> call.arg(0, byte[].class));
        gateway.addSubroutine("checksum", (SendSubroutine) call -> (int) crc(call.buffer()));
        gateway.addSubroutine("counter", (StreamSubroutine) (call, out) -> {
            int count = call.arg(0, Integer.class);
            long seed = call.arg(1, Long.class);
            for (int i = 0; i < count && !out.isCancelled(); i++) {
                if (!out.emit(i, chunk(seed, i))) {
                    return;
                }
            }
        });
        gateway.start(false);
    }

    Gateway gateway() {
        return gateway;
    }

    /** Folders whose files being received must all be gone at the end. */
    Path[] watchedFolders() {
        return new Path[] {root};
    }

    Controller controller(Path downloadDir) {
        return Controller.builder().gateway("127.0.0.1", gateway.port()).downloadDir(downloadDir).build();
    }

    /** Runs one operation on {@code client} (the worker's long-lived connection) and counts it. */
    void run(Op op, Controller controller, Client client, SplittableRandom random) {
        try {
            long verified = switch (op) {
                case CALL -> call(client, random);
                case SEND -> send(client, random);
                case STREAM -> stream(client, random, false);
                case ABORTED_STREAM -> stream(client, random, true);
                case DOWNLOAD -> download();
                case UPLOAD -> upload(client, random);
                case CHURN -> churn(controller);
            };
            tally.done.get(op).incrementAndGet();
            tally.bytesVerified.addAndGet(verified);
        } catch (Exception e) {
            tally.error(op, e);
        }
    }

    private static long call(Client client, SplittableRandom random) throws IOException {
        byte[] payload = bytes(random, 1 + random.nextInt(4096));
        byte[] echoed = client.getSubroutineBatch("echo", Args.of(payload));
        check(Arrays.equals(payload, echoed), "echo returned other bytes");
        return payload.length;
    }

    private static long send(Client client, SplittableRandom random) throws IOException {
        byte[] payload = bytes(random, 1 + random.nextInt(256 * 1024));
        int answer = client.sendSubroutineBatch("checksum", payload);
        check(answer == (int) crc(payload), "the gateway's checksum differs");
        return payload.length;
    }

    private static long stream(Client client, SplittableRandom random, boolean abort) throws IOException {
        int count = 100 + random.nextInt(2_000);
        long seed = random.nextLong();
        int stopAt = abort ? random.nextInt(count) : count;
        AtomicLong next = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        boolean completed = client.getSubroutineStream("counter", Args.of(count, seed), (name, ident, chunk) -> {
            check(ident == next.get(), "chunk " + ident + " where " + next.get() + " was next");
            check(Arrays.equals(chunk, chunk(seed, (int) ident)), "chunk " + ident + " has other bytes");
            bytes.addAndGet(chunk.length);
            return next.incrementAndGet() <= stopAt;
        });
        if (abort) {
            // Aborting on the last chunk may lose the race with the stream's own end.
            check(!completed || stopAt == count - 1, "an aborted stream reported a normal end");
        } else {
            check(completed && next.get() == count, "stream ended after " + next.get() + " of " + count + " chunks");
        }
        return bytes.get();
    }

    private long download() throws IOException {
        Path into = root.resolve("down-" + folders.incrementAndGet());
        try (Controller c = controller(into); Swarm swarm = c.swarm(SWARM_SIZE)) {
            TransferReport report = swarm.stripeSize(STRIPE).getFilesFromGateway(FileQuery.folder("data"));
            check(report.failures().isEmpty(), "download failures: " + report.failures());
            check(checksums(into).equals(dataChecksums), "downloaded files differ from the share");
            return report.bytes();
        } finally {
            deleteTree(into);
        }
    }

    private long upload(Client client, SplittableRandom random) throws IOException {
        String dirname = "up-" + folders.incrementAndGet();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(data)) {
            list.filter(p -> p.getFileName().toString().startsWith("log-")).sorted()
                    .skip(random.nextInt(SMALL_FILES - 20)).limit(20).forEach(files::add);
        }
        Path landed = inbox.resolve(dirname);
        try {
            TransferReport report = client.sendFilesToGateway(dirname, files);
            check(report.failures().isEmpty(), "upload failures: " + report.failures());
            Map<String, Long> expected = new TreeMap<>();
            files.forEach(f -> expected.put(f.getFileName().toString(), dataChecksums.get(f.getFileName().toString())));
            check(checksums(landed).equals(expected), "uploaded files differ on the gateway");
            return report.bytes();
        } finally {
            deleteTree(landed);
        }
    }

    private static long churn(Controller controller) throws IOException {
        try (Client passer = controller.getClient()) {
            check("hello".equals(passer.ping("hello")), "ping answered something else");
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        gateway.close();
        deleteTree(root);
    }

    static byte[] chunk(long seed, int i) {
        return bytes(new SplittableRandom(seed + i), 16 + (int) Math.floorMod(seed + i, 1024L));
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static long crc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return crc.getValue();
    }

    /** CRC32C of every regular file in a folder (not recursive), by name. */
    private static Map<String, Long> checksums(Path folder) throws IOException {
        Map<String, Long> sums = new TreeMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path p : list.filter(Files::isRegularFile).toList()) {
                sums.put(p.getFileName().toString(), crc(Files.readAllBytes(p)));
            }
        }
        return sums;
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException(problem);
        }
    }

    static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
