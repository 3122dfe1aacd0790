package dev.swarmnet.internal;

import dev.swarmnet.internal.auth.SharedSecret;
import java.util.Objects;
import java.util.function.Function;

/**
 * The TLS and shared-secret options a gateway and a controller are built with. Immutable: a builder
 * replaces its value on each call, so a built gateway or controller never sees later calls.
 *
 * @param <T> the loaded TLS material of the side: the gateway's or the controller's
 * @param tls null for plain TCP
 * @param secret null when no authentication is done
 */
public record SecurityOptions<T>(T tls, SharedSecret secret) {

    /** Plain TCP, no secret: the default of both builders. */
    public static <T> SecurityOptions<T> none() {
        return new SecurityOptions<>(null, null);
    }

    /**
     * TLS with what {@code load} reads from {@code config} now, so that a missing file, a wrong password or
     * a key that does not match its certificate fails at the builder call that names it.
     */
    public <C> SecurityOptions<T> withTls(C config, Function<C, T> load) {
        Objects.requireNonNull(config, "config");
        return new SecurityOptions<>(load.apply(config), secret);
    }

    /** With a copy of {@code secret}, checked for its length. */
    public SecurityOptions<T> withSecret(byte[] secret) {
        return new SecurityOptions<>(tls, SharedSecret.of(secret));
    }

    /** With the UTF-8 bytes of {@code secret}. */
    public SecurityOptions<T> withSecret(String secret) {
        return new SecurityOptions<>(tls, SharedSecret.of(secret));
    }

    public boolean usesTls() {
        return tls != null;
    }

    public boolean requiresSecret() {
        return secret != null;
    }
}
