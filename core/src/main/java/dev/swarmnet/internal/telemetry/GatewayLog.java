package dev.swarmnet.internal.telemetry;

import java.util.Locale;
import org.slf4j.Logger;

/**
 * A gateway's account of what it does, one line per event and never one per file: connections opened and
 * closed and transfers at INFO; calls at INFO when verbose and at DEBUG otherwise, but a failed call always at
 * INFO. Failures a remote peer can repeat at will (handshakes) are logged, summarised, where they are refused.
 */
final class GatewayLog {
    private final Logger logger;
    private final boolean verbose;

    GatewayLog(Logger logger, boolean verbose) {
        this.logger = logger;
        this.verbose = verbose;
    }

    void opened(String peer) {
        logger.info("{} connected", peer);
    }

    void closed(String peer, String reason, long nanos) {
        logger.info("{} left after {}: {}", peer, duration(nanos), reason);
    }

    void call(String peer, String subroutine, String kind, String outcome, long in, long out, long nanos) {
        boolean failed = !"OK".equals(outcome);
        if (failed || verbose) {
            logger.info("{} {} {}: {} B in, {} B out, {}, {}", peer, kind, subroutine, in, out, duration(nanos),
                    outcome);
        } else if (logger.isDebugEnabled()) {
            logger.debug("{} {} {}: {} B in, {} B out, {}, {}", peer, kind, subroutine, in, out, duration(nanos),
                    outcome);
        }
    }

    void transfer(String peer, String direction, String outcome, long files, long bytes, long failures,
            long nanos) {
        logger.info("{} {}: {} files, {} bytes, {}, {} failed, {}", peer, direction, files, bytes, duration(nanos),
                failures, outcome);
    }

    static String duration(long nanos) {
        if (nanos < 10_000_000L) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        if (nanos < 10_000_000_000L) {
            return String.format(Locale.ROOT, "%d ms", nanos / 1_000_000L);
        }
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
