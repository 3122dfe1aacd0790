package dev.swarmnet.testkit;

import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a new connection inherits from its proxy when it is accepted. The link shaping and the
 * counters are shared and live; the stall flag and cut-after limits are taken as they are at accept
 * time, which is what makes {@link TcpProxy#cutAfterBytes} apply to new connections only.
 *
 * @param shaping the proxy's (live) latency and bandwidth
 * @param stalled whether the connection starts stalled
 * @param cutAfterBytes per direction, bytes after which to cut ({@link Pipe#NO_LIMIT} for never)
 * @param holdAfterBytes per direction, bytes after which to stall the connection ({@link Pipe#NO_LIMIT} for never)
 * @param totals per direction, the proxy-wide forwarded-bytes counters
 * @param onHeld told when a connection stops at its hold-after limit
 */
record ConnectionSettings(Shaping shaping, boolean stalled, Map<Direction, Long> cutAfterBytes,
        Map<Direction, Long> holdAfterBytes, Map<Direction, LongAdder> totals, Runnable onHeld) {

    ConnectionSettings {
        cutAfterBytes = Map.copyOf(cutAfterBytes);
        holdAfterBytes = Map.copyOf(holdAfterBytes);
        totals = Map.copyOf(totals);
    }

    Pipe pipe(Direction direction, Socket source, Socket destination, ProxiedConnection owner) {
        return new Pipe(source, destination, shaping, stalled, cutAfterBytes.get(direction),
                holdAfterBytes.get(direction), totals.get(direction), owner);
    }
}
