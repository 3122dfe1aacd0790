package dev.swarmnet.faults;

import dev.swarmnet.Controller;
import dev.swarmnet.Swarm;
import dev.swarmnet.testkit.Direction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The fault matrix for a swarm of 4 uploading the test folder, its large file in 1 MiB stripes. */
class SwarmUploadFaultsTest extends TransferFaultCases {
    SwarmUploadFaultsTest() {
        super("swarm upload", true, Direction.UPSTREAM);
    }

    /**
     * The striped file heals like a download: when every connection dies or stalls, the gateway keeps the ranges
     * it verified (docs/PROTOCOL.md, section 11), the swarm asks what is held and sends the rest on its new
     * connections, and the commit no longer waits for the handlers of stalled connections still stuck inside a
     * range body: their writes are superseded by the newer sending and can never reach the committed file.
     */
    @Override
    boolean stripedFileMayFail() {
        return false;
    }

    @Override
    Transfer open(Controller controller) throws java.io.IOException {
        Swarm swarm = bench.closeLater(controller.swarm(SWARM_SIZE)).stripeSize(STRIPE)
                .reconnectWindow(Duration.ofSeconds(5));
        List<Path> files = bench.dataFiles();
        return listener -> swarm.sendFilesToGateway("up", files, listener);
    }
}
