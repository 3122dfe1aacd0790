package dev.swarmnet.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.swarmnet.internal.wire.ProtocolViolation;
import java.io.EOFException;
import java.io.IOException;

/**
 * The frame decoder on arbitrary bytes: {@code FrameReader} reading a sequence of frames, each body
 * decoded by the decoder its receiver uses (see {@link WireDecoding}). Only a {@link ProtocolViolation} (the
 * peer broke the protocol) or an {@link EOFException} (the input ended) may come out; anything else — a
 * RuntimeException, an assertion about a decoded value, a StackOverflowError or OutOfMemoryError — is a
 * finding. Runs over the seed corpus in {@code FrameDecoderFuzzTestInputs/} in every build; fuzz with
 * {@code JAZZER_FUZZ=1} (see SECURITY.md, "Hostile input and fuzzing").
 */
class FrameDecoderFuzzTest {
    /** The smallest maximum a peer may configure, so that the fuzzer reaches the limit checks. */
    private static final int MAX_FRAME = 4096;

    @FuzzTest(maxDuration = "3m")
    void framesFromArbitraryBytes(byte[] input) throws IOException {
        try {
            WireDecoding.decodeAll(WireDecoding.reader(input, MAX_FRAME));
        } catch (ProtocolViolation | EOFException expected) {
            // refused, or the input ended: both end the connection cleanly
        }
    }
}
