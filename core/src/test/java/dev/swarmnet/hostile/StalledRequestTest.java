package dev.swarmnet.hostile;

import static dev.swarmnet.support.Waits.eventually;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow-loris: clients that send part of a request and then nothing. Without a limit each would hold its pool
 * slot until TCP gives up, and {@code maxPoolSize} of them would lock everyone else out; a client blocked
 * inside a request for the idle timeout is told IDLE_TIMEOUT and dropped, as an idle one is.
 */
class StalledRequestTest {
    @RegisterExtension
    final HostileGateway gw = HostileGateway.configured(b -> b.idleTimeout(Duration.ofMillis(300)));

    @Test
    void clientsStalledInsideAFrameAreDroppedAndCannotLockThePool() throws IOException {
        List<RawConnection> stalled = new ArrayList<>();
        for (int i = 0; i < HostileGateway.POOL; i++) {
            RawConnection raw = gw.ready();
            raw.writeHeader(100, RawConnection.PING);
            raw.writeRaw(new byte[10]);
            stalled.add(raw);
        }
        for (RawConnection raw : stalled) {
            gw.expectErrorThenClose(raw, ErrorCode.IDLE_TIMEOUT);
        }
    }

    @Test
    void anUploadWhoseBodyStopsComingIsDroppedAndWritesNothing() throws IOException {
        RawConnection raw = gw.ready();
        // Into the download folder itself: no sub-folder is made for the upload before its body arrives.
        byte[] header = WireBody.create().u32(1).text("").text("f.bin").i64(1_000_000).i64(0).u16(0644).bytes();
        raw.writeFrame(RawConnection.FILE_PUT, header);
        raw.writeRaw(new byte[4096]);
        gw.expectErrorThenClose(raw, ErrorCode.IDLE_TIMEOUT);
        // The handler deletes the temporary file as its thread ends, a moment after it gave its slot back.
        eventually().until(() -> {
            try (Stream<Path> files = Files.list(gw.inbox())) {
                return files.noneMatch(p -> p.getFileName().toString().endsWith(".swarmnet-part"));
            }
        });
    }
}
