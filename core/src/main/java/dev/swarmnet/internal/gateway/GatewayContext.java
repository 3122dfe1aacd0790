package dev.swarmnet.internal.gateway;

import dev.swarmnet.internal.ProgressLog;
import dev.swarmnet.internal.files.Shares;
import dev.swarmnet.internal.transfer.StripedUploads;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/** What a handler needs from its gateway. */
public record GatewayContext(
        SubroutineRegistry registry,
        Shares shares,
        Path downloadDir,
        int maxFilesPerQuery,
        HandlerPool pool,
        int maxFrameSize,
        int handshakeTimeoutMillis,
        Executor helpers,
        ProgressLog log,
        Runnable closeGatewayAsync,
        StripedUploads stripedUploads) {
}
