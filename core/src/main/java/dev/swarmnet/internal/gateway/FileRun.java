package dev.swarmnet.internal.gateway;

import dev.swarmnet.internal.telemetry.Telemetry;
import dev.swarmnet.internal.telemetry.TelemetryListener;
import dev.swarmnet.internal.telemetry.TransferTrace;

/**
 * The file requests a connection serves one after another, reported as one transfer: a client's download or
 * upload is a run of file requests (listing, stats, bodies, folders) that the next other request or the end of
 * the connection closes. What is counted is what the gateway answered: bodies it began to send, bodies it
 * received, and the items it refused. A run that moved nothing (a listing alone) is not reported.
 *
 * <p>Threads: the handler's thread only.
 */
final class FileRun {
    private final Telemetry telemetry;
    private final String peer;
    private TransferTrace trace;
    private long files;
    private long bytes;
    private long failures;
    private boolean upload;

    FileRun(Telemetry telemetry, String peer) {
        this.telemetry = telemetry;
        this.peer = peer;
    }

    /** A request is about to be served: a file request starts a run, any other ends it. */
    void request(boolean fileRequest) {
        if (!fileRequest) {
            end();
        } else if (trace == null) {
            trace = telemetry.transfer(peer, 1);
        }
    }

    /** A body went out to the client. */
    void sent(long length) {
        files++;
        bytes += length;
    }

    /** A body came in from the client. */
    void received(long length) {
        upload = true;
        files++;
        bytes += length;
    }

    /** An item was refused or failed. */
    void failed() {
        failures++;
    }

    /** Reports the run, if one is open and moved anything. */
    void end() {
        TransferTrace t = trace;
        trace = null;
        if (t != null && (files > 0 || failures > 0)) {
            t.ended(upload ? "upload" : "download", failures == 0 ? TelemetryListener.OK
                    : TelemetryListener.FILES_FAILED, files, bytes, failures);
        }
        files = 0;
        bytes = 0;
        failures = 0;
        upload = false;
    }
}
