package dev.swarmnet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.swarmnet.internal.wire.FrameReader;
import dev.swarmnet.internal.wire.Handshake;
import dev.swarmnet.internal.wire.Protocol;
import dev.swarmnet.internal.wire.ProtocolViolation;
import java.io.EOFException;
import java.io.IOException;

/**
 * The hello readers on arbitrary bytes, each followed by what its reader does next: the gateway reads the
 * client's frames; the client reads the refusal's ERROR frame after a non-zero status. Only
 * {@link ProtocolViolation} and {@link EOFException} may come out.
 */
class HandshakeFuzzTest {
    private static final int MAX_FRAME = 4096;

    @FuzzTest(maxDuration = "3m")
    void clientHelloThenFrames(byte[] input) throws IOException {
        FrameReader r = WireDecoding.reader(input, MAX_FRAME);
        try {
            Handshake.ClientHello hello = Handshake.readClientHello(r);
            assertThat(hello.extension()).hasSizeLessThanOrEqualTo(Protocol.MAX_HELLO_EXTENSION);
            WireDecoding.decodeAll(r);
        } catch (ProtocolViolation | EOFException expected) {
            // refused, or the input ended
        }
    }

    @FuzzTest(maxDuration = "3m")
    void serverHelloThenRefusal(byte[] input) throws IOException {
        FrameReader r = WireDecoding.reader(input, MAX_FRAME);
        try {
            Handshake.ServerHello hello = Handshake.readServerHello(r);
            assertThat(hello.extension()).hasSizeLessThanOrEqualTo(Protocol.MAX_HELLO_EXTENSION);
            if (hello.status() != Protocol.STATUS_READY && r.next() == Protocol.ERROR) {
                r.readUnsignedShort();
                r.readUtf8(r.remaining());
            }
        } catch (ProtocolViolation | EOFException expected) {
            // refused, or the input ended
        }
    }
}
