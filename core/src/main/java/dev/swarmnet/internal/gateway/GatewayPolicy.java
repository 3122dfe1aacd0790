package dev.swarmnet.internal.gateway;

import dev.swarmnet.internal.auth.SharedSecret;
import dev.swarmnet.internal.tls.ServerTls;

/**
 * A gateway's security settings: transport, authentication, permissions and limits.
 *
 * @param tls null for plain TCP
 * @param secret null when clients need not authenticate
 * @param idleTimeoutMillis 0 for never
 * @param keepaliveIntervalMillis how often a long request shows signs of life; 0 for never
 */
public record GatewayPolicy(
        ServerTls tls,
        SharedSecret secret,
        boolean allowRemoteShutdown,
        boolean allowUploads,
        int maxArgsSize,
        int idleTimeoutMillis,
        int maxRegexLength,
        int keepaliveIntervalMillis) {
}
