package dev.swarmnet.faults;

import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Swarm;
import dev.swarmnet.testkit.Direction;
import java.time.Duration;

/** The fault matrix for a swarm of 4 downloading the test folder, its large file in 1 MiB stripes. */
class SwarmDownloadFaultsTest extends TransferFaultCases {
    SwarmDownloadFaultsTest() {
        super("swarm download", true, Direction.DOWNSTREAM);
    }

    @Override
    Transfer open(Controller controller) throws java.io.IOException {
        Swarm swarm = bench.closeLater(controller.swarm(SWARM_SIZE)).stripeSize(STRIPE)
                .reconnectWindow(Duration.ofSeconds(5));
        return listener -> swarm.getFilesFromGateway(FileQuery.folder("data"), listener);
    }
}
