package dev.swarmnet.files;

import dev.swarmnet.support.FileTrees;
import static dev.swarmnet.files.FileFixture.MIB;
import static dev.swarmnet.support.FileTrees.digests;
import static dev.swarmnet.support.FileTrees.temporaries;
import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.PoolFullException;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.testkit.Direction;
import dev.swarmnet.testkit.TcpProxy;
import dev.swarmnet.support.FileGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opening swarms against a bounded pool, a swarm across two gateways, and how a swarm shares the work. */
class SwarmTest {
    private static final long STRIPE = MIB;
    /** Sixteen stripes. */
    private static final int STRIPED_SIZE = 16 * MIB;
    private static final long PER_CONNECTION_CAP = 16L * MIB;

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
        fs.manyFiles(data.resolve("logs"), "log", 60, 16 * 1024);
        fs.write(data, "striped.bin", STRIPED_SIZE);
    }

    @Test
    void aSwarmLargerThanTheFreeSlotsFailsWithPoolFullAndTakesNoSlot() throws Exception {
        Gateway gw = fs.gateway(b -> b.share(share).maxPoolSize(3));
        Controller c = fs.controller(gw);

        assertThatThrownBy(() -> c.swarm(4)).isInstanceOfSatisfying(PoolFullException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.POOL_FULL));
        eventually().until(gw::activeHandlers, n -> n == 0);

        try (Client held = c.getClient()) {
            assertThat(gw.activeHandlers()).isEqualTo(1);
            assertThatThrownBy(() -> c.swarm(3)).isInstanceOf(PoolFullException.class);
            eventually().until(gw::activeHandlers, n -> n == 1);
            assertThat(held.ping("the held client is unharmed")).isEqualTo("the held client is unharmed");
            try (Swarm two = c.swarm(2)) {
                assertThat(two.size()).as("the free slots are really free").isEqualTo(2);
                assertThat(gw.activeHandlers()).isEqualTo(3);
            }
        }
        eventually().until(gw::activeHandlers, n -> n == 0);
    }

    @Test
    void acceptFewerTakesTheFreeSlotsAndStillMovesEverything() throws Exception {
        Gateway gw = fs.gateway(b -> b.share(share).maxPoolSize(3));
        Controller c = fs.controller(gw);
        try (Client held = c.getClient(); Swarm swarm = c.swarm(8, true)) {
            assertThat(swarm.size()).isEqualTo(2);
            assertThat(gw.activeHandlers()).isEqualTo(3);
            TransferReport report = swarm.stripeSize(STRIPE).getFilesFromGateway(
                    FileQuery.folder("data").recursive(true));
            assertThat(report.failures()).isEmpty();
            assertThat(held.isOpen()).isTrue();
        }
        assertThat(digests(down)).isEqualTo(digests(data));
        eventually().until(gw::activeHandlers, n -> n == 0);
    }

    @Test
    void acceptFewerStillNeedsOneFreeSlot() throws Exception {
        Gateway gw = fs.gateway(b -> b.share(share).maxPoolSize(1));
        Controller c = fs.controller(gw);
        try (Client held = c.getClient()) {
            assertThatThrownBy(() -> c.swarm(2, true)).isInstanceOf(PoolFullException.class);
            eventually().until(gw::activeHandlers, n -> n == 1);
        }
    }

    @Test
    void aSwarmAcrossTwoGatewaysWithCopiesOfTheSameTreeDownloadsEverythingIntact() throws Exception {
        Path copy = fs.path("copy/share");
        FileFixture.copyTree(share, copy); // mtimes kept: the copies are the same files
        Gateway a = fs.gateway(b -> b.share(share));
        Gateway b = fs.gateway(g -> g.share(copy));
        Controller ca = fs.controller(a);
        Controller cb = fs.controller(b, c -> c.downloadDir(fs.path("unused")));

        TransferReport report;
        try (Swarm swarm = Swarm.across(List.of(ca, cb), 2)) {
            assertThat(swarm.size()).isEqualTo(4);
            assertThat(a.activeHandlers()).isEqualTo(2);
            assertThat(b.activeHandlers()).isEqualTo(2);
            report = swarm.stripeSize(STRIPE).getFilesFromGateway(FileQuery.folder("data").recursive(true));
        }
        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(61);
        assertThat(digests(down)).isEqualTo(digests(data));
        assertThat(temporaries(fs.root())).isEmpty();
    }

    /**
     * "Large files split into byte ranges across connections": a file of sixteen stripes, fetched by a swarm
     * of four, must travel over every connection (each carries at least one stripe).
     */
    @Test
    void aStripedFileIsSpreadOverEveryConnectionOfTheSwarm() throws Exception {
        Gateway gw = fs.gateway(b -> b.share(share));
        // A per-connection cap (the link parallel TCP exists for) keeps each stripe in flight long enough that
        // a connection whose thread starts late still finds work.
        TcpProxy proxy = fs.proxy(gw, PER_CONNECTION_CAP);
        Controller c = fs.controller(proxy.port());
        try (Swarm swarm = c.swarm(4)) {
            TransferReport report = swarm.stripeSize(STRIPE).getFilesFromGateway(FileQuery.files("data/striped.bin"));
            assertThat(report.failures()).isEmpty();
            List<Long> perConnection = proxy.connections().stream()
                    .map(pc -> pc.bytesForwarded(Direction.DOWNSTREAM)).toList();
            assertThat(perConnection).as("bytes each of the swarm's connections carried to the client")
                    .hasSize(4).allMatch(bytes -> bytes >= STRIPE);
        }
        assertThat(digests(down)).containsEntry("data/striped.bin", FileTrees.sha256(data.resolve("striped.bin")));
    }

    /** A multi-source download takes ranges from every gateway, not only the first. */
    @Test
    void aSwarmAcrossTwoGatewaysFetchesFromBoth() throws Exception {
        Path copy = fs.path("copy/share");
        FileFixture.copyTree(share, copy);
        TcpProxy pa = fs.proxy(fs.gateway(b -> b.share(share)), PER_CONNECTION_CAP);
        TcpProxy pb = fs.proxy(fs.gateway(b -> b.share(copy)), PER_CONNECTION_CAP);
        Controller ca = fs.controller(pa.port());
        Controller cb = fs.controller(pb.port(), c -> c.downloadDir(fs.path("unused")));
        try (Swarm swarm = Swarm.across(List.of(ca, cb), 2)) {
            TransferReport report = swarm.stripeSize(STRIPE).getFilesFromGateway(FileQuery.files("data/striped.bin"));
            assertThat(report.failures()).isEmpty();
        }
        assertThat(pa.bytesForwarded(Direction.DOWNSTREAM)).as("bytes from gateway A").isGreaterThanOrEqualTo(STRIPE);
        assertThat(pb.bytesForwarded(Direction.DOWNSTREAM)).as("bytes from gateway B").isGreaterThanOrEqualTo(STRIPE);
        assertThat(digests(down)).containsEntry("data/striped.bin", FileTrees.sha256(data.resolve("striped.bin")));
    }

    /** Uploads share the work the same way: a file larger than the stripe size travels over every connection. */
    @Test
    void aStripedUploadIsSpreadOverEveryConnectionAndArrivesWhole() throws Exception {
        Path inbox = fs.path("inbox");
        Gateway gw = fs.gateway(b -> b.share(share).downloadDir(inbox));
        TcpProxy proxy = fs.proxy(gw, PER_CONNECTION_CAP);
        Controller c = fs.controller(proxy.port());
        Path big = data.resolve("striped.bin");
        Path small = data.resolve("logs").toFile().listFiles()[0].toPath();
        try (Swarm swarm = c.swarm(4)) {
            TransferReport report = swarm.stripeSize(STRIPE).sendFilesToGateway("up", List.of(big, small));
            assertThat(report.failures()).isEmpty();
            assertThat(report.files()).isEqualTo(2);
            assertThat(report.bytes()).isEqualTo(STRIPED_SIZE + Files.size(small));
            List<Long> perConnection = proxy.connections().stream()
                    .map(pc -> pc.bytesForwarded(Direction.UPSTREAM)).toList();
            assertThat(perConnection).as("bytes each of the swarm's connections carried to the gateway")
                    .hasSize(4).allMatch(bytes -> bytes >= STRIPE);
        }
        assertThat(FileTrees.sha256(inbox.resolve("up/striped.bin"))).isEqualTo(FileTrees.sha256(big));
        assertThat(Files.getLastModifiedTime(inbox.resolve("up/striped.bin"))).isEqualTo(Files.getLastModifiedTime(big));
        assertThat(FileTrees.sha256(inbox.resolve("up/" + small.getFileName()))).isEqualTo(FileTrees.sha256(small));
        assertThat(temporaries(fs.root())).isEmpty();
    }

    /** A swarm across gateways sends each file whole to one of them: no gateway is left with a piece. */
    @Test
    void aSwarmAcrossTwoGatewaysUploadsEachFileWholeToOne() throws Exception {
        Path inboxA = fs.path("inbox-a");
        Path inboxB = fs.path("inbox-b");
        Controller ca = fs.controller(fs.gateway(b -> b.share(share).downloadDir(inboxA)));
        Controller cb = fs.controller(fs.gateway(b -> b.share(share).downloadDir(inboxB)));
        Path big = data.resolve("striped.bin");
        try (Swarm swarm = Swarm.across(List.of(ca, cb), 2)) {
            TransferReport report = swarm.stripeSize(STRIPE).sendFilesToGateway("up", List.of(big));
            assertThat(report.failures()).isEmpty();
        }
        List<Path> copies = new java.util.ArrayList<>();
        for (Path inbox : List.of(inboxA, inboxB)) {
            if (Files.exists(inbox.resolve("up/striped.bin"))) {
                copies.add(inbox.resolve("up/striped.bin"));
            }
        }
        assertThat(copies).singleElement().satisfies(p ->
                assertThat(FileTrees.sha256(p)).isEqualTo(FileTrees.sha256(big)));
        assertThat(temporaries(fs.root())).isEmpty();
    }

    /**
     * The proxy holds every connection's bytes until four connections exist: a swarm that waited for each
     * handshake before starting the next would never get there (its first connect would time out).
     */
    @Test
    void aSwarmConnectsAllItsPairsAtOnce() throws Exception {
        Gateway gw = fs.gateway(b -> b.share(share));
        TcpProxy proxy = fs.proxy(gw);
        proxy.stallAll(true);
        Controller c = Controller.builder().gateway("127.0.0.1", proxy.port()).downloadDir(down)
                .connectTimeout(java.time.Duration.ofSeconds(20)).build();
        java.util.concurrent.FutureTask<Swarm> opening = new java.util.concurrent.FutureTask<>(() -> c.swarm(4));
        new Thread(opening, "test-swarm-open").start();
        eventually().until(() -> proxy.connections().size() == 4);
        proxy.stallAll(false);
        try (Swarm swarm = opening.get()) {
            assertThat(swarm.size()).isEqualTo(4);
            assertThat(swarm.getFilesFromGateway(FileQuery.folder("data")).succeeded()).isTrue();
        }
    }
}
