package dev.swarmnet.faults;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.testkit.Direction;
import java.nio.file.Path;
import java.util.List;

/** The fault matrix for a single client's upload of the test folder (into the gateway's {@code inbox/up}). */
class UploadFaultsTest extends TransferFaultCases {
    UploadFaultsTest() {
        super("upload", false, Direction.UPSTREAM);
    }

    @Override
    Transfer open(Controller controller) throws java.io.IOException {
        Client client = bench.closeLater(controller.getClient());
        List<Path> files = bench.dataFiles();
        return listener -> client.sendFilesToGateway("up", files, listener);
    }
}
