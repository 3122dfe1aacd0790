package dev.swarmnet.internal.telemetry;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** One file transfer as a whole: a download or an upload, over one connection or a swarm's. */
@Name("dev.swarmnet.Transfer")
@Label("Transfer")
@Description("A file transfer: files and bytes moved, connections used, files that failed")
final class TransferEvent extends SwarmnetEvent {
    @Label("Direction")
    @Description("download or upload, as the client sees it")
    String direction;
    @Label("Files")
    long files;
    @Label("Bytes")
    @DataAmount
    long bytes;
    @Label("Connections")
    int connections;
    @Label("Failures")
    @Description("Files that did not arrive")
    long failures;
    @Label("Outcome")
    String outcome;
}
