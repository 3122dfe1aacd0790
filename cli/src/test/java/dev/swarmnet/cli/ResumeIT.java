package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmnet.cli.SwarmnetProcess.Result;
import dev.swarmnet.testkit.TcpProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupted transfers, as a user interrupts them: the command (or the gateway) is a real process, stopped by a
 * real signal in the middle of a large file that crosses a slowed link; the same command run again continues
 * from what was verified, and leaves nothing behind.
 */
class ResumeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIZE = 48 * 1024 * 1024 + 777;
    /** Slow enough that a signal lands mid-file, per connection and direction. */
    private static final long LINK_BYTES_PER_SECOND = 12_000_000;
    /** A range log's header and two records: two 8 MiB ranges verified. */
    private static final long TWO_RANGES_LOGGED = 29 + 2 * 20;

    @TempDir
    Path tmp;

    private Path share;
    private Path inbox;
    private Path out;
    private SwarmnetProcess gateway;
    private int gatewayPort;
    private TcpProxy slowLink;

    @BeforeEach
    void setUp() throws Exception {
        share = Files.createDirectories(tmp.resolve("share"));
        inbox = Files.createDirectories(tmp.resolve("inbox"));
        out = Files.createDirectories(tmp.resolve("out"));
        byte[] bytes = new byte[SIZE];
        new Random(3).nextBytes(bytes);
        Files.write(share.resolve("big.bin"), bytes);
        startGateway("0");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (slowLink != null) {
            slowLink.close();
        }
        gateway.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM", "KILL"})
    void aDownloadStoppedBySignalContinuesFromItsVerifiedRanges(String signal) throws Exception {
        try (SwarmnetProcess get = SwarmnetProcess.start(out, "get", slow(), "--file", "big.bin", "-q")) {
            awaitLogged(out, ".download-ranges.swarmnet-part");
            get.signal(signal);
            Result cut = get.awaitExit();
            assertThat(cut.code()).as("%s", cut).isNotZero();
            if (!signal.equals("KILL")) {
                assertThat(cut.err()).as("%s", cut).containsPattern("interrupted: [0-9.]+ MB kept; run the same"
                        + " command again to resume");
            }
        }
        assertThat(out.resolve("big.bin")).as("nothing under the real name").doesNotExist();
        assertThat(hidden(out).stream().map(p -> p.getFileName().toString()).filter(n -> n.contains(".download")))
                .as("one partial and its log").hasSize(2);

        Result again = SwarmnetProcess.run(out, "get", direct(), "--file", "big.bin", "--json");
        assertThat(again.code()).as("%s", again).isZero();
        JsonNode report = JSON.readTree(again.out());
        assertThat(report.get("resumedBytes").asLong()).as("%s", again).isGreaterThanOrEqualTo(16L << 20);
        assertThat(out.resolve("big.bin")).hasSameBinaryContentAs(share.resolve("big.bin"));
        assertThat(hidden(out)).isEmpty();
    }

    @Test
    void aSingleConnectionDownloadOutlivesItsGatewayKilledAndStartedAgain() throws Exception {
        try (SwarmnetProcess get = SwarmnetProcess.start(out, "get", slow(), "--file", "big.bin", "--json")) {
            awaitLogged(out, ".download-ranges.swarmnet-part");
            gateway.signal("KILL");
            gateway.awaitExit();
            startGateway(String.valueOf(gatewayPort));
            Result done = get.awaitExit();
            assertThat(done.code()).as("%s", done).isZero();
        }
        assertThat(out.resolve("big.bin")).hasSameBinaryContentAs(share.resolve("big.bin"));
        assertThat(hidden(out)).isEmpty();
    }

    @Test
    void aStripedUploadStoppedByCtrlCContinuesInTheNextRun() throws Exception {
        Path file = share.resolve("big.bin");
        try (SwarmnetProcess put = SwarmnetProcess.start(tmp, "put", slow(), file.toString(), "-c", "2", "-q")) {
            awaitLogged(inbox, ".ranges.swarmnet-part");
            put.interrupt();
            Result cut = put.awaitExit();
            assertThat(cut.code()).as("%s", cut).isNotZero();
            assertThat(cut.err()).as("%s", cut).contains("kept; run the same command again to resume");
        }
        assertThat(inbox.resolve("big.bin")).doesNotExist();

        Result again = SwarmnetProcess.run(tmp, "put", direct(), file.toString(), "-c", "2", "--json");
        assertThat(again.code()).as("%s", again).isZero();
        assertThat(JSON.readTree(again.out()).get("resumedBytes").asLong()).as("%s", again).isPositive();
        assertThat(inbox.resolve("big.bin")).hasSameBinaryContentAs(file);
        assertThat(hidden(inbox)).isEmpty();
    }

    private void startGateway(String port) throws Exception {
        gateway = SwarmnetProcess.start(tmp, "gateway", "--port", port, "--bind", "127.0.0.1", "--share",
                share.toString(), "--download-dir", inbox.toString());
        gatewayPort = Integer.parseInt(gateway.awaitLine("ready on port (\\d+)"));
    }

    /** The gateway through a slowed link (the same link when the gateway comes back on its port). */
    private String slow() throws IOException {
        if (slowLink == null) {
            slowLink = TcpProxy.builder().target("127.0.0.1", gatewayPort).bandwidth(LINK_BYTES_PER_SECOND).build();
        }
        return "127.0.0.1:" + slowLink.port();
    }

    private String direct() {
        return "127.0.0.1:" + gatewayPort;
    }

    /** Waits (polling the folder) until a range log there records two verified ranges. */
    private static void awaitLogged(Path folder, String logSuffix) {
        Awaitility.await().atMost(Duration.ofSeconds(SwarmnetProcess.TIMEOUT_SECONDS)).pollInterval(Duration.ofMillis(20))
                .until(() -> hidden(folder).stream().anyMatch(p -> p.getFileName().toString().endsWith(logSuffix)
                        && sizeOf(p) >= TWO_RANGES_LOGGED));
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<Path> hidden(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
