package dev.swarmnet.internal.telemetry;

/** One file transfer in progress; {@link #ended} reports it once. */
public final class TransferTrace {
    private final Telemetry telemetry;
    private final String peer;
    private final int connections;
    private final long started = System.nanoTime();
    private final TransferEvent event = new TransferEvent();
    private boolean ended;

    TransferTrace(Telemetry telemetry, String peer, int connections) {
        this.telemetry = telemetry;
        this.peer = peer;
        this.connections = connections;
        event.begin();
    }

    /**
     * The transfer ended with {@code outcome}: {@code files} delivered, {@code failures} not; {@code direction} is
     * download or upload, as the client sees it.
     */
    public void ended(String direction, String outcome, long files, long bytes, long failures) {
        if (ended) {
            return;
        }
        ended = true;
        long nanos = System.nanoTime() - started;
        if (event.shouldCommit()) {
            event.at(telemetry.side(), peer);
            event.direction = direction;
            event.files = files;
            event.bytes = bytes;
            event.connections = connections;
            event.failures = failures;
            event.outcome = outcome;
            event.commit();
        }
        for (TelemetryListener l : Listeners.all()) {
            l.transferEnded(telemetry.side(), direction, outcome, files, bytes, failures, nanos);
        }
        if (telemetry.log() != null) {
            telemetry.log().transfer(peer, direction, outcome, files, bytes, failures, nanos);
        }
    }
}
