package dev.swarmnet.support;

import dev.swarmnet.StreamCallback;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A stream callback that checks chunks arrive strictly in order (ident 0, 1, 2, ...), each carrying
 * its ident in its first 8 bytes when it has 8 bytes or more, and an end-of-stream callback that records its calls.
 * Assertion failures are recorded, not thrown, so that the stream itself is not disturbed.
 */
public final class ChunkLog implements StreamCallback {
    private final long abortAt;
    private final List<String> names = new CopyOnWriteArrayList<>();
    private final List<String> ends = new CopyOnWriteArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private volatile long count;

    private ChunkLog(long abortAt) {
        this.abortAt = abortAt;
    }

    /** Accepts every chunk. */
    public static ChunkLog accepting() {
        return new ChunkLog(Long.MAX_VALUE);
    }

    /** Returns false for the chunk with index {@code n} (0-based), aborting the stream. */
    public static ChunkLog abortingAt(long n) {
        return new ChunkLog(n);
    }

    @Override
    public boolean onChunk(String name, long ident, byte[] bytes) {
        if (names.isEmpty()) {
            names.add(name);
        }
        if (ident != count && problems.size() < 10) {
            problems.add("chunk #" + count + " has ident " + ident);
        }
        if (bytes.length >= Long.BYTES && ByteBuffer.wrap(bytes).getLong(0) != ident && problems.size() < 10) {
            problems.add("chunk " + ident + " carries " + ByteBuffer.wrap(bytes).getLong(0));
        }
        count++;
        return count <= abortAt;
    }

    /** The end-of-stream callback to pass to getSubroutineStream. */
    public Consumer<String> onEnd() {
        return ends::add;
    }

    /** Chunks received. */
    public long count() {
        return count;
    }

    /** The names the end-of-stream callback was called with, one per call. */
    public List<String> ends() {
        return ends;
    }

    /** The subroutine name the chunk callback saw. */
    public List<String> names() {
        return names;
    }

    /** Out-of-order idents or payloads seen (at most ten). */
    public List<String> problems() {
        return problems;
    }
}
