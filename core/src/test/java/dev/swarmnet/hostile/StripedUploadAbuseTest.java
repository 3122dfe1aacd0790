package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HostileGateway.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.hostile.StripedRange.Ack;
import dev.swarmnet.support.RawConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Striped uploads (FILE_PUT_RANGE) used to exhaust the gateway: one connection opening every striped upload the
 * gateway allows and idling, an upload split into as many tiny ranges as memory holds, a size no disk has. Each
 * is refused with LIMIT_EXCEEDED and a message that says why, the connection stays usable, and other clients are
 * served. Pieces are deleted when their connection ends (zero retention), so the tree is as it was.
 */
class StripedUploadAbuseTest {
    /** The gateway's limits (docs/PROTOCOL.md section 10), written out independently of the constants. */
    private static final int PER_CONNECTION = 16;
    private static final int GATEWAY_WIDE = 256;
    private static final int SPANS = 4_096;

    @RegisterExtension
    final HostileGateway gw = HostileGateway.configured(b -> b.resumableUploadRetention(Duration.ZERO));

    @Test
    void oneConnectionHoldingItsStripedUploadsLeavesRoomForAnother() throws IOException {
        RawConnection hog = gw.ready();
        int accepted = 0;
        Ack refusal = null;
        // Tries for every upload the gateway allows at once: only its own share is granted.
        for (int i = 0; i < GATEWAY_WIDE && refusal == null; i++) {
            Ack ack = StripedRange.send(hog, 1000 + i, "", "hog" + i, 0, new byte[] {1}, 2);
            if (ack.code() == null) {
                accepted++;
            } else {
                refusal = ack;
            }
        }
        assertThat(accepted).as("striped uploads one connection holds").isEqualTo(PER_CONNECTION);
        assertThat(refusal.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(refusal.message()).contains("hog" + PER_CONNECTION).contains(Integer.toString(PER_CONNECTION));
        assertUsable(hog);

        // The hog idles, holding its uploads; another client's striped upload goes through.
        RawConnection other = gw.ready();
        assertThat(StripedRange.send(other, 1, "fair", "big.bin", 0, bytes("first", 5), 10).code()).isNull();
        assertThat(StripedRange.send(other, 1, "fair", "big.bin", 5, bytes("secon", 5), 10).code()).isNull();
        assertThat(StripedRange.commit(other, 1, "fair", "big.bin").code()).isNull();
        Path stored = gw.inbox().resolve("fair/big.bin");
        assertThat(Files.readString(stored)).isEqualTo("firstsecon");
        Files.delete(stored);
        Files.delete(stored.getParent());
    }

    @Test
    void tinyRangesWithGapsStopAtTheCapWithNothingHarmed() throws IOException {
        RawConnection raw = gw.ready();
        long fileSize = 2L * (SPANS + 1);
        for (int i = 0; i < SPANS; i++) {
            Ack ack = StripedRange.send(raw, 5, "tiny", "gaps.bin", 2L * i, new byte[] {(byte) i}, fileSize);
            assertThat(ack.code()).as("range %d: %s", i, ack.message()).isNull();
        }
        Ack refused = StripedRange.send(raw, 5, "tiny", "gaps.bin", 2L * SPANS, new byte[] {1}, fileSize);
        assertThat(refused.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(refused.message()).contains("gaps.bin").contains(Integer.toString(SPANS)).contains("ranges");
        assertUsable(raw);

        // The upload is unharmed: a range that joins stored ones is still taken, and the query answers.
        assertThat(StripedRange.send(raw, 5, "tiny", "gaps.bin", 1, new byte[] {9}, fileSize).code()).isNull();
        assertThat(StripedRange.query(raw, 5, "tiny", "gaps.bin", fileSize).code()).isNull();
        assertThat(StripedRange.commit(raw, 5, "tiny", "gaps.bin").code()).isEqualTo(ErrorCode.TRANSFER_FAILED);
        raw.close();
        gw.awaitActiveHandlers(0);
        assertThat(gw.inbox().resolve("tiny")).isEmptyDirectory();
        Files.delete(gw.inbox().resolve("tiny"));
    }

    @Test
    void aSizeBeyondTheFreeSpaceIsRefusedNamingTheSizesAndNothingIsLeft() throws IOException {
        RawConnection raw = gw.ready();
        long petabyte = 1L << 50;
        Ack ack = StripedRange.send(raw, 3, "", "huge.bin", 0, bytes("a", 1), petabyte);
        assertThat(ack.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(ack.message()).contains("huge.bin").contains(Long.toString(petabyte)).contains("free")
                .doesNotContain(gw.root().toString());
        assertThat(StripedRange.send(raw, 4, "", "huge.bin", 0, bytes("a", 1), Long.MAX_VALUE / 2).code())
                .isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertUsable(raw);
        try (Stream<Path> left = Files.list(gw.inbox())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the download folder").doesNotContain(
                    "huge.bin").noneMatch(name -> name.contains("huge.bin"));
        }
    }

    private static byte[] bytes(String text, int length) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        assertThat(b).hasSize(length);
        return b;
    }

    private static void assertUsable(RawConnection raw) throws IOException {
        raw.writeFrame(RawConnection.PING, "usable".getBytes(StandardCharsets.UTF_8));
        expect(raw, RawConnection.PONG);
    }
}
