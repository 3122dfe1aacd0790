package dev.swarmnet;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.swarmnet.support.Background;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.Waits;
import dev.swarmnet.support.WireBody;
import dev.swarmnet.testkit.TcpProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Gateway.close()} and a client's {@code closeGateway()}: new connections are refused at once, idle
 * clients are told SHUTTING_DOWN, requests in flight finish within the shutdown grace period, and what
 * outlives it is ended — streams and subroutine calls answered SHUTTING_DOWN, transfers cut without leaving
 * a file behind.
 */
class GracefulShutdownTest {
    private static final Duration LONG_GRACE = Duration.ofSeconds(30);
    private static final Duration SHORT_GRACE = Duration.ofMillis(300);
    /** Far above any grace period used here plus the shutdown's own bounds: only a hang reaches it. */
    private static final Duration CLOSE_CEILING = Duration.ofSeconds(15);
    private static final String TEMPORARY_SUFFIX = ".swarmnet-part";
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    private final Deque<AutoCloseable> made = new ArrayDeque<>();
    /** Released after each test, so no subroutine thread outlives it. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void closeAll() throws Exception {
        release.countDown();
        while (!made.isEmpty()) {
            made.pop().close();
        }
    }

    @Test
    void builderRejectsNullNegativeAndOverlongGracePeriods() {
        assertThatThrownBy(() -> Gateway.builder().shutdownGracePeriod(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("shutdownGracePeriod");
        assertThatThrownBy(() -> Gateway.builder().shutdownGracePeriod(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdownGracePeriod");
        assertThatThrownBy(() -> Gateway.builder().shutdownGracePeriod(Duration.ofHours(1).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1H");
        try (Gateway defaults = Gateway.builder().build();
                Gateway zero = Gateway.builder().shutdownGracePeriod(Duration.ZERO).build()) {
            assertThat(defaults.shutdownGracePeriod())
                    .isEqualTo(Duration.ofMillis(Gateway.DEFAULT_SHUTDOWN_GRACE_MILLIS)).isEqualTo(Duration.ofSeconds(5));
            assertThat(zero.shutdownGracePeriod()).isZero();
        }
    }

    @Test
    void aBatchCallInFlightReturnsItsResultWhileNewConnectionsAreRefused() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Gateway gw = gateway(LONG_GRACE, b -> { });
        gw.addSubroutine("slow", blockingBatch(started));
        Controller controller = controller(gw.port(), tmp);
        Client client = controller.getClient();
        CompletableFuture<byte[]> call = Background.call("test-call", () -> client.getSubroutineBatch("slow", Args.none()));
        await(started);

        CompletableFuture<Void> closing = Background.run("test-close", gw::close);

        awaitRefused(gw.port());
        assertThat(gw.isRunning()).isFalse();
        assertThat(call).as("the call in flight is waited for").isNotDone();
        assertThat(closing).isNotDone();
        release.countDown();
        assertThat(call.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8).isEqualTo("done");
        closing.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(gw.activeHandlers()).isZero();
        assertShuttingDown(catchThrowable(() -> client.ping("another?")));
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void aBatchCallThatOutlivesTheGraceIsAnsweredShuttingDownAndCloseReturns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Gateway gw = gateway(SHORT_GRACE, b -> { });
        gw.addSubroutine("stuck", blockingBatch(started));
        Client client = controller(gw.port(), tmp).getClient();
        CompletableFuture<byte[]> call = Background.call("test-call", () -> client.getSubroutineBatch("stuck", Args.none()));
        await(started);

        assertClosesWithin(gw, CLOSE_CEILING);

        Throwable failure = failureOf(call);
        assertShuttingDown(failure);
        assertThat(((RemoteException) failure).remoteMessage()).contains("'stuck'", "grace period", "300 ms");
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void anIdleClientIsToldAtItsNextCallAndCloseDoesNotWaitForTheGrace() throws Exception {
        Gateway gw = gateway(LONG_GRACE, b -> { });
        Client client = controller(gw.port(), tmp).getClient();
        assertThat(client.ping("ready")).isEqualTo("ready");

        assertClosesWithin(gw, CLOSE_CEILING); // well below the 30 s grace: nothing was in flight

        Throwable failure = catchThrowable(() -> client.ping("still there?"));
        assertShuttingDown(failure);
        assertThat(((RemoteException) failure).remoteMessage()).isEqualTo("the gateway is shutting down; this connection is closed");
        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(() -> client.ping("again")).isInstanceOf(SwarmnetException.class);
    }

    @Test
    void aRequestThatArrivesDuringTheGraceIsRefusedAfterTheOneInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Gateway gw = gateway(LONG_GRACE, b -> { });
        gw.addSubroutine("slow", blockingBatch(started));
        RawConnection raw = track(RawConnection.open(gw.port()));
        raw.readHello();
        raw.writeClientHelloAndAwaitAdmission();
        // Pipelined: the ping waits in the gateway's socket while the batch call runs.
        raw.writeFrame(RawConnection.BATCH_CALL, WireBody.create().text("slow").u32(0).bytes());
        raw.writeFrame(RawConnection.PING, "hello?".getBytes(StandardCharsets.UTF_8));
        await(started);

        CompletableFuture<Void> closing = Background.run("test-close", gw::close);
        awaitRefused(gw.port());
        release.countDown();

        assertThat(raw.readFrame().type()).isEqualTo(RawConnection.BATCH_RESULT);
        RawConnection.Frame refusal = raw.readFrame();
        assertThat(refusal.type()).isEqualTo(RawConnection.ERROR);
        assertThat(refusal.errorCode()).isEqualTo(ErrorCode.SHUTTING_DOWN.wireCode());
        assertThat(refusal.errorMessage()).contains("the gateway is shutting down");
        assertThat(raw.isClosedByPeer()).isTrue();
        closing.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void anUploadCutWhenTheGraceEndsLeavesNeitherTheFileNorATemporary() throws Exception {
        Path inbox = tmp.resolve("inbox");
        Gateway gw = gateway(SHORT_GRACE, b -> b.downloadDir(inbox));
        Path file = writeFile(tmp.resolve("out"), "big.bin", 8 * MIB);
        TcpProxy proxy = track(TcpProxy.builder().target(TestGateway.HOST, gw.port()).bandwidth(256 * 1024).build());
        Client client = controller(proxy.port(), tmp).getClient();
        CompletableFuture<TransferReport> upload = Background.call("test-upload",
                () -> client.sendFilesToGateway("up", List.of(file)));
        eventually().until(() -> !temporaries(inbox).isEmpty()); // the gateway is receiving it

        assertClosesWithin(gw, CLOSE_CEILING); // 8 MiB at 256 KiB/s cannot finish within 300 ms

        assertThat(Files.exists(inbox.resolve("up").resolve("big.bin"))).isFalse();
        assertThat(temporaries(inbox)).isEmpty();
        try {
            TransferReport report = upload.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(report.succeeded()).isFalse();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SwarmnetException.class);
        }
    }

    @Test
    void aDownloadInFlightFinishesWithinTheGrace() throws Exception {
        Path share = tmp.resolve("share");
        Path original = writeFile(share, "big.bin", 24 * MIB);
        Gateway gw = gateway(LONG_GRACE, b -> b.share(share).downloadDir(tmp.resolve("inbox")));
        Path down = tmp.resolve("down");
        CountDownLatch moving = new CountDownLatch(1);
        CompletableFuture<TransferReport> download = throttledDownload(gw, down, moving);
        await(moving); // 24 MiB at 8 MiB/s: the gateway is still sending for seconds

        CompletableFuture<Void> closing = Background.run("test-close", gw::close);

        TransferReport report = download.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(1);
        assertThat(Files.mismatch(original, down.resolve("big.bin"))).isEqualTo(-1L);
        closing.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(closing).isCompleted();
    }

    @Test
    void aDownloadOfManyFilesKeepsItsPipelinedRequestsWithinTheGrace() throws Exception {
        Path share = tmp.resolve("share");
        Path many = Files.createDirectories(share.resolve("many"));
        for (int i = 0; i < 3_000; i++) {
            Files.write(many.resolve("f" + i + ".bin"), new byte[4096]);
        }
        Gateway gw = gateway(LONG_GRACE, b -> b.share(share).downloadDir(tmp.resolve("inbox")));
        Path down = tmp.resolve("down");
        CountDownLatch moving = new CountDownLatch(1);
        CompletableFuture<TransferReport> download = throttledDownload(gw, down, moving, FileQuery.folder("many"));
        await(moving); // 12 MiB at 8 MiB/s: later batches of files are still to be asked for

        CompletableFuture<Void> closing = Background.run("test-close", gw::close);

        TransferReport report = download.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(3_000);
        closing.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void withoutAGracePeriodADownloadInFlightIsCutAtOnce() throws Exception {
        Path share = tmp.resolve("share");
        writeFile(share, "big.bin", 24 * MIB);
        Gateway gw = gateway(Duration.ZERO, b -> b.share(share).downloadDir(tmp.resolve("inbox")));
        Path down = tmp.resolve("down");
        CountDownLatch moving = new CountDownLatch(1);
        CompletableFuture<TransferReport> download = throttledDownload(gw, down, moving);
        await(moving);

        assertClosesWithin(gw, CLOSE_CEILING);

        Throwable failure = catchThrowable(() -> {
            TransferReport report = download.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(report.succeeded()).isFalse();
        });
        assertThat(failure == null || failure.getCause() instanceof SwarmnetException).isTrue();
        assertThat(Files.exists(down.resolve("big.bin"))).isFalse();
    }

    @Test
    void anEndlessStreamIsEndedWhenTheGraceEndsAndItsSubroutineIsTold() throws Exception {
        Gateway gw = gateway(SHORT_GRACE, b -> { });
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean sawCancel = new AtomicBoolean();
        gw.addSubroutine("endless", (StreamSubroutine) (call, out) -> {
            try {
                for (long i = 0; out.emit(i, Bytes.longToBytes(i)); i++) {
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                // the gateway's way of waking a sleeping stream when it ends it
            }
            sawCancel.set(out.isCancelled());
            stopped.countDown();
        });
        Client client = controller(gw.port(), tmp).getClient();
        CountDownLatch flowing = new CountDownLatch(1);
        CompletableFuture<Boolean> stream = Background.call("test-stream", () -> client.getSubroutineStream("endless",
                Args.none(), (name, ident, bytes) -> {
                    flowing.countDown();
                    return true;
                }));
        await(flowing);

        assertClosesWithin(gw, CLOSE_CEILING);

        Throwable failure = failureOf(stream);
        assertShuttingDown(failure);
        assertThat(((RemoteException) failure).remoteMessage()).contains("stream 'endless'", "grace period");
        await(stopped);
        assertThat(sawCancel).as("the subroutine saw itself cancelled").isTrue();
    }

    @Test
    void aFiniteStreamInFlightRunsToItsEnd() throws Exception {
        Gateway gw = gateway(LONG_GRACE, b -> { });
        CountDownLatch halfway = new CountDownLatch(1);
        gw.addSubroutine("tenChunks", (StreamSubroutine) (call, out) -> {
            for (long i = 0; i < 10; i++) {
                if (i == 5) {
                    halfway.countDown();
                    release.await();
                }
                out.emit(i, Bytes.longToBytes(i));
            }
        });
        Client client = controller(gw.port(), tmp).getClient();
        List<Long> idents = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Boolean> stream = Background.call("test-stream", () -> client.getSubroutineStream("tenChunks",
                Args.none(), (name, ident, bytes) -> idents.add(ident)));
        await(halfway);

        CompletableFuture<Void> closing = Background.run("test-close", gw::close);
        awaitRefused(gw.port());
        release.countDown();

        assertThat(stream.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(idents).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        closing.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aRemoteCloseGatewayTakesTheSameGracefulPath() throws Exception {
        int port = TestGateway.freePort();
        Gateway gw = track(TestGateway.loopbackBuilder(port, b -> b.shutdownGracePeriod(LONG_GRACE)
                .allowRemoteShutdown(true)).build());
        CountDownLatch started = new CountDownLatch(1);
        gw.addSubroutine("slow", blockingBatch(started));
        CompletableFuture<Void> blockingStart = TestGateway.startBlocking(gw);
        Controller controller = controller(port, tmp);
        Client busy = eventually().ignoreExceptionsInstanceOf(IOException.class).until(controller::getClient, c -> c != null);
        Client closer = controller.getClient();
        CompletableFuture<byte[]> call = Background.call("test-call", () -> busy.getSubroutineBatch("slow", Args.none()));
        await(started);

        closer.closeGateway();

        awaitRefused(port);
        assertThat(blockingStart).as("start(true) waits for the call in flight").isNotDone();
        assertThat(call).isNotDone();
        release.countDown();
        assertThat(call.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8).isEqualTo("done");
        blockingStart.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(gw.isRunning()).isFalse();
        assertShuttingDown(catchThrowable(() -> busy.ping("another?")));
    }

    // ---------------------------------------------------------------- helpers

    /** A batch subroutine that says it started, then waits for the test's {@link #release}. */
    private BatchSubroutine blockingBatch(CountDownLatch started) {
        return call -> {
            started.countDown();
            release.await();
            return "done".getBytes(StandardCharsets.UTF_8);
        };
    }

