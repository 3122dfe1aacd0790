package dev.swarmnet.internal.gateway;

import dev.swarmnet.ArgumentException;
import dev.swarmnet.ErrorCode;

/** How a subroutine's exception is reported to the caller. */
record Failures(ErrorCode code, String message) {

    static Failures of(String subroutine, Throwable t) {
        if (t instanceof ArgumentException) {
            return new Failures(ErrorCode.BAD_ARGUMENTS, t.getMessage());
        }
        String detail = t.getMessage() == null ? "" : ": " + t.getMessage();
        return new Failures(ErrorCode.SUBROUTINE_FAILED,
                "subroutine '" + subroutine + "' failed: " + t.getClass().getName() + detail);
    }
}
