package dev.swarmnet.internal.telemetry;

/**
 * One call in progress, on the thread that serves or makes it: what it is ({@link #named}), what moved
 * ({@link #received}, {@link #sent}, {@link #streamed}) and how it ended ({@link #failed}); {@link #end} reports it,
 * once.
 */
public final class CallTrace {
    private final Telemetry telemetry;
    private final String peer;
    private final String kind;
    private final long started = System.nanoTime();
    private final CallEvent event = new CallEvent();
    private String subroutine = TelemetryListener.UNKNOWN_SUBROUTINE;
    private String outcome = "OK";
    private long bytesIn;
    private long bytesOut;
    private StreamEvent stream;
    private boolean ended;

    CallTrace(Telemetry telemetry, String peer, String kind) {
        this.telemetry = telemetry;
        this.peer = peer;
        this.kind = kind;
        event.begin();
    }

    /** The subroutine called; a gateway names only one it holds. */
    public CallTrace named(String subroutine) {
        this.subroutine = subroutine;
        return this;
    }

    /** Bytes of arguments, buffer or answer that came in. */
    public void received(long bytes) {
        bytesIn += bytes;
    }

    /** Bytes of arguments, buffer or answer that went out. */
    public void sent(long bytes) {
        bytesOut += bytes;
    }

    /** The call failed with {@code code} (an error code's name); the first failure is the one reported. */
    public void failed(String code) {
        if ("OK".equals(outcome)) {
            outcome = code;
        }
    }

    /** A stream's chunks and bytes, and how long its producer waited for credit. */
    public void streamed(long chunks, long bytes, long blockedOnCreditNanos) {
        StreamEvent e = new StreamEvent();
        if (e.isEnabled()) {
            e.chunks = chunks;
            e.bytes = bytes;
            e.blockedOnCredit = blockedOnCreditNanos;
            stream = e;
        }
    }

    /** Reports the call; a second call does nothing. */
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        long nanos = System.nanoTime() - started;
        if (event.shouldCommit()) {
            event.at(telemetry.side(), peer);
            event.subroutine = subroutine;
            event.kind = kind;
            event.bytesIn = bytesIn;
            event.bytesOut = bytesOut;
            event.outcome = outcome;
            event.commit();
        }
        if (stream != null) {
            stream.at(telemetry.side(), peer);
            stream.subroutine = subroutine;
            stream.outcome = outcome;
            stream.commit();
        }
        for (TelemetryListener l : Listeners.all()) {
            l.callEnded(telemetry.side(), subroutine, kind, outcome, bytesIn, bytesOut, nanos);
        }
        if (telemetry.log() != null) {
            telemetry.log().call(peer, subroutine, kind, outcome, bytesIn, bytesOut, nanos);
        }
    }
}
