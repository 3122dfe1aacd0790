package dev.swarmnet.internal;

import dev.swarmnet.SwarmnetException;
import java.io.IOException;

/** Rethrows a caught Throwable as what it is where the signature allows, wrapped otherwise. */
public final class Rethrow {
    private Rethrow() {
    }

    /** Throws {@code failure} itself if it is an IOException, RuntimeException or Error; else wraps it. */
    public static void asIoException(Throwable failure, String context) throws IOException {
        if (failure instanceof IOException) {
            throw (IOException) failure;
        }
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        throw new SwarmnetException(context + ": " + failure, failure);
    }
}
