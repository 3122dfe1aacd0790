package dev.swarmnet.internal.gateway;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connections in their handshake (TLS, hellos, authentication), which hold a thread but no pool
 * slot: a slot is taken only once the handshake succeeded. So that connections which never finish a
 * handshake cannot take every thread, or shut out everyone else, there are two caps: one on all
 * handshakes at once, and a lower one per remote address, so that one host cannot use up the global
 * cap by itself. A connection beyond a cap is refused at once.
 */
final class HandshakeBudget {
    /** The global cap is at least this, however small the pool. */
    static final int MIN_GLOBAL = 64;
    /** The global cap is this many times the pool size, if that is more. */
    static final int PER_SLOT = 4;
    /** Handshakes at once from one remote address. */
    static final int PER_ADDRESS = 8;

    /** The outcome of {@link #tryEnter}. */
    enum Admission { ADMITTED, TOO_MANY_FROM_ADDRESS, TOO_MANY_IN_PROGRESS, CLOSED }

    private final int globalCap;
    private final int perAddressCap;
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private final Set<HandshakeStage> inHandshake = new LinkedHashSet<>();
    private boolean closed;

    HandshakeBudget(int globalCap, int perAddressCap) {
        if (globalCap < 1 || perAddressCap < 1) {
            throw new IllegalArgumentException("handshake caps must be at least 1");
        }
        this.globalCap = globalCap;
        this.perAddressCap = perAddressCap;
    }

    /** The caps for a pool of {@code maxPoolSize}: max(64, 4 x pool) in all, 8 per address. */
    static HandshakeBudget forPool(int maxPoolSize) {
        return new HandshakeBudget(Math.max(MIN_GLOBAL, PER_SLOT * maxPoolSize), PER_ADDRESS);
    }

    /** Counts {@code handshake}, from {@code address}, if both caps allow it. */
    synchronized Admission tryEnter(InetAddress address, HandshakeStage handshake) {
        if (closed) {
            return Admission.CLOSED;
        }
        if (inHandshake.size() >= globalCap) {
            return Admission.TOO_MANY_IN_PROGRESS;
        }
        int fromAddress = byAddress.getOrDefault(address, 0);
        if (fromAddress >= perAddressCap) {
            return Admission.TOO_MANY_FROM_ADDRESS;
        }
        byAddress.put(address, fromAddress + 1);
        inHandshake.add(handshake);
        return Admission.ADMITTED;
    }

    /** A handshake admitted from {@code address} ended, however; runs once per admission. */
    synchronized void leave(InetAddress address, HandshakeStage handshake) {
        if (!inHandshake.remove(handshake)) {
            return;
        }
        int left = byAddress.getOrDefault(address, 1) - 1;
        if (left <= 0) {
            byAddress.remove(address);
        } else {
            byAddress.put(address, left);
        }
    }

    /** Admits nobody any more (gateway close) and returns the handshakes still running. */
    synchronized List<HandshakeStage> close() {
        closed = true;
        return List.copyOf(inHandshake);
    }

    synchronized int inProgress() {
        return inHandshake.size();
    }

    int globalCap() {
        return globalCap;
    }

    int perAddressCap() {
        return perAddressCap;
    }
}
