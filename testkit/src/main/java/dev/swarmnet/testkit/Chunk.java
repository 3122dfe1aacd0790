package dev.swarmnet.testkit;

import java.util.Arrays;

/**
 * Bytes read from one socket, waiting in a {@link DelayLine} until {@code releaseAtNanos}. An
 * end-of-stream chunk stands for the EOF the reader saw: it travels through the same delay line so
 * the half-close reaches the other side after, and as late as, the bytes before it.
 *
 * @param data the bytes (owned by the chunk; the writer may flip a bit in place)
 * @param releaseAtNanos the {@link System#nanoTime()} before which the chunk must not be written
 * @param endOfStream whether this chunk is the EOF marker (then {@code data} is empty)
 */
record Chunk(byte[] data, long releaseAtNanos, boolean endOfStream) {
    private static final byte[] NO_BYTES = new byte[0];

    /** A copy of the first {@code length} bytes of {@code buffer}, so the reader can reuse its buffer. */
    static Chunk copyOf(byte[] buffer, int length, long releaseAtNanos) {
        return new Chunk(Arrays.copyOf(buffer, length), releaseAtNanos, false);
    }

    static Chunk endOfStream(long releaseAtNanos) {
        return new Chunk(NO_BYTES, releaseAtNanos, true);
    }

    int length() {
        return data.length;
    }
}
