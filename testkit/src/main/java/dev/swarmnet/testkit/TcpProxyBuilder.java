package dev.swarmnet.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Configures a {@link TcpProxy}; obtained from {@link TcpProxy#builder()}. Every setter validates its
 * argument at once, so a mistake points at the line that made it. Not thread-safe.
 */
public final class TcpProxyBuilder {
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    private InetSocketAddress target;
    private Duration latency = Duration.ZERO;
    private long bandwidth = TcpProxy.UNLIMITED;
    private Duration connectTimeout = Duration.ofSeconds(5);

    TcpProxyBuilder() {
    }

    /** Where to forward connections to (required). The host is resolved now. */
    public TcpProxyBuilder target(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host " + host);
        }
        this.target = address;
        return this;
    }

    /** One-way delay added in each direction (default 0, at most one hour). */
    public TcpProxyBuilder latency(Duration latency) {
        this.latency = Shaping.checkLatency(latency);
        return this;
    }

    /**
     * Cap in bytes per second for each direction of each connection separately (default
     * {@link TcpProxy#UNLIMITED}).
     */
    public TcpProxyBuilder bandwidth(long bytesPerSecond) {
        this.bandwidth = Shaping.checkBandwidth(bytesPerSecond);
        return this;
    }

    /**
     * How long the proxy waits to connect to the target for each accepted client (default 5 s); if it
     * cannot, the client is reset.
     */
    public TcpProxyBuilder connectTimeout(Duration connectTimeout) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.compareTo(MAX_CONNECT_TIMEOUT) > 0) {
            throw new IllegalArgumentException(
                    "connectTimeout must be positive and at most " + MAX_CONNECT_TIMEOUT + ", got " + connectTimeout);
        }
        this.connectTimeout = connectTimeout;
        return this;
    }

    /**
     * Binds the proxy to an ephemeral port on 127.0.0.1 and starts accepting.
     *
     * @throws IllegalStateException if no target was set
     * @throws IOException if the listening socket cannot be bound
     */
    public TcpProxy build() throws IOException {
        if (target == null) {
            throw new IllegalStateException("target(host, port) is required");
        }
        return new TcpProxy(target, new Shaping(latency, bandwidth), connectTimeout);
    }
}
