package dev.swarmnet.internal.gateway;

import dev.swarmnet.ErrorCode;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Whether a connection gets in: its handshake and authentication ({@link HandshakeStage}), then a pool
 * slot. The slot is taken only once the client is in, so connections that never finish a handshake cannot
 * keep others out of the pool; when the pool filled up meanwhile, or the gateway began to shut down, the
 * client is told so in place of AUTH_OK.
 *
 * <p>Threads: runs once, on the handler's thread; the handshake's deadline runs on the gateway's timer
 * thread and is guarded inside {@link HandshakeStage}.
 */
final class Admission {
    private final GatewayContext ctx;
    private final HandshakeStage handshake;
    private final PoolSlot slot;

    Admission(GatewayContext ctx, HandshakeStage handshake, PoolSlot slot) {
        this.ctx = ctx;
        this.handshake = handshake;
        this.slot = slot;
    }

    /**
     * Runs the handshake, takes the slot and lets the client in (AUTH_OK).
     *
     * @param in gets the handshake once the client holds its slot, before AUTH_OK leaves: the connection's
     *     reader and writer are then the handler's, so a client that does not read its AUTH_OK shows as stalled
     * @return whether the client is in; otherwise it was told why (or is gone) and the connection is to end
     */
    boolean admitted(Consumer<HandshakeStage> in) throws IOException {
        if (!handshake.run()) {
            return false;
        }
        if (!slot.take()) {
            handshake.refuse(ErrorCode.POOL_FULL, ctx.pool().refusal());
            return false;
        }
        if (ctx.shutdown().draining()) { // registered after the shutdown looked at the pool: it would miss us
            handshake.refuse(ErrorCode.SHUTTING_DOWN, GracefulShutdown.REFUSAL);
            return false;
        }
        in.accept(handshake);
        handshake.admit();
        return true;
    }
}
