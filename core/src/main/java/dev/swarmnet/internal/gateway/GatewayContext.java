package dev.swarmnet.internal.gateway;

import dev.swarmnet.internal.ProgressLog;
import java.util.concurrent.Executor;

/** What a handler needs from its gateway. */
public record GatewayContext(
        SubroutineRegistry registry,
        HandlerPool pool,
        int maxFrameSize,
        int handshakeTimeoutMillis,
        Executor helpers,
        ProgressLog log,
        Runnable closeGatewayAsync) {
}
