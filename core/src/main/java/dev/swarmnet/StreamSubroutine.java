package dev.swarmnet;

/**
 * A subroutine that streams chunks to the client ({@code Client.getSubroutineStream}). The stream
 * ends when this method returns, or when it emits a negative ident or {@code null} bytes. Flow control
 * is automatic: {@link StreamOutput#emit} blocks while the client has granted no credit, so a slow
 * consumer slows the subroutine instead of filling memory.
 */
@FunctionalInterface
public non-sealed interface StreamSubroutine extends Subroutine {
    /**
     * Produces the stream. Runs on a worker thread of the handler; when the client aborts, the thread
     * is interrupted and {@link StreamOutput#emit} returns {@code false}.
     *
     * @throws Exception anything; the client receives it as a {@link RemoteException} at the stream's end
     */
    void run(Call call, StreamOutput out) throws Exception;
}
