package dev.swarmnet.faults;

import static dev.swarmnet.faults.FaultBench.KIB;
import static dev.swarmnet.faults.FaultBench.MIB;
import static dev.swarmnet.faults.FaultBench.assertClearErrorNotAStall;
import static dev.swarmnet.support.FileTrees.assertDeliveredOrListed;
import static dev.swarmnet.faults.FaultBench.describe;
import static dev.swarmnet.support.FileTrees.digests;
import static dev.swarmnet.faults.FaultBench.record;
import static dev.swarmnet.support.FileTrees.temporaries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Controller;
import dev.swarmnet.FileFailure;
import dev.swarmnet.TransferListener;
import dev.swarmnet.TransferReport;
import dev.swarmnet.testkit.Direction;
import dev.swarmnet.testkit.ProxiedConnection;
import dev.swarmnet.testkit.TcpProxy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault matrix for one kind of file transfer (download or upload, one client or a swarm of 4 with 1 MiB
 * stripes) of {@link FaultBench#writeTestFiles the test folder}: 33 small files and a striped file of 3 MiB.
 *
 * <p>STALL, CUT and CORRUPT come mid-transfer, once the proxy has forwarded a known number of body bytes: inside
 * the striped file's body ({@link #faultAt()}). Until then the link is throttled, so the proxy cannot run far ahead
 * of that point and most of the transfer is still to come; the throttle is lifted with the fault. DELAY and
 * THROTTLE shape the link from the start. Contract for every cell: the transfer ends (a report, never a hang);
 * every file is byte-identical or absent and listed as failed; no temporary file anywhere; the gateway serves new
 * clients and frees every slot. Beyond that, per fault: {@link #expect}.
 */
abstract class TransferFaultCases {
    /** The swarm transfers' connections and stripe size. */
    static final int SWARM_SIZE = 4;
    static final long STRIPE = MIB;

    @TempDir
    Path tmp;

    FaultBench bench;

    @BeforeEach
    void setUp() throws Exception {
        bench = new FaultBench(tmp);
        bench.writeTestFiles();
    }

    @AfterEach
    void tearDown() throws Exception {
        bench.close();
    }

    /** A transfer opened on its connections, ready to run. */
    @FunctionalInterface
    interface Transfer {
        TransferReport run(TransferListener listener) throws IOException;
    }

    private final String operation;
    private final boolean swarm;
    private final Direction bodies;

    /**
     * @param operation the operation's name in the matrix
     * @param swarm     whether a swarm (of {@link #SWARM_SIZE}, striped) or a single client transfers
     * @param bodies    which way the file bodies travel: downstream for downloads, upstream for uploads
     */
    TransferFaultCases(String operation, boolean swarm, Direction bodies) {
        this.operation = operation;
        this.swarm = swarm;
        this.bodies = bodies;
    }

    /** The operation's name in the matrix. */
    final String operation() {
        return operation;
    }

    final boolean swarm() {
        return swarm;
    }

    /** Which way the file bodies travel. */
    final Direction bodies() {
        return bodies;
    }

    /** Where the files land: the client's download folder, or the gateway's "up" folder for uploads. */
    final Path destination() {
        return bodies == Direction.DOWNSTREAM ? bench.down() : bench.inbox().resolve("up");
    }

    /**
     * Opens the transfer's connection(s) through the proxy (handed to {@link FaultBench#closeLater}); the
     * transfer itself starts with {@link Transfer#run}.
     */
    abstract Transfer open(Controller controller) throws IOException;

    /**
     * Whether the files at the destination are final when the report is returned: true for downloads (the
     * client places them); false for uploads, which the gateway may still be finishing on a connection the
     * client gave up on (then they are checked once every handler has ended).
     */
    final boolean filesFinalWithReport() {
        return bodies == Direction.DOWNSTREAM;
    }

    /**
     * Where a mid-transfer fault comes, in body bytes forwarded in {@link #bodies()}: past the small files, inside
     * the striped file's body (for one client: 256 KiB into it, with 3 MiB to go; for a swarm: 1 MiB of stripes
     * forwarded, so its connections are inside stripe bodies rather than the small files' frame headers).
     */
    private long faultAt() {
        return bench.bytesBeforeBig() + (swarm() ? MIB : 256 * KIB);
    }

    /** Until the fault, per connection: slow enough that the proxy cannot overshoot far before the fault comes. */
    private long bandwidthBeforeFault() {
        return swarm() ? MIB / 2 : 2 * MIB;
    }


    /**
     * Whether the striped file may be listed as failed when every connection of the swarm dies or stalls: false
     * for every swarm transfer, which must heal (a swarm upload resumes its striped file, docs/PROTOCOL.md section
     * 11); a transfer that cannot yet may say true, and its file is then reported, never stored in part.
     */
    boolean stripedFileMayFail() {
        return false;
    }

    /** A cell's transfer and what the listener saw. */
    record Cell(TransferReport report, FaultBench.Recorder recorder) {
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void everyFileArrivesIntactOrIsListedAsFailed(Fault fault) throws Exception {
        Cell cell = transferUnder(fault);
        TransferReport report = cell.report();
        record(operation(), fault, describe(report)
                + (cell.recorder().restarts() > 0 ? "; sent again: " + cell.recorder().restarted() : ""));
        if (filesFinalWithReport()) {
            assertDeliveredOrListed(bench.data(), destination(), report);
        }
        expect(fault, report, cell.recorder());
        assertFilesAfterRecovery(report);
    }

    /** Runs the transfer with {@code fault} injected (from the start, or mid-transfer); returns its report. */
    Cell transferUnder(Fault fault) throws Exception {
        Controller controller = bench.controller(fault);
        TcpProxy proxy = bench.proxy();
        bench.shape(fault);
        boolean midTransfer = fault == Fault.STALL || fault == Fault.CUT || fault == Fault.CORRUPT;
        if (midTransfer) {
            proxy.setBandwidth(bandwidthBeforeFault());
        }
        Transfer transfer = open(controller);
        FaultBench.Recorder recorder = new FaultBench.Recorder();
        CompletableFuture<TransferReport> running = FaultBench.start(operation(), () -> transfer.run(recorder));
        if (midTransfer) {
            bench.awaitForwarded(bodies(), faultAt(), running);
            inject(fault);
            proxy.setBandwidth(TcpProxy.UNLIMITED);
        }
        return new Cell(FaultBench.outcome(running).valueOrFail(), recorder);
    }

    /**
     * Heals the link and checks the gateway recovers (which waits for every handler to end, so the gateway has
     * finished with every upload), then the files contract at the destination, and no temporaries anywhere.
     */
    void assertFilesAfterRecovery(TransferReport report) throws Exception {
        bench.assertGatewayRecovers();
        Set<String> failed = assertDeliveredOrListed(bench.data(), destination(), report);
        assertThat(temporaries(tmp)).as("temporary files anywhere").isEmpty();
        if (failed.isEmpty()) {
            assertThat(digests(destination())).isEqualTo(digests(bench.data()));
        }
    }

    private void inject(Fault fault) {
        TcpProxy proxy = bench.proxy();
        switch (fault) {
            case STALL -> {
                if (swarm()) {
                    // These connections go silent; the ones the swarm opens to replace them are not stalled.
                    proxy.connections().forEach(c -> c.stall(true));
                } else {
                    proxy.stallAll(true);
                }
            }
            case CUT -> proxy.cutAll();
            case CORRUPT -> proxy.corruptNextByte(bodies());
            default -> throw new AssertionError(fault);
        }
    }

    /** What each fault must lead to, beyond the files contract. */
    void expect(Fault fault, TransferReport report, FaultBench.Recorder recorder) {
        Map<String, String> reasons = reasons(report);
        switch (fault) {
            case DELAY, THROTTLE -> assertThat(report.failures()).as("failures").isEmpty();
            case STALL -> {
                if (swarm()) {
                    assertHealed(reasons, "the swarm replaced its stalled connections");
                } else {
                    assertThat(reasons).as("the files not sent when the link stalled").containsKey(FaultBench.BIG);
                    assertThat(reasons.values()).as("the reasons name the setting that fired")
                            .anySatisfy(r -> assertThat(r).contains("stallTimeout"));
                }
            }
            case CUT -> {
                assertNoStall(reasons);
                if (swarm()) {
                    assertHealed(reasons, "the swarm replaced its cut connections");
                } else {
                    assertThat(reasons).as("the files not sent when the link was cut").containsKey(FaultBench.BIG);
                }
            }
            case CORRUPT -> {
                assertNoStall(reasons);
                if (swarm()) {
                    assertHealed(reasons, "the swarm sent the damaged range again (or replaced a connection whose"
                            + " frame header was damaged)");
                } else if (reasons.isEmpty()) {
                    assertThat(recorder.restarted()).as("the file the flipped bit fell into was sent again")
                            .contains(FaultBench.BIG);
                }
                // else: the bit fell into a frame header and ended the connection; the files contract holds.
            }
            default -> throw new AssertionError(fault);
        }
    }

    private void assertHealed(Map<String, String> reasons, String why) {
        if (stripedFileMayFail()) {
            assertThat(reasons.keySet()).as(why + "; only the striped file may be lost with its connections")
                    .isSubsetOf(Set.of(FaultBench.BIG));
        } else {
            assertThat(reasons).as(why).isEmpty();
        }
    }

    /**
     * A frame header damaged at the start of the transfer: the first frame in {@code direction} (a request —
     * the listing, the first FILE_GET or FILE_PUT — or a reply — the listing, the first FILE_DATA or FILE_ACK)
     * carries a flipped top bit of its length, so the receiver sees a frame above its maximum. One client: a clear
     * error, or a report that lists what did not arrive. A swarm: the damaged connections are replaced and
     * everything arrives (a swarm download's listing connection is spared, so the damage hits the file frames).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Direction.class)
    void aFlippedBitInAFrameHeaderEndsInAClearErrorOrIsHealed(Direction direction) throws Exception {
        Controller controller = bench.controller(Fault.CORRUPT);
        Transfer transfer = open(controller);
        List<ProxiedConnection> damaged = bench.proxy().connections();
        if (swarm() && bodies() == Direction.DOWNSTREAM) {
            damaged = damaged.subList(1, damaged.size()); // the oldest is the swarm's first, which lists
        }
        for (ProxiedConnection c : damaged) {
            if (direction == Direction.UPSTREAM) {
                bench.afterClientHello(c);
            }
            c.corruptNextByte(direction);
        }
        FaultBench.Outcome<TransferReport> outcome = FaultBench.run(operation(), () -> transfer.run(
                TransferListener.NONE));
        String what = "CORRUPT header " + (direction == Direction.UPSTREAM ? "up" : "down");
        if (outcome.error() != null) {
            assertClearErrorNotAStall(outcome.error());
            record(operation(), what, describe(outcome.error()));
            bench.assertGatewayRecovers();
            assertThat(temporaries(tmp)).as("temporary files anywhere").isEmpty();
            assertThat(digests(bench.data())).as("whatever arrived is intact")
                    .containsAllEntriesOf(digests(destination()));
            return;
        }
        TransferReport report = outcome.value();
        record(operation(), what, describe(report));
        assertNoStall(reasons(report));
        if (swarm()) {
            assertThat(report.failures()).as("the swarm replaced the damaged connections and moved everything")
                    .isEmpty();
        }
        bench.assertGatewayRecovers();
        assertDeliveredOrListed(bench.data(), destination(), report);
        assertThat(temporaries(tmp)).as("temporary files anywhere").isEmpty();
    }

    private static Map<String, String> reasons(TransferReport report) {
        return report.failures().stream().collect(java.util.stream.Collectors.toMap(FileFailure::path,
                FileFailure::reason));
    }

    private static void assertNoStall(Map<String, String> reasons) {
        assertThat(reasons.values()).as("failures noticed as what they are, not rescued by the stall timeout")
                .noneSatisfy(r -> assertThat(r).contains("stallTimeout"));
    }
}
