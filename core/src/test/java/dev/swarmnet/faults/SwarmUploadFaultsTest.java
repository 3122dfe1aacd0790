package dev.swarmnet.faults;

import dev.swarmnet.Controller;
import dev.swarmnet.Swarm;
import dev.swarmnet.testkit.Direction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The fault matrix for a swarm of 4 uploading the test folder, its large file in 1 MiB stripes. */
class SwarmUploadFaultsTest extends TransferFaultCases {
    /**
     * Documented (docs/PROTOCOL.md, "Striped upload"): when every connection that brought ranges of the striped
     * file dies, the gateway drops the ranges it acknowledged and the commit fails; the file is reported, never
     * stored in part. Under STALL it happens too, for another reason: the stalled connections' handlers are still
     * inside a range body, so the gateway answers the commit "not every range has arrived" although every range
     * was sent again, verified and acknowledged on the replacement connections.
     */
    @Override
    boolean stripedFileMayFail() {
        return true;
    }

    @Override
    String operation() {
        return "swarm upload";
    }

    @Override
    boolean swarm() {
        return true;
    }

    @Override
    Direction bodies() {
        return Direction.UPSTREAM;
    }

    @Override
    Path destination() {
        return bench.inbox().resolve("up");
    }

    @Override
    boolean filesFinalWithReport() {
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
