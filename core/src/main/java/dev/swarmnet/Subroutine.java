package dev.swarmnet;

/**
 * A user function a gateway serves under a name. There are exactly three kinds, as in pynetwork:
 * {@link BatchSubroutine} (returns bytes), {@link SendSubroutine} (receives a buffer, returns an int)
 * and {@link StreamSubroutine} (emits chunks until done). Register one with
 * {@code gateway.addSubroutine(name, (BatchSubroutine) call -> ...)}.
 */
public sealed interface Subroutine permits BatchSubroutine, SendSubroutine, StreamSubroutine {
}
