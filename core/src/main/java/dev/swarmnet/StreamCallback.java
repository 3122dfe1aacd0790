package dev.swarmnet;

/** Receives the chunks of a stream on the client, on the thread that reads the socket. */
@FunctionalInterface
public interface StreamCallback {
    /**
     * Handles one chunk. A slow callback slows the gateway's subroutine (flow control), it never
     * grows a queue.
     *
     * @param name the subroutine's name
     * @param ident the chunk's identity as the subroutine emitted it
     * @param bytes the chunk, owned by the callback
     * @return {@code true} for more; {@code false} aborts the stream (the subroutine sees it stop)
     * @throws Exception aborts the stream too, and is rethrown to the caller of getSubroutineStream
     */
    boolean onChunk(String name, long ident, byte[] bytes) throws Exception;
}
