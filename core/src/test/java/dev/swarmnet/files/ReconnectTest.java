package dev.swarmnet.files;

import static dev.swarmnet.files.FileFixture.KIB;
import static dev.swarmnet.files.FileFixture.MIB;
import static dev.swarmnet.support.FileTrees.digests;
import static dev.swarmnet.support.FileTrees.temporaries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A swarm transfer outlives its gateway process when a new one comes back on the same port within the window. */
class ReconnectTest {
    private static final long STRIPE = MIB;

    @RegisterExtension
    final FileGateway fs = FileGateway.withoutGateway();

    private Path share;
    private Path data;
    private Path down;

    @BeforeEach
    void setUp() throws Exception {
        share = fs.share();
        data = fs.data();
        down = fs.down();
        for (int i = 0; i < 60; i++) {
            fs.write(data, String.format("a%02d.bin", i), 32 * KIB + i * 777);
        }
        fs.write(data, "m-big.bin", 8 * MIB + 123);
    }

    @Test
    void aGatewayRestartedMidDownloadDoesNotFailTheSwarmNorResendFinishedFiles() throws Exception {
        Gateway first = fs.gateway(b -> b.share(share));
        int port = first.port();
        Controller c = fs.controller(first);
        Set<String> finishedBeforeRestart = new HashSet<>();
        AtomicBoolean restarted = new AtomicBoolean();
        FileFixture.Recorder restarter = new FileFixture.Recorder() {
            @Override
            void onFinished(String path, boolean ok) {
                if (finishedOk.get() == 20 && restarted.compareAndSet(false, true)) {
                    synchronized (finishedBeforeRestart) {
                        finished.forEach((p, n) -> finishedBeforeRestart.add(p));
                    }
                    first.close(); // every connection of the swarm dies here
                    restartOn(port);
                }
            }
        };

        TransferReport report;
        try (Swarm swarm = c.swarm(3)) {
            swarm.stripeSize(STRIPE).reconnectWindow(Duration.ofSeconds(20));
            report = swarm.getFilesFromGateway(FileQuery.folder("data"), restarter);
        }

        assertThat(restarted).as("the gateway was restarted during the transfer").isTrue();
        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(61);
        assertThat(digests(down)).isEqualTo(digests(data));
        assertThat(temporaries(fs.root())).isEmpty();
        for (String done : finishedBeforeRestart) {
            assertThat(restarter.started.get(done).get()).as(done + " was complete before the restart").isEqualTo(1);
        }
        assertThat(finishedBeforeRestart).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void aSingleClientDownloadOutlivesAGatewayRestartedMidTransferToo() throws Exception {
        SingleClientRestart restart = new SingleClientRestart();
        TransferReport report;
        try (Client client = restart.controller.getClient()) {
            report = client.getFilesFromGateway(FileQuery.folder("data"), restart.restarter);
            assertThat(client.ping("still here")).as("the client keeps the new connection").isEqualTo("still here");
        }
        assertThat(restart.restarted).isTrue();
        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(62);
        assertThat(digests(down)).isEqualTo(digests(data));
        assertThat(temporaries(fs.root())).isEmpty();
    }

    @Test
    void aClientWithACallTimeoutDoesNotReconnectPastItsDeadline() throws Exception {
        SingleClientRestart restart = new SingleClientRestart();
        TransferReport report;
        try (Client client = restart.controller.getClient()) {
            report = client.withCallTimeout(Duration.ofMinutes(5)).getFilesFromGateway(FileQuery.folder("data"),
                    restart.restarter);
        }
        assertThat(restart.restarted).isTrue();
        assertThat(report.failures()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.reason()).contains("no other was left"));
    }

    /**
     * A gateway that cuts its connections at once when closed, a controller for it, and a listener that closes it
     * and starts a new one on its port once 20 files are in. A file larger than any socket buffers is added, so
     * the restart cannot come after every byte was sent already.
     */
    private final class SingleClientRestart {
        final AtomicBoolean restarted = new AtomicBoolean();
        final Controller controller;
        final FileFixture.Recorder restarter;

        SingleClientRestart() throws Exception {
            fs.write(data, "z-huge.bin", 40 * MIB);
            Gateway first = fs.gateway(b -> b.share(share).shutdownGracePeriod(Duration.ZERO));
            int port = first.port();
            controller = fs.controller(first);
            restarter = new FileFixture.Recorder() {
                @Override
                void onFinished(String path, boolean ok) {
                    if (finishedOk.get() == 20 && restarted.compareAndSet(false, true)) {
                        first.close();
                        restartOn(port);
                    }
                }
            };
        }
    }

    @Test
    void withoutAGatewayTheLaneGivesUpWhenItsWindowEndsAndTheReportSaysWhatFailed() throws Exception {
        Gateway only = fs.gateway(b -> b.share(share));
        Controller c = fs.controller(only);
        AtomicBoolean closed = new AtomicBoolean();
        FileFixture.Recorder closer = new FileFixture.Recorder() {
            @Override
            void onFinished(String path, boolean ok) {
                if (finishedOk.get() == 10 && closed.compareAndSet(false, true)) {
                    only.close();
                }
            }
        };
        TransferReport report;
        try (Swarm swarm = c.swarm(2)) {
            swarm.stripeSize(STRIPE).reconnectWindow(Duration.ofMillis(300));
            report = swarm.getFilesFromGateway(FileQuery.folder("data"), closer);
        }
        assertThat(report.files()).isGreaterThanOrEqualTo(10);
        assertThat(report.files() + report.failures().size()).isEqualTo(61);
        assertThat(report.failures()).allSatisfy(f -> assertThat(f.reason()).isNotBlank());
        assertThat(temporaries(fs.root())).isEmpty();
    }

    private Gateway restartOn(int port) {
        try {
            return fs.gateway(b -> b.share(share).port(port));
        } catch (Exception e) {
            throw new IllegalStateException("could not restart the gateway on port " + port, e);
        }
    }
}
