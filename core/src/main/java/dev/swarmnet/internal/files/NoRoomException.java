package dev.swarmnet.internal.files;

import java.io.IOException;

/**
 * A file declared larger than the free space of the folder it is to be written to: refused before anything is
 * created. The message names only what the client sent (the path as it named it, the size it declared) and
 * the free bytes, never a path of the host, so it can be sent back as it is.
 */
public final class NoRoomException extends IOException {
    private static final long serialVersionUID = 1L;

    public NoRoomException(String shown, long declared, long free) {
        super(shown + ": the file is " + declared + " bytes, more than the " + free
                + " bytes free in the gateway's download folder");
    }
}
