package dev.swarmnet.hostile;

import static dev.swarmnet.support.Waits.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.RawConnection.Frame;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Small requests that used to cost the gateway seconds of CPU each, through the raw wire: every one is now
 * bounded by the query's budget or the limit on a path's names, answered with an error that says why, and the
 * connection stays usable; a client that hangs up right after sending one gets its slot freed. HostileGateway
 * checks afterwards that the pool is whole and nothing was written.
 */
class CostlyRequestTest {
    /** Backtracks through about 3.4 million steps on each name of the share's "many" folder, and never matches. */
    private static final String BACKTRACKING = ".*.*.*.*.*.*.*.*.*!";
    private static final int KEEPALIVE = 0x0E;
    private static final int FILE_PUT_QUERY = 0x4A;
    private static final int FILE_PUT_HAVE = 0x4B;
    /** 600 one-letter folders: a 1.2 KB path, more names than any path may have. */
    private static final String TOO_DEEP = "a/".repeat(599) + "a";

    @RegisterExtension
    final HostileGateway gw = HostileGateway.standard().withShared(share -> {
        Path many = Files.createDirectories(share.resolve("many"));
        for (int i = 0; i < 1000; i++) {
            Files.writeString(many.resolve(String.format("file-%06d.txt", i)), "x");
        }
    });

    @Test
    void aBacktrackingRegexOverManyNamesIsStoppedByTheQueryBudget() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.FILE_LIST, list("many", BACKTRACKING));
        Frame reply = skipKeepalives(raw);
        assertThat(reply.type()).isEqualTo(RawConnection.ERROR);
        assertThat(ErrorCode.fromWire(reply.errorCode())).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
        assertThat(reply.errorMessage()).contains("regex").contains("steps in all")
                .doesNotContain(gw.share().toString());
        assertUsable(raw);
    }

    @Test
    void aClientThatHangsUpAfterACostlyQueryGetsItsSlotFreed() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.FILE_LIST, list("many", BACKTRACKING));
        raw.close();
        eventually().until(() -> gw.gateway().activeHandlers() == 0);
    }

    @Test
    void aPathWithTooManyNamesIsRefusedInEveryRequest() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(FILE_PUT_QUERY, WireBody.create().u32(7).i64(1).text(TOO_DEEP).text("f").i64(10).i64(0)
                .bytes());
        Frame have = skipKeepalives(raw);
        assertThat(have.type()).isEqualTo(FILE_PUT_HAVE);
        ByteBuffer body = ByteBuffer.wrap(have.body());
        assertThat(body.getInt()).isEqualTo(7);
        assertThat(ErrorCode.fromWire(body.getShort() & 0xFFFF)).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(new String(have.body(), StandardCharsets.UTF_8)).contains("more than 512 names");

        raw.writeFrame(RawConnection.FILE_PUT, WireBody.create().u32(9).text(TOO_DEEP).text("f").i64(0).i64(0).u16(0644)
                .bytes());
        raw.writeFrame(RawConnection.FILE_DONE, WireBody.create().u32(9).u32(0).u8(0).bytes());
        Frame ack = skipKeepalives(raw);
        assertThat(ack.type()).isEqualTo(RawConnection.FILE_ACK);
        ByteBuffer ackBody = ByteBuffer.wrap(ack.body());
        assertThat(ackBody.getInt()).isEqualTo(9);
        assertThat(ErrorCode.fromWire(ackBody.getShort() & 0xFFFF)).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(new String(ack.body(), StandardCharsets.UTF_8)).contains("more than 512 names");

        raw.writeFrame(RawConnection.FILE_LIST, list(TOO_DEEP, ""));
        Frame listed = skipKeepalives(raw);
        assertThat(ErrorCode.fromWire(listed.errorCode())).isEqualTo(ErrorCode.FORBIDDEN);
        assertUsable(raw);
    }

    /** FILE_LIST of a folder, recursive, with a regex ("" for none). */
    private static byte[] list(String folder, String regex) {
        return WireBody.create().u8(0).text(folder).text(regex).u8(1).bytes();
    }

    /** The next frame that is not a KEEPALIVE (a gateway sends them while a long request runs). */
    private static Frame skipKeepalives(RawConnection raw) throws IOException {
        Frame f = raw.readFrame();
        while (f != null && f.type() == KEEPALIVE) {
            f = raw.readFrame();
        }
        assertThat(f).as("a reply").isNotNull();
        return f;
    }

    private static void assertUsable(RawConnection raw) throws IOException {
        raw.writeFrame(RawConnection.PING, "still there".getBytes(StandardCharsets.UTF_8));
        Frame pong = skipKeepalives(raw);
        assertThat(pong.type()).isEqualTo(RawConnection.PONG);
    }
}
