package dev.swarmnet.internal;

import org.slf4j.Logger;

/** pynetwork's {@code verbose}: progress lines at INFO when switched on, at DEBUG otherwise. */
public record ProgressLog(Logger logger, boolean verbose) {

    public void progress(String format, Object... args) {
        if (verbose) {
            logger.info(format, args);
        } else {
            logger.debug(format, args);
        }
    }
}
