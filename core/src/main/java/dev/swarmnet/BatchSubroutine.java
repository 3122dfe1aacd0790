package dev.swarmnet;

/** A subroutine that answers a call with one block of bytes ({@code Client.getSubroutineBatch}). */
@FunctionalInterface
public non-sealed interface BatchSubroutine extends Subroutine {
    /**
     * Runs the call on the handler's thread.
     *
     * @return the reply; {@code null} is sent as an empty reply
     * @throws Exception anything; the caller receives it as a {@link RemoteException}
     */
    byte[] call(Call call) throws Exception;
}
