package dev.swarmnet;

/**
 * A subroutine that receives a buffer from the client ({@link Call#buffer()}) and answers with an int
 * ({@code Client.sendSubroutineBatch}).
 */
@FunctionalInterface
public non-sealed interface SendSubroutine extends Subroutine {
    /**
     * Runs the call on the handler's thread.
     *
     * @return the result for the client; {@code null} (no value) reaches the client as 0, as in pynetwork
     * @throws Exception anything; the caller receives it as a {@link RemoteException}
     */
    Integer call(Call call) throws Exception;
}
