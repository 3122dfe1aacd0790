package dev.swarmnet;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.ChildJvm;
import dev.swarmnet.support.GatewayMain;
import dev.swarmnet.support.StreamingClientMain;
import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
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
            try (Controller c = new Controller(TestGateway.HOST, port); Client client = c.getClient()) {
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

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
