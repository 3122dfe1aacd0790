package dev.swarmnet.internal.gateway;

import dev.swarmnet.internal.ProgressLog;
import dev.swarmnet.internal.files.Shares;
import dev.swarmnet.internal.telemetry.Telemetry;
import dev.swarmnet.internal.transfer.ChecksumCache;
import dev.swarmnet.internal.gateway.files.StripedUploads;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a handler needs from its running gateway: the configuration it was built with, and the pieces that
 * exist from its start to its close. A setting belongs in {@link GatewayConfig}, never here.
 *
 * @param shares the shared folders, opened at the start
 * @param timer one thread per gateway for handshake deadlines (never a thread per connection)
 * @param shutdown the gateway's close, which handlers consult once it has begun
 * @param listed the files recent listings named, shared by the handlers (a swarm lists on one connection)
 * @param checksums the checksums of large ranges sent, shared by the handlers (the next client gets the same file)
 * @param telemetry where connections, calls, transfers and stalls are reported (events, metrics, the log)
 */
public record GatewayContext(
        GatewayConfig config,
        SubroutineRegistry registry,
        Shares shares,
        HandlerPool pool,
        Executor helpers,
        ProgressLog log,
        Runnable closeGatewayAsync,
        ScheduledExecutorService timer,
        StripedUploads stripedUploads,
        GracefulShutdown shutdown,
        ListedFiles listed,
        ChecksumCache checksums,
        Telemetry telemetry) {
}
