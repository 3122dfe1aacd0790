package dev.swarmnet;

import java.util.Objects;
import java.util.TreeMap;

/**
 * A {@link StreamCallback} that hands chunks on in ident order, however they arrive: for a swarm
 * stream whose handlers emit disjoint parts of one sequence of idents (0, 1, 2, ... — see
 * {@link Swarm#getSubroutineStream}), or any stream whose idents arrive out of order. Chunks that
 * come early wait in a bounded buffer until the gap before them is filled; the downstream callback
 * runs under a lock, one chunk at a time. Idents must be consecutive, each exactly once.
 *
 * <pre>{@code swarm.getSubroutineStream("frames", Args.none(), new InIdentOrder(0, 10_000, (name, ident, bytes) -> ...), null)}</pre>
 */
public final class InIdentOrder implements StreamCallback {
    private final StreamCallback downstream;
    private final int maxBuffered;
    private final TreeMap<Long, Chunk> early = new TreeMap<>();
    private long next;
    private boolean stopped;

    private record Chunk(String name, byte[] bytes) {
    }

    /**
     * @param firstIdent the ident of the first chunk
     * @param maxBuffered how many early chunks may wait; beyond it the stream fails (a gap that never fills)
     * @param downstream receives the chunks in order
     */
    public InIdentOrder(long firstIdent, int maxBuffered, StreamCallback downstream) {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("maxBuffered must be at least 1, got " + maxBuffered);
        }
        this.next = firstIdent;
        this.maxBuffered = maxBuffered;
        this.downstream = Objects.requireNonNull(downstream, "downstream");
    }

    @Override
    public synchronized boolean onChunk(String name, long ident, byte[] bytes) throws Exception {
        if (stopped) {
            return false;
        }
        if (ident < next || early.containsKey(ident)) {
            throw new IllegalStateException("ident " + ident + " arrived twice (or is before the first ident)");
        }
        if (ident > next) {
            if (early.size() >= maxBuffered) {
                throw new IllegalStateException("ident " + next + " is still missing after " + maxBuffered
                        + " later chunks arrived");
            }
            early.put(ident, new Chunk(name, bytes));
            return true;
        }
        return deliver(name, bytes);
    }

    /** How many chunks wait for an earlier one. */
    public synchronized int buffered() {
        return early.size();
    }

    /** The ident the next delivered chunk will have. */
    public synchronized long nextIdent() {
        return next;
    }

    private boolean deliver(String name, byte[] bytes) throws Exception {
        if (!pass(name, bytes)) {
            return false;
        }
        Chunk waiting;
        while ((waiting = early.remove(next)) != null) {
            if (!pass(waiting.name(), waiting.bytes())) {
                return false;
            }
        }
        return true;
    }

    private boolean pass(String name, byte[] bytes) throws Exception {
        long ident = next++;
        if (!downstream.onChunk(name, ident, bytes)) {
            stopped = true;
            early.clear();
            return false;
        }
        return true;
    }
}
