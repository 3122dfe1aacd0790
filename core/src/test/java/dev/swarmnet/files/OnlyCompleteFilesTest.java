package dev.swarmnet.files;

import static dev.swarmnet.files.FileFixture.MIB;
import static dev.swarmnet.support.FileTrees.sha256;
import static dev.swarmnet.support.FileTrees.temporaries;
import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferListener;
import dev.swarmnet.TransferReport;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.Waits;
import dev.swarmnet.support.WireBody;
import dev.swarmnet.support.FileGateway;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A file appears under its real name only once it is complete and verified, and a link standing at that name is
 * replaced, never written through. Each transfer is held still in the middle of a body — a listener that blocks
 * on the first block it hears of (downloads), or a raw upload that has sent half its body — and the destination
 * is looked at then: only a hidden temporary, never the real name.
 */
class OnlyCompleteFilesTest {
    private static final long MTIME_OF_VICTIM = 1_500_000_000_000L;

    @RegisterExtension
    final FileGateway fs = FileGateway.create();

    private Gateway gw;
    private Controller controller;
    private Path victim;

    @BeforeEach
    void setUp() throws Exception {
        fs.writeLarge(fs.data().resolve("big.bin"), 4 * MIB, 7);
        fs.write(fs.data(), "small.bin", 100);
        gw = fs.gateway();
        controller = fs.controller();
        victim = fs.write(fs.path("outside"), "victim.txt", 50);
        Files.setLastModifiedTime(victim, FileTime.fromMillis(MTIME_OF_VICTIM));
    }

    @Test
    void aSingleConnectionDownloadShowsOnlyATemporaryUntilTheFileIsComplete() throws Exception {
        try (Client client = controller.getClient()) {
            downloadHeldMidBody(listener -> client.getFilesFromGateway(FileQuery.files("data/big.bin"), listener));
        }
    }

    @Test
    void aStripedSwarmDownloadShowsOnlyATemporaryUntilTheFileIsComplete() throws Exception {
        try (Swarm swarm = controller.swarm(2)) {
            swarm.stripeSize(MIB);
            downloadHeldMidBody(listener -> swarm.getFilesFromGateway(FileQuery.files("data/big.bin"), listener));
        }
    }

    @Test
    void aDownloadReplacesALinkAtItsNameAndLeavesWhatItPointedToAlone() throws Exception {
        String before = sha256(victim);
        Files.createDirectories(fs.down().resolve("data"));
        Files.createSymbolicLink(fs.down().resolve("data/big.bin"), victim);
        Files.createSymbolicLink(fs.down().resolve("data/small.bin"), victim);
        try (Client client = controller.getClient()) {
            TransferReport report = client.getFilesFromGateway(FileQuery.files("data/big.bin", "data/small.bin"));
            assertThat(report.failures()).isEmpty();
        }
        for (String name : List.of("big.bin", "small.bin")) {
            Path got = fs.down().resolve("data/" + name);
            assertThat(Files.isSymbolicLink(got)).as(name + " is a file now, not the link").isFalse();
            assertThat(sha256(got)).isEqualTo(sha256(fs.data().resolve(name)));
        }
        assertUntouched(victim, before);
    }

    /**
     * A raw FILE_PUT held after half its body: the gateway has written that half, under a temporary name only.
     * A link planted at the target name meanwhile is replaced by the upload, not written through.
     */
    @Test
    void anUploadShowsOnlyATemporaryUntilCompleteAndReplacesALinkPlantedMeanwhile() throws Exception {
        byte[] body = new byte[2 * MIB];
        Arrays.fill(body, (byte) 'u');
        Path inbox = fs.inbox();
        Path target = inbox.resolve("up/big.bin");
        String before = sha256(victim);
        try (RawConnection raw = RawConnection.open(gw.port())) {
            raw.readHello();
            raw.writeClientHelloAndAwaitAdmission();
            raw.writeFrame(RawConnection.FILE_PUT, WireBody.create().u32(3).text("up").text("big.bin")
                    .i64(body.length).i64(1_600_000_000_000L).u16(0644).bytes());
            raw.writeRaw(Arrays.copyOf(body, body.length / 2));
            eventually().until(() -> halfWritten(inbox.resolve("up"), body.length / 2));

            assertThat(target).as("the real name while half the body is in").doesNotExist();
            Files.createSymbolicLink(target, victim);

            raw.writeRaw(Arrays.copyOfRange(body, body.length / 2, body.length));
            CRC32C crc = new CRC32C();
            crc.update(body);
            raw.writeFrame(RawConnection.FILE_DONE, WireBody.create().u32(3).u32((int) crc.getValue()).u8(0).bytes());
            RawConnection.Frame ack = raw.readFrame();
            assertThat(ack.type()).isEqualTo(RawConnection.FILE_ACK);
            assertThat(ByteBuffer.wrap(ack.body()).getShort(4)).as("FILE_ACK code").isZero();
        }
        assertThat(Files.isSymbolicLink(target)).as("the link was replaced").isFalse();
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
        assertThat(temporaries(inbox)).isEmpty();
        assertUntouched(victim, before);
    }

    /** A download that calls its listener from its own thread(s). */
    @FunctionalInterface
    private interface Download {
        TransferReport run(TransferListener listener) throws IOException;
    }

    /** Runs {@code download}, holds it at its first block, checks the destination, lets it finish and checks again. */
    private void downloadHeldMidBody(Download download) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        TransferListener holdFirstBlock = new TransferListener() {
            @Override
            public void bytesMoved(long count) {
                if (first.compareAndSet(true, false)) {
                    held.countDown();
                    awaitQuietly(release);
                }
            }
        };
        CompletableFuture<TransferReport> running = CompletableFuture.supplyAsync(() -> {
            try {
                return download.run(holdFirstBlock);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertThat(held.await(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("a block arrived").isTrue();
            assertThat(fs.down().resolve("data/big.bin")).as("the real name before the file is complete").doesNotExist();
            assertThat(temporaries(fs.down())).as("the bytes so far, under a hidden temporary name").isNotEmpty();
        } finally {
            release.countDown();
        }
        TransferReport report = running.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(report.failures()).isEmpty();
        assertThat(sha256(fs.down().resolve("data/big.bin"))).isEqualTo(sha256(fs.data().resolve("big.bin")));
        assertThat(temporaries(fs.down())).isEmpty();
    }

    private static boolean halfWritten(Path folder, long bytes) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (var files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(FileFixture.TEMPORARY_SUFFIX)
                    && sizeOf(f) >= bytes);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void assertUntouched(Path file, String sha256) throws IOException {
        assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(sha256(file)).as("what the link pointed to, unchanged").isEqualTo(sha256);
        assertThat(Files.getLastModifiedTime(file).toMillis()).as("its mtime").isEqualTo(MTIME_OF_VICTIM);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
