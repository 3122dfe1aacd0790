package dev.swarmnet.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** How a stream a test read from ended: cleanly (EOF) or by a reset or other failure. */
enum Ending {
    EOF,
    FAILURE;

    /** Reads until the end, copying into {@code sink}, and says how the stream ended. */
    static Ending readToEnd(InputStream in, OutputStream sink) {
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sink.write(buffer, 0, n);
            }
            return EOF;
        } catch (IOException e) {
            return FAILURE;
        }
    }
}
