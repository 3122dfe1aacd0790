package dev.swarmnet.files;

import dev.swarmnet.support.FileTrees;
import static dev.swarmnet.files.FileFixture.KIB;
import static dev.swarmnet.files.FileFixture.MIB;
import static dev.swarmnet.support.FileTrees.digests;
import static dev.swarmnet.support.FileTrees.temporaries;
import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Controller;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.internal.files.ResumablePieces;
import dev.swarmnet.support.ChildJvm;
import dev.swarmnet.support.GatewayMain;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.testkit.Direction;
import dev.swarmnet.testkit.TcpProxy;
import dev.swarmnet.support.FileGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A swarm upload survives its gateway process being killed (SIGKILL) and started again on the same port and
 * download folder within the reconnect window: files already acknowledged are not sent again, and a large
 * striped file resumes from the stripes the gateway verified and logged instead of from zero. Also the
 * retention of the pieces such an upload leaves behind.
 */
class UploadResumeTest {
    private static final long STRIPE = 4 * MIB;
    /** What one connection may have unacknowledged when it dies: 4 MiB of window plus the range that passed it. */
    private static final long IN_FLIGHT_PER_CONNECTION = 4 * MIB + STRIPE;

    @RegisterExtension
    final FileGateway fs = FileGateway.withoutGateway();