    private Gateway gateway(Duration grace, Consumer<Gateway.Builder> config) throws IOException {
        return track(TestGateway.startGateway(b -> {
            b.shutdownGracePeriod(grace);
            config.accept(b);
        }));
    }

    private Controller controller(int port, Path downloadDir) {
        // What a shutdown does to a transfer: it does not reconnect to the gateway started next (ReconnectTest).
        return track(Controller.builder().gateway(TestGateway.HOST, port).downloadDir(downloadDir)
                .reconnectWindow(Duration.ZERO).build());
    }

    /** Downloads big.bin through a proxy capped at 8 MiB/s; {@code moving} opens at its first bytes. */
    private CompletableFuture<TransferReport> throttledDownload(Gateway gw, Path down, CountDownLatch moving)
            throws IOException {
        return throttledDownload(gw, down, moving, FileQuery.files("big.bin"));
    }

    private CompletableFuture<TransferReport> throttledDownload(Gateway gw, Path down, CountDownLatch moving,
            FileQuery query) throws IOException {
        TcpProxy proxy = track(TcpProxy.builder().target(TestGateway.HOST, gw.port()).bandwidth(8L * MIB).build());
        Client client = controller(proxy.port(), down).getClient();
        TransferListener listener = new TransferListener() {
            @Override
            public void bytesMoved(long count) {
                moving.countDown();
            }
        };
        return Background.call("test-download", () -> client.getFilesFromGateway(query, listener));
    }

    private static void assertClosesWithin(Gateway gw, Duration ceiling) throws Exception {
        Background.run("test-close", gw::close).get(ceiling.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(gw.isRunning()).isFalse();
        assertThat(gw.activeHandlers()).isZero();
    }

    private static void assertShuttingDown(Throwable failure) {
        assertThat(failure).isInstanceOf(RemoteException.class).hasMessageContaining("the gateway is shutting down");
        assertThat(((RemoteException) failure).errorCode()).isEqualTo(ErrorCode.SHUTTING_DOWN);
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got " + future.get());
    }

    /** Waits until connecting to {@code port} is refused: the listening socket is closed. */
    private static void awaitRefused(int port) {
        eventually().until(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return false; // accepted just before the close: that handler refuses its requests
            } catch (ConnectException refused) {
                return true;
            }
        });
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("latch opened").isTrue();
    }

    private static Path writeFile(Path dir, String name, int size) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Random random = new Random(size);
        byte[] chunk = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, Math.min(chunk.length, size - written));
            }
        }
        return file;
    }

    private static List<Path> temporaries(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(TEMPORARY_SUFFIX)).toList();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        made.push(closeable);
        return closeable;
    }
}
