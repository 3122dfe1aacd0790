package dev.swarmnet.internal.wire;

import java.io.IOException;

/** Encodes one or more frames into a sink. */
@FunctionalInterface
public interface FrameEncoder {
    void encode(FrameSink sink) throws IOException;
}
