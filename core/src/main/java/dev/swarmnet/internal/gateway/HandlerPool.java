package dev.swarmnet.internal.gateway;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded set of live handlers: a slot is taken once a connection's handshake (and authentication)
 * succeeded, never before, and given back when the handler ends.
 */
public final class HandlerPool {
    private final int maxSize;
    private final AtomicInteger used = new AtomicInteger();
    private final Set<Handler> live = ConcurrentHashMap.newKeySet();

    public HandlerPool(int maxSize) {
        this.maxSize = maxSize;
    }

    /** Takes a slot if one is free. */
    boolean tryAcquire() {
        while (true) {
            int n = used.get();
            if (n >= maxSize) {
                return false;
            }
            if (used.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void register(Handler handler) {
        live.add(handler);
    }

    /** Gives back the slot of a handler that was registered; the caller makes sure this runs once. */
    void release(Handler handler) {
        live.remove(handler);
        used.decrementAndGet();
    }

    /** Gives back a slot that never got a handler. */
    void releaseUnused() {
        used.decrementAndGet();
    }

    /** Whether every slot is taken now (a hint: a slot may be freed or taken the next moment). */
    boolean isFull() {
        return used.get() >= maxSize;
    }

    /** The message of the POOL_FULL error that refuses a client. */
    String refusal() {
        return "the gateway's handler pool is full (" + maxSize + " of " + maxSize + " handlers busy); close a client"
                + " or raise maxPoolSize";
    }

    public int maxSize() {
        return maxSize;
    }

    public int inUse() {
        return used.get();
    }

    List<Handler> snapshot() {
        return List.copyOf(live);
    }
}
