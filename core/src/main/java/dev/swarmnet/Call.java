package dev.swarmnet;

import java.util.Set;

/**
 * One invocation of a subroutine, as the gateway sees it: the name, the positional and keyword
 * arguments the client sent, and for send subroutines the buffer. Typed access converts the wire
 * values (JSON-like values, byte arrays, records and POJOs) with Jackson; a missing argument or one
 * that does not convert throws {@link ArgumentException}, which the client receives as
 * {@link ErrorCode#BAD_ARGUMENTS}.
 */
public interface Call {
    /** The name the subroutine was called by. */
    String name();

    /** How many positional arguments were sent. */
    int argCount();

    /** Positional argument {@code index} converted to {@code type} (e.g. {@code Integer.class}, a record). */
    <T> T arg(int index, Class<T> type);

    /**
     * Positional argument {@code index} as its natural Java value: Integer, Long or BigInteger for
     * whole numbers; Float or Double as the sender sent them; String, Boolean, byte[], List, Map, or null.
     */
    Object arg(int index);

    /** The names of the keyword arguments sent. */
    Set<String> kwargNames();

    /** Whether keyword argument {@code name} was sent. */
    boolean hasKwarg(String name);

    /** Keyword argument {@code name} converted to {@code type}; {@link ArgumentException} when missing. */
    <T> T kwarg(String name, Class<T> type);

    /** Keyword argument {@code name} converted to {@code type}, or {@code fallback} when it was not sent. */
    <T> T kwarg(String name, Class<T> type, T fallback);

    /** The bytes a send call carried; an empty array for batch and stream calls. */
    byte[] buffer();
}
