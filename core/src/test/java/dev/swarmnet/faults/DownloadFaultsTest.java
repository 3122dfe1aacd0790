package dev.swarmnet.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.testkit.Direction;
import org.junit.jupiter.api.Test;

/** The fault matrix for a single client's download of the test folder. */
class DownloadFaultsTest extends TransferFaultCases {
    DownloadFaultsTest() {
        super("download", false, Direction.DOWNSTREAM);
    }

    /**
     * The link stalls while the client reads the striped file's body: the watchdog closes the connection after
     * the stall timeout, and the read blocked on the socket channel fails with a bare AsynchronousCloseException.
     * The transfer names the cut's reason (the stall timeout) for the files it could not move.
     */
    @Test
    void aStallInsideAFileBodyIsReportedWithTheStallTimeoutReason() throws Exception {
        Cell cell = transferUnder(Fault.STALL);
        assertThat(cell.report().failures()).as("the files not sent when the link stalled").isNotEmpty()
                .allSatisfy(f -> assertThat(f.reason()).contains("stallTimeout"));
        assertFilesAfterRecovery(cell.report());
    }

    @Override
    Transfer open(Controller controller) throws java.io.IOException {
        Client client = bench.closeLater(controller.getClient());
        return listener -> client.getFilesFromGateway(FileQuery.folder("data"), listener);
    }
}
