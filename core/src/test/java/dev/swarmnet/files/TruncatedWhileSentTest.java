package dev.swarmnet.files;

import static dev.swarmnet.files.FileFixture.KIB;
import static dev.swarmnet.files.FileFixture.MIB;
import static dev.swarmnet.support.FileTrees.sha256;
import static dev.swarmnet.support.FileTrees.temporaries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.FileGateway;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A shared file that shrinks under the sender (a log rotated with "copytruncate"). The gateway runs in a
 * JVM of its own here: a shrinking file can kill the gateway's process, and that must fail these tests,
 * not the JVM running all the others.
 */
class TruncatedWhileSentTest {
    @RegisterExtension
    final FileGateway fs = FileGateway.withoutGateway();

    private Path share;
    private Path data;
    private Path down;
    private ForkedGateway gw;
    private Controller controller;

    @BeforeEach
    void setUp() throws Exception {
        share = fs.share();
        data = fs.data();
        down = fs.down();
        fs.write(data, "a-before.bin", 100 * KIB);
        fs.write(data, "z-after.bin", 100 * KIB);
        gw = ForkedGateway.start(share, fs.path("inbox"), fs.path("forked"));
        controller = fs.controller(gw.port());
    }

    /** Before the extension closes the controller: the gateway going first ends every connection. */
    @AfterEach
    void tearDown() throws Exception {
        gw.close();
    }

    /**
     * The file is cut to nothing and grown back, over and over, while a swarm asks for it in 512 KiB stripes:
     * every transfer may fail, but the gateway must survive and keep serving. (Before sending a body larger
     * than 256 KiB the gateway computes its CRC32C through a memory map of the file; reading a mapped page
     * past the file's new end raises SIGBUS, which the JVM does not turn into an exception there.)
     */
    @Test
    void aFileShrinkingUnderTheSenderNeverCrashesTheGateway() throws Exception {
        Path live = data.resolve("live.bin");
        long size = 64L * MIB;
        try (RandomAccessFile f = new RandomAccessFile(live.toFile(), "rw")) {
            f.setLength(size); // sparse: costs no disk
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread rotator = new Thread(() -> {
            try (RandomAccessFile f = new RandomAccessFile(live.toFile(), "rw")) {
                while (!stop.get()) {
                    f.setLength(0);
                    f.setLength(size);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "test-rotator");
        rotator.setDaemon(true);
        rotator.start();
        try {
            for (int round = 0; round < 30 && gw.isAlive(); round++) {
                try (Swarm swarm = controller.swarm(4)) {
                    swarm.stripeSize(512 * KIB).getFilesFromGateway(FileQuery.files("data/live.bin"));
                } catch (IOException e) {
                    // the transfer may fail (the file keeps changing); the gateway may not
                }
                Files.deleteIfExists(down.resolve("data/live.bin"));
            }
        } finally {
            stop.set(true);
            rotator.join();
        }

        TransferReport report = null;
        try (Client client = controller.getClient()) {
            report = client.getFilesFromGateway(FileQuery.files("data/a-before.bin"));
        } catch (IOException e) {
            gw.awaitExit(10); // it failed: let a dying gateway finish dying, to say why below
        }
        assertThat(gw.isAlive()).as(() -> "the gateway process is alive (it is not: " + obituary() + ")").isTrue();
        assertThat(report).as("the gateway still serves").isNotNull();
        assertThat(report.failures()).isEmpty();
        assertThat(sha256(down.resolve("data/a-before.bin"))).isEqualTo(sha256(data.resolve("a-before.bin")));
        assertThat(temporaries(fs.root())).isEmpty();
    }

    /**
     * The contract for a file truncated mid-transfer: it fails (listed) or arrives as one complete version;
     * the other files arrive, and the gateway process lives on.
     */
    @Test
    void aFileTruncatedDuringAStripedSwarmDownloadFailsAloneAndCleanly() throws Exception {
        Path live = data.resolve("live.bin");
        String versionA = fs.writeLarge(live, 48L * MIB, 1);
        AtomicBoolean truncated = new AtomicBoolean();
        FileFixture.Recorder truncator = new FileFixture.Recorder() {
            @Override
            void onBytes(long total) {
                if (total > 100 * KIB + 2 * MIB && truncated.compareAndSet(false, true)) {
                    try (FileChannel out = FileChannel.open(live, StandardOpenOption.WRITE)) {
                        out.truncate(0);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };

        TransferReport report;
        try (Swarm swarm = controller.swarm(4)) {
            report = swarm.stripeSize(MIB).getFilesFromGateway(FileQuery.folder("data"), truncator);
        }

        Set<String> failed = report.failures().stream().map(FileFailure::path).collect(Collectors.toSet());
        if (!Set.of("live.bin").containsAll(failed)) {
            gw.awaitExit(10); // more than the live file failed: if the gateway is dying, let it finish
        }
        // A dead gateway is the crash the test above guards against, seen here too: a failure, never a skip.
        assertThat(gw.isAlive()).as(() -> "the gateway process is alive (it is not: " + obituary() + ")").isTrue();
        assertThat(truncated).isTrue();
        assertThat(temporaries(fs.root())).isEmpty();
        assertThat(failed).as("only the truncated file may fail: %s", report.failures()).isSubsetOf("live.bin");
        for (String other : new String[] {"a-before.bin", "z-after.bin"}) {
            assertThat(sha256(down.resolve(other))).as(other).isEqualTo(sha256(data.resolve(other)));
        }
        if (failed.contains("live.bin")) {
            assertThat(Files.exists(down.resolve("live.bin"))).isFalse();
        } else {
            assertThat(sha256(down.resolve("live.bin"))).isEqualTo(versionA);
        }
    }

    private String obituary() {
        try {
            return gw.obituary();
        } catch (IOException e) {
            return "unknown (" + e + ")";
        }
    }
}
