package dev.swarmnet;

/** Where a {@link StreamSubroutine} emits its chunks. */
public interface StreamOutput {
    /**
     * Sends one chunk. The bytes are copied before this returns, so the array may be reused.
     * Blocks while the client's flow-control window is used up.
     *
     * @param ident the chunk's identity (e.g. its index) — a negative ident ends the stream
     * @param bytes the chunk — {@code null} ends the stream
     * @return {@code true} to go on; {@code false} once the stream is over (the client aborted it or
     *     the connection is gone, or this call ended it): the subroutine should return
     */
    boolean emit(long ident, byte[] bytes);

    /** Whether the client aborted the stream (or vanished); a polling subroutine checks this. */
    boolean isCancelled();
}
