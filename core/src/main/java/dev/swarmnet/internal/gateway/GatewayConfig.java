package dev.swarmnet.internal.gateway;

import dev.swarmnet.ThreadMode;
import dev.swarmnet.internal.SecurityOptions;
import dev.swarmnet.internal.tls.ServerTls;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a gateway was configured with, checked by its builder: every limit and setting, and nothing that
 * exists only while it runs (that is {@link GatewayContext}'s). Immutable, so that a builder used again
 * after {@code build()} cannot change a gateway it built.
 */
public record GatewayConfig(
        Listening listening,
        Limits limits,
        Files files,
        SecurityOptions<ServerTls> security,
        Liveness liveness,
        Shutdown shutdown,
        ThreadMode threadMode,
        boolean verbose) {

    /** @param bindAddress null for every interface */
    public record Listening(int port, InetAddress bindAddress, int backlog) {
    }

    public record Limits(int maxPoolSize, int maxFrameSize, int maxArgsSize, int maxRegexLength,
            int maxFilesPerQuery) {
    }

    /** @param resumableUploadRetention how long the pieces of an interrupted striped upload are kept */
    public record Files(List<Path> shares, Path downloadDir, boolean allowUploads, Duration resumableUploadRetention) {
        public Files {
            shares = List.copyOf(shares); // the builder's list grows on with each share() call
        }
    }

    /**
     * @param idleTimeoutMillis 0 for never
     * @param keepaliveIntervalMillis how often a long request shows signs of life; 0 for never
     */
    public record Liveness(int handshakeTimeoutMillis, int idleTimeoutMillis, int keepaliveIntervalMillis) {
    }

    /** @param allowRemote whether a client may stop the gateway */
    public record Shutdown(Duration gracePeriod, boolean allowRemote) {
    }
}
