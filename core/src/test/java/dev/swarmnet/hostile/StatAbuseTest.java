package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HostileGateway.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.RawConnection.Frame;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FILE_STAT through the raw wire: it tells what stands at upload destinations inside the download folder only —
 * a path that leaves it, or passes a link, is "something else", never what lies outside — creates nothing, and
 * its cost is bounded (at most 4,096 destinations a frame). HostileGateway checks nothing was written.
 */
class StatAbuseTest {
    private static final int FILE_STAT = 0x4E;
    private static final int FILE_STATS = 0x4F;

    @RegisterExtension
    final HostileGateway gw = HostileGateway.standard();

    @Test
    void onlyTheDownloadFolderIsDescribedAndNothingIsMade() throws IOException {
        RawConnection raw = gw.ready();
        List<String> dests = List.of("kept.txt", "missing.txt", "existing-dir", "escape/secret.txt", "../outside",
                "new/deep/file.txt");
        raw.writeFrame(FILE_STAT, request(5, "", dests));
        ByteBuffer b = ByteBuffer.wrap(expect(raw, FILE_STATS).body());
        assertThat(b.getInt()).as("tag").isEqualTo(5);
        assertThat(b.getInt()).as("count").isEqualTo(dests.size());
        int[] kinds = new int[dests.size()];
        long[] sizes = new long[dests.size()];
        for (int i = 0; i < dests.size(); i++) {
            kinds[i] = b.get();
            sizes[i] = b.getLong();
            b.getLong();
        }
        assertThat(kinds).containsExactly(1, 0, 2, 2, 2, 0);
        assertThat(sizes[0]).isEqualTo(4); // "kept"
        assertThat(sizes[3]).as("nothing told of the file outside").isZero();
        raw.writeFrame(RawConnection.PING, "usable".getBytes(StandardCharsets.UTF_8));
        expect(raw, RawConnection.PONG);
    }

    @Test
    void tooManyDestinationsInOneFrameIsAProtocolError() throws IOException {
        RawConnection raw = gw.ready();
        List<String> dests = new ArrayList<>();
        for (int i = 0; i <= 4096; i++) {
            dests.add("f" + i);
        }
        raw.writeFrame(FILE_STAT, request(1, "", dests));
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    private static byte[] request(int tag, String dirname, List<String> dests) {
        WireBody body = WireBody.create().u32(tag).text(dirname).u32(dests.size());
        for (String d : dests) {
            body.text(d);
        }
        return body.bytes();
    }
}
