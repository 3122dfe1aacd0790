package dev.swarmnet.internal.gateway;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handler's place in the {@link HandlerPool}: taken once its handshake succeeded, given back exactly
 * once, by whichever thread ends the connection first (the handler's own, a helper closing it for the
 * idle timeout, or the shutdown answering for it). The flag is the only guard, and enough.
 */
final class PoolSlot {
    private final HandlerPool pool;
    private final Handler owner;
    /** True until the slot is taken: nothing to give back before. */
    private final AtomicBoolean released = new AtomicBoolean(true);

    PoolSlot(HandlerPool pool, Handler owner) {
        this.pool = pool;
        this.owner = owner;
    }

    /** Takes a slot if one is free, and makes the handler one of the pool's live ones. */
    boolean take() {
        if (!pool.tryAcquire()) {
            return false;
        }
        released.set(false);
        pool.register(owner);
        return true;
    }

    void release() {
        if (released.compareAndSet(false, true)) {
            pool.release(owner);
        }
    }
}
