package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HostileGateway.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.hostile.StripedRange.Ack;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reply names only what the client sent: whatever upload fails, its FILE_ACK (or FILE_PUT_HAVE) text holds no
 * path of the gateway's host — not its download folder, not the folder around it — and the connection stays
 * usable (a ping after each). Paths near the host's PATH_MAX are refused before anything is made.
 */
class ReplyPathsTest {
    @RegisterExtension
    final HostileGateway gw = HostileGateway.standard();

    @Test
    void aTargetPastPathMaxIsRefusedWithoutTheGatewaysPath() throws IOException {
        RawConnection raw = gw.ready();
        String[] path = pathOfTotalLength(4095); // with its NUL, one byte past PATH_MAX
        assertClean(raw, put(raw, path[0], path[1]), ErrorCode.FORBIDDEN);
        assertClean(raw, StripedRange.send(raw, 1, path[0], path[1], 0, new byte[] {1}, 2), ErrorCode.FORBIDDEN);
        assertClean(raw, StripedRange.commit(raw, 1, path[0], path[1]), ErrorCode.FORBIDDEN);
        assertClean(raw, StripedRange.query(raw, 1, path[0], path[1], 2), ErrorCode.FORBIDDEN);
    }

    /** The target fits, but the hidden names a striped upload keeps beside it (55 bytes longer) would not. */
    @Test
    void aTargetWhosePiecesWouldPassPathMaxIsRefusedWithoutTheGatewaysPath() throws IOException {
        RawConnection raw = gw.ready();
        String[] path = pathOfTotalLength(4095 - 40);
        assertClean(raw, StripedRange.send(raw, 1, path[0], path[1], 0, new byte[] {1}, 2), ErrorCode.FORBIDDEN);
        assertClean(raw, StripedRange.query(raw, 1, path[0], path[1], 2), ErrorCode.FORBIDDEN);
    }

    @Test
    void clashesWithWhatStandsInTheDownloadFolderAreToldWithoutTheGatewaysPath() throws IOException {
        RawConnection raw = gw.ready();
        assertClean(raw, put(raw, "", "existing-dir"), ErrorCode.TRANSFER_FAILED);
        assertClean(raw, put(raw, "kept.txt", "x.txt"), ErrorCode.TRANSFER_FAILED);
        assertClean(raw, put(raw, "", "escape/x.txt"), ErrorCode.FORBIDDEN);
        assertClean(raw, StripedRange.send(raw, 2, "", "existing-dir", 0, new byte[] {1}, 2), null);
        assertClean(raw, StripedRange.send(raw, 3, "kept.txt", "x.txt", 0, new byte[] {1}, 2), null);
        assertClean(raw, StripedRange.send(raw, 4, "", "big.bin", 0, new byte[] {1}, 1L << 50),
                ErrorCode.LIMIT_EXCEEDED);
        assertClean(raw, StripedRange.commit(raw, 5, "", "never-sent.bin"), null);
    }

    /** dirname and dest such that the download folder, '/', dirname, '/', dest are {@code total} bytes long. */
    private String[] pathOfTotalLength(int total) {
        String dest = "n".repeat(100);
        int dirLength = total - gw.inbox().toString().length() - 1 - 1 - dest.length();
        String dir = dirLength % 2 == 1 ? "a/".repeat((dirLength - 1) / 2) + "a" : "a/".repeat((dirLength - 2) / 2) + "bb";
        assertThat(gw.inbox().toString().length() + 1 + dir.length() + 1 + dest.length()).isEqualTo(total);
        return new String[] {dir, dest};
    }

    /** Refused with {@code code} (null: any refusal), saying why without a path of the host; then a ping. */
    private void assertClean(RawConnection raw, Ack ack, ErrorCode code) throws IOException {
        if (code == null) {
            assertThat(ack.code()).as("refused: %s", ack.message()).isNotNull();
        } else {
            assertThat(ack.code()).as("code; message: %s", ack.message()).isEqualTo(code);
        }
        assertThat(ack.message()).isNotBlank().doesNotContain(gw.inbox().toString()).doesNotContain(gw.root().toString());
        raw.writeFrame(RawConnection.PING, "usable".getBytes(StandardCharsets.UTF_8));
        expect(raw, RawConnection.PONG);
    }

    /** One FILE_PUT of 5 bytes with a correct trailer (tag 7). */
    private static Ack put(RawConnection raw, String dirname, String dest) throws IOException {
        byte[] payload = "owned".getBytes(StandardCharsets.UTF_8);
        raw.writeFrame(RawConnection.FILE_PUT, WireBody.create().u32(7).text(dirname).text(dest).i64(payload.length)
                .i64(StripedRange.MTIME).u16(0644).bytes());
        raw.writeRaw(payload);
        CRC32C crc = new CRC32C();
        crc.update(payload);
        raw.writeFrame(RawConnection.FILE_DONE, WireBody.create().u32(7).u32((int) crc.getValue()).u8(0).bytes());
        return StripedRange.ack(raw);
    }
}