    private Path source;
    private Path inbox;
    private final List<ChildJvm> gateways = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        source = fs.path("source");
        inbox = fs.inbox();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ChildJvm gateway : gateways) {
            gateway.close();
        }
    }

    @Test
    void aSwarmUploadOutlivesAGatewayKilledAndRestartedAndResumesItsLargeFile() throws Exception {
        killAndRestartDuringUpload(3, 40, 96 * MIB);
    }

    @Test
    void aSingleConnectionSwarmResumesItsLargeFileToo() throws Exception {
        killAndRestartDuringUpload(1, 8, 48 * MIB);
    }

    @Test
    void atStartPiecesPastTheirRetentionAndOrdinaryTemporariesGoWhileRecentPiecesStay() throws Exception {
        Path up = Files.createDirectories(inbox.resolve("up"));
        Path recent = plantPieces(up.resolve("recent.bin"), 1, Duration.ZERO);
        Path old = plantPieces(up.resolve("old.bin"), 2, Duration.ofHours(2));
        Path ordinary = Files.write(up.resolve(".plain.bin.0123456789abcdef" + FileFixture.TEMPORARY_SUFFIX), new byte[9]);
        Path halfPair = plantPieces(up.resolve("half.bin"), 3, Duration.ZERO);
        Files.delete(halfPair);

        fs.gateway(b -> b.downloadDir(inbox)); // default retention: one hour

        assertThat(recent).exists();
        assertThat(ResumablePieces.logFor(recent)).exists();
        assertThat(old).doesNotExist();
        assertThat(ResumablePieces.logFor(old)).doesNotExist();
        assertThat(ordinary).doesNotExist();
        assertThat(ResumablePieces.logFor(halfPair)).as("a log without its data can never resume").doesNotExist();
    }

    @Test
    void aZeroRetentionSweepsEveryPieceAtStart() throws Exception {
        Path up = Files.createDirectories(inbox.resolve("up"));
        plantPieces(up.resolve("recent.bin"), 1, Duration.ZERO);
        plantPieces(up.resolve("future.bin"), 2, Duration.ofHours(-1));

        fs.gateway(b -> b.downloadDir(inbox).resumableUploadRetention(Duration.ZERO));

        assertThat(temporaries(inbox)).isEmpty();
    }

    @Test
    void aRunningGatewaySweepsPiecesOnceTheirRetentionHasPassed() throws Exception {
        Path up = Files.createDirectories(inbox.resolve("up"));
        Path expiring = plantPieces(up.resolve("expiring.bin"), 1, Duration.ZERO);
        Path future = plantPieces(up.resolve("future.bin"), 2, Duration.ofHours(-1)); // a clock set back: young

        fs.gateway(b -> b.downloadDir(inbox).resumableUploadRetention(Duration.ofSeconds(2)));

        eventually().until(() -> !Files.exists(expiring) && !Files.exists(ResumablePieces.logFor(expiring)));
        assertThat(future).exists();
        assertThat(ResumablePieces.logFor(future)).exists();
    }

    /**
     * Uploads small files and one large file over {@code connections}, kills the gateway once half the large
     * file is acknowledged, starts a new one on the same port and folder, and checks the upload finished
     * without sending acknowledged work again.
     */
    private void killAndRestartDuringUpload(int connections, int smallFiles, long largeSize) throws Exception {
        List<Path> files = new ArrayList<>(fs.manyFiles(source, "s", smallFiles, 200 * KIB));
        Path large = source.resolve("large.bin");
        fs.writeLarge(large, largeSize, 42);
        long smallTotal = FileTrees.totalBytes(source) - largeSize;
        files.add(large);
        int port = TestGateway.freePort();
        gateways.add(startGateway(port));
        Set<String> finishedBeforeKill = new HashSet<>();
        AtomicBoolean killed = new AtomicBoolean();
        FileFixture.Recorder killer = new FileFixture.Recorder() {
            @Override
            void onBytes(long total) {
                // Acknowledged bytes only: past this, at least half of the large file is verified and logged.
                if (total >= smallTotal + largeSize / 2 && killed.compareAndSet(false, true)) {
                    synchronized (finishedBeforeKill) {
                        finishedBeforeKill.addAll(finished.keySet());
                    }
                    restart(port);
                }
            }
        };

        TransferReport report;
        try (TcpProxy proxy = TcpProxy.builder().target("127.0.0.1", port).build()) {
            Controller c = fs.controller(proxy.port());
            try (Swarm swarm = c.swarm(connections)) {
                swarm.stripeSize(STRIPE).reconnectWindow(Duration.ofSeconds(30));
                report = swarm.sendFilesToGateway("up", files, killer);
            }
            long resendBound = connections * IN_FLIGHT_PER_CONNECTION + MIB; // + frame headers
            assertThat(resendBound).as("the bound below would catch a restart from zero").isLessThan(largeSize / 2);
            assertThat(proxy.bytesForwarded(Direction.UPSTREAM))
                    .as("bytes sent: everything once, plus at most what was unacknowledged when the gateway died")
                    .isLessThan(smallTotal + largeSize + resendBound);
        }

        assertThat(killed).as("the gateway was killed during the upload").isTrue();
        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(files.size());
        assertThat(digests(inbox.resolve("up"))).isEqualTo(digests(source));
        assertThat(temporaries(inbox)).as("pieces and range logs left").isEmpty();
        assertThat(killer.bytesMoved.get()).as("bytes acknowledged: each file and stripe exactly once")
                .isEqualTo(smallTotal + largeSize);
        assertThat(finishedBeforeKill).isNotEmpty();
        for (String done : finishedBeforeKill) {
            assertThat(killer.started.get(done).get()).as(done + " was stored before the kill").isEqualTo(1);
        }
    }

    /** SIGKILL, then a new gateway process on the same port and download folder. */
    private void restart(int port) {
        try {
            gateways.get(gateways.size() - 1).kill();
            gateways.add(startGateway(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ChildJvm startGateway(int port) throws IOException, InterruptedException {
        ChildJvm gateway = ChildJvm.start(GatewayMain.class, Integer.toString(port), inbox.toString());
        gateway.awaitPort();
        return gateway;
    }

    /** A data file and range log as an interrupted upload leaves them, last touched {@code age} ago. */
    private static Path plantPieces(Path target, long uploadId, Duration age) throws IOException {
        Path data = ResumablePieces.dataFor(target, uploadId);
        Files.write(data, new byte[1000]);
        Files.write(ResumablePieces.logFor(data), new byte[29]);
        FileTime then = FileTime.fromMillis(System.currentTimeMillis() - age.toMillis());
        Files.setLastModifiedTime(data, then);
        Files.setLastModifiedTime(ResumablePieces.logFor(data), then);
        return data;
    }
}
