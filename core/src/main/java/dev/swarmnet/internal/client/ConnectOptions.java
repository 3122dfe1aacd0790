package dev.swarmnet.internal.client;

import dev.swarmnet.internal.auth.SharedSecret;
import dev.swarmnet.internal.tls.ClientTls;

/**
 * How a controller connects.
 *
 * @param tls null for plain TCP
 * @param secret null when the controller has no shared secret
 */
public record ConnectOptions(String host, int port, int connectTimeoutMillis, int maxFrameSize, ClientTls tls,
        SharedSecret secret) {

    /** "host:port", for messages. */
    public String gateway() {
        return host + ":" + port;
    }
}
