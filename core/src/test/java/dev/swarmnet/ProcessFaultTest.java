package dev.swarmnet;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.Background;
import dev.swarmnet.support.ChildJvm;
import dev.swarmnet.support.GatewayMain;
import dev.swarmnet.support.StreamingClientMain;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.Waits;
import dev.swarmnet.testkit.Direction;
import dev.swarmnet.testkit.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults only a second process can cause: a gateway killed with SIGKILL mid-upload, a client killed mid-stream. */
class ProcessFaultTest {
    @TempDir
    Path tmp;

    @Test
    void aGatewayKilledDuringUploadsLeavesNoPartialFileAndItsRestartSweepsThePieces() throws Exception {
        Path inbox = tmp.resolve("inbox");
        List<Path> files = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 12; i++) {
            byte[] content = new byte[(i + 1) * 700_000];
            random.nextBytes(content);
            files.add(Files.write(Files.createDirectories(tmp.resolve("out")).resolve("f" + i + ".bin"), content));
        }
        int port = TestGateway.freePort();
        TransferReport report = null;
        try (ChildJvm gateway = ChildJvm.start(GatewayMain.class, Integer.toString(port), inbox.toString())) {
            gateway.awaitPort();
            AtomicBoolean killed = new AtomicBoolean();
            TransferListener killer = new TransferListener() {
                @Override
                public void fileStarted(String path, long size) {
                    if (path.equals("f5.bin") && killed.compareAndSet(false, true)) {
                        try {
                            gateway.kill();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            };
            try (Controller c = Controller.builder().gateway(TestGateway.HOST, port).reconnectWindow(Duration.ZERO)
                    .build(); Client client = c.getClient()) { // the kill ends it: no gateway to come back to
                report = client.sendFilesToGateway("up", files, killer);
            } catch (IOException e) {
                // the connection died with the gateway: also a clear outcome
            }
            assertThat(killed).isTrue();
        }
        if (report != null) {
            assertThat(report.failures()).as("the files after the kill are reported").isNotEmpty();
        }
        assertEveryStoredFileIsWhole(inbox.resolve("up"), files);

        try (ChildJvm restarted = ChildJvm.start(GatewayMain.class, Integer.toString(port), inbox.toString())) {
            restarted.awaitPort();
            assertThat(temporaries(inbox)).as("pieces of the killed uploads, after the restart").isEmpty();
            assertEveryStoredFileIsWhole(inbox.resolve("up"), files);
        }
    }

    /**
     * Killed at a known byte: the proxy forwards the handshake, the upload's header and exactly the first 2 MiB
     * of its 6 MiB body, then holds; the gateway is killed there, with part of the file in its temporary.
     */
    @Test
    void aGatewayKilledInsideAnUploadBodyLeavesNoFileUnderItsNameAndItsRestartSweepsThePiece() throws Exception {
        Path inbox = tmp.resolve("inbox");
        Path file = Files.write(Files.createDirectories(tmp.resolve("out")).resolve("big.bin"), randomBytes(6 << 20));
        int port = TestGateway.freePort();
        try (ChildJvm gateway = ChildJvm.start(GatewayMain.class, Integer.toString(port), inbox.toString());
                TcpProxy proxy = TcpProxy.builder().target(TestGateway.HOST, port).build()) {
            gateway.awaitPort();
            proxy.holdAfterBytes(Direction.UPSTREAM, 2 << 20);
            try (Controller c = Controller.builder().gateway(TestGateway.HOST, proxy.port())
                    .reconnectWindow(Duration.ZERO).build(); Client client = c.getClient()) { // the kill ends it
                CompletableFuture<TransferReport> upload = Background.call("upload",
                        () -> client.sendFilesToGateway("up", List.of(file)));
                assertThat(proxy.awaitHeld(Waits.TIMEOUT)).as("the upload reached 2 MiB of its body").isTrue();
                eventually().until(() -> Files.exists(inbox) && temporaries(inbox).size() == 1); // part of the file is in
                gateway.kill();
                proxy.cutAll();
                assertThat(upload).succeedsWithin(Waits.TIMEOUT).satisfies(r -> assertThat(r.failures())
                        .singleElement().satisfies(f -> assertThat(f.reason()).contains("connection was lost")));
            }
            assertThat(inbox.resolve("up/big.bin")).as("no file under its name").doesNotExist();
        }
        try (ChildJvm restarted = ChildJvm.start(GatewayMain.class, Integer.toString(port), inbox.toString())) {
            restarted.awaitPort();
            assertThat(temporaries(inbox)).as("the killed upload's piece, after the restart").isEmpty();
            assertThat(inbox.resolve("up/big.bin")).doesNotExist();
        }
    }

    /** The same inside a download body: the client ends with no file under the name, and no temporary. */
    @Test
    void aGatewayKilledInsideADownloadBodyLeavesTheClientNoFileUnderItsName() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.write(share.resolve("big.bin"), randomBytes(6 << 20));
        Path down = tmp.resolve("down");
        int port = TestGateway.freePort();
        try (ChildJvm gateway = ChildJvm.start(GatewayMain.class, Integer.toString(port),
                tmp.resolve("inbox").toString(), share.toString());
                TcpProxy proxy = TcpProxy.builder().target(TestGateway.HOST, port).build()) {
            gateway.awaitPort();
            proxy.holdAfterBytes(Direction.DOWNSTREAM, 2 << 20);
            try (Controller c = Controller.builder().gateway(TestGateway.HOST, proxy.port()).downloadDir(down)
                    .reconnectWindow(Duration.ZERO).build(); // the kill ends it
                    Client client = c.getClient()) {
                CompletableFuture<TransferReport> download = Background.call("download",
                        () -> client.getFilesFromGateway(FileQuery.files("big.bin")));
                assertThat(proxy.awaitHeld(Waits.TIMEOUT)).as("the download reached 2 MiB of its body").isTrue();
                gateway.kill();
                proxy.cutAll();
                assertThat(download).succeedsWithin(Waits.TIMEOUT).satisfies(r -> assertThat(r.failures())
                        .singleElement().satisfies(f -> assertThat(f.reason()).contains("connection was lost")));
            }
        }
        assertThat(down.resolve("big.bin")).as("no file under its name").doesNotExist();
        assertThat(Files.exists(down) ? temporaries(down) : List.of()).as("no temporary left").isEmpty();
    }

    @Test
    void aClientKilledMidStreamStopsTheSubroutine() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        try (Gateway gw = TestGateway.startGateway(b -> { })) {
            gw.addSubroutine("endless", (StreamSubroutine) (call, out) -> {
                try {
                    for (long i = 0; out.emit(i, new byte[256]) && !out.isCancelled(); i++) {
                        // until the client is gone
                    }
                } finally {
                    stopped.countDown();
                }
            });
            try (ChildJvm client = ChildJvm.start(StreamingClientMain.class, Integer.toString(gw.port()), "endless")) {
                client.awaitLine("STREAMING");
                assertThat(stopped.getCount()).as("still streaming while the client lives").isEqualTo(1);
                client.kill();
            }
            assertThat(stopped.await(20, TimeUnit.SECONDS)).as("the subroutine was told and stopped").isTrue();
            eventually().until(() -> gw.activeHandlers() == 0);
        }
    }

    /** Every file under a real name in {@code landed} is byte for byte the file it came from. */
    private static void assertEveryStoredFileIsWhole(Path landed, List<Path> sources) throws Exception {
        if (!Files.exists(landed)) {
            return;
        }
        try (Stream<Path> list = Files.list(landed)) {
            for (Path p : list.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                Path source = sources.stream().filter(s -> s.getFileName().equals(p.getFileName())).findFirst()
                        .orElseThrow();
                assertThat(sha256(p)).as(p.getFileName() + " is whole").isEqualTo(sha256(source));
            }
        }
    }

    private static List<Path> temporaries(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".swarmnet-part")).toList();
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
