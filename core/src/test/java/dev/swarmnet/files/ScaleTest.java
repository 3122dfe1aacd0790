package dev.swarmnet.files;

import static dev.swarmnet.files.FileFixture.MIB;
import static dev.swarmnet.support.FileTrees.digests;
import static dev.swarmnet.support.FileTrees.mtimeMillis;
import static dev.swarmnet.support.FileTrees.sha256;
import static dev.swarmnet.support.FileTrees.temporaries;
import static dev.swarmnet.support.FileTrees.totalBytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 small files (1..8 KiB) in four sub-folders plus one file larger than the swarm's stripe size, moved
 * with a swarm of 4, with a single client, and uploaded with a swarm; every file compared by SHA-256.
 */
class ScaleTest {
    private static final int SMALL_FILES = 2_000;
    private static final long STRIPE = MIB;
    /** Five stripes and a bit: the last stripe is short, and no stripe boundary is a file boundary. */
    private static final int BIG_SIZE = 5 * MIB + 12_345;

    @TempDir
    static Path tmp;

    private static FileFixture fx;
    private static Path share;
    private static Gateway gw;
    private static final List<Path> allFiles = new ArrayList<>();
    private static long totalBytes;

    @BeforeAll
    static void makeTree() throws Exception {
        fx = new FileFixture(tmp);
        share = tmp.resolve("share/data");
        for (int d = 0; d < 4; d++) {
            allFiles.addAll(fx.manyFiles(share.resolve("d" + d), "s" + d + "-", SMALL_FILES / 4, 8 * 1024));
        }
        allFiles.add(fx.write(share, "big.bin", BIG_SIZE));
        totalBytes = totalBytes(share);
        gw = fx.gateway(b -> b.share(tmp.resolve("share")).maxPoolSize(12).downloadDir(tmp.resolve("inbox")));
    }

    @AfterAll
    static void closeAll() throws Exception {
        fx.close();
    }

    @AfterEach
    void noTemporariesAnywhere() throws Exception {
        assertThat(temporaries(tmp)).as("temporary files left anywhere").isEmpty();
        assertThat(gw.activeHandlers()).as("every pool slot given back once the clients are closed").isZero();
    }

    @Test
    void aSwarmOfFourDownloadsEverythingIntact() throws Exception {
        Path down = tmp.resolve("down-swarm");
        Controller c = fx.controller(gw, down);
        TransferReport report;
        try (Swarm swarm = c.swarm(4)) {
            assertThat(swarm.size()).isEqualTo(4);
            report = swarm.stripeSize(STRIPE).getFilesFromGateway(FileQuery.folder("data").recursive(true));
        }
        assertComplete(report, share, down);
        assertThat(mtimeMillis(down.resolve("big.bin"))).isEqualTo(mtimeMillis(share.resolve("big.bin")));
    }

    @Test
    void aSingleClientDownloadsEverythingIntact() throws Exception {
        Path down = tmp.resolve("down-single");
        try (Client client = fx.controller(gw, down).getClient()) {
            TransferReport report = client.getFilesFromGateway(FileQuery.folder("data").recursive(true));
            assertComplete(report, share, down);
        }
    }

    @Test
    void aSwarmOfFourUploadsEverythingIntact() throws Exception {
        TransferReport report;
        try (Swarm swarm = fx.controller(gw, tmp.resolve("unused")).swarm(4)) {
            report = swarm.stripeSize(STRIPE).sendFilesToGateway("bulk", allFiles);
        }
        SortedMap<String, String> expected = new TreeMap<>();
        for (Path f : allFiles) {
            expected.put(f.getFileName().toString(), sha256(f));
        }
        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(SMALL_FILES + 1);
        assertThat(report.bytes()).isEqualTo(totalBytes);
        assertThat(digests(tmp.resolve("inbox/bulk"))).isEqualTo(expected);
        assertThat(mtimeMillis(tmp.resolve("inbox/bulk/big.bin"))).isEqualTo(mtimeMillis(share.resolve("big.bin")));
    }

    private static void assertComplete(TransferReport report, Path source, Path dest) throws Exception {
        assertThat(report.failures()).isEmpty();
        assertThat(report.files()).isEqualTo(SMALL_FILES + 1);
        assertThat(report.bytes()).isEqualTo(totalBytes);
        assertThat(digests(dest)).isEqualTo(digests(source));
    }
}
