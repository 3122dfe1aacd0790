package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HostileGateway.expect;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients that botch the hello (docs/PROTOCOL.md section 2), by hand on a raw socket: the gateway answers
 * ERROR and closes, or just closes, and always frees the slot. (ProtocolMisbehaviourTest covers the plain
 * cases "HTTP" as magic and version 2; HandshakeTimeoutTest a connection that never says anything.)
 */
class HandshakeAbuseTest {
    /**
     * Short, so that a half-sent hello is dropped quickly, yet long enough for the honest handshakes of the
     * other cases on a loaded machine; the tests wait for the effect, not for a time.
     */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(1000);

    @RegisterExtension
    final HostileGateway gw = HostileGateway.configured(b -> b.handshakeTimeout(HANDSHAKE_TIMEOUT));

    static Stream<byte[]> wrongMagics() {
        return Stream.of(
                hex("16 03 01 02 00 01 00 01"),                             // a TLS ClientHello
                "GET / HT".getBytes(StandardCharsets.US_ASCII),             // HTTP
                "SSH-2.0-".getBytes(StandardCharsets.US_ASCII),             // SSH
                hex("00 00 00 00 00 00 00 00"),
                hex("FF FF FF FF FF FF FF FF"),
                hex("54 4E 57 53 01 00 00 00"),                             // the magic byte-swapped
                hex("53 57 4E 55 01 00 00 00"),                             // one bit off
                hex("00 00 00 02 01 68 69 00"));                            // a PING frame instead of a hello
    }

    @ParameterizedTest
    @MethodSource("wrongMagics")
    void aWrongMagicIsAProtocolError(byte[] hello) throws IOException {
        RawConnection raw = gw.connect();
        raw.writeRaw(hello);
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 0x7F, 0xFF})
    void aVersionOtherThanOneIsUnsupported(int version) throws IOException {
        RawConnection raw = gw.connect();
        raw.writeHello(RawConnection.MAGIC, version, 0);
        gw.expectErrorThenClose(raw, ErrorCode.UNSUPPORTED_VERSION);
    }

    @ParameterizedTest
    @ValueSource(ints = {4097, 0x8000, 0xFFFF})
    void anExtensionLongerThan4096BytesIsRefusedFromItsLength(int extensionLength) throws IOException {
        RawConnection raw = gw.connect();
        raw.writeRaw(WireBody.create().u32(RawConnection.MAGIC).u8(1).u8(0).u16(extensionLength).bytes());
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void anExtensionOfTheMaximumLengthAndUnknownFlagsAreReadAndIgnored() throws IOException {
        byte[] extension = new byte[4096];
        new Random(4096).nextBytes(extension);
        RawConnection raw = gw.connect();
        raw.writeRaw(WireBody.create().u32(RawConnection.MAGIC).u8(1).u8(0xFF).u16(extension.length).raw(extension)
                .bytes());
        expect(raw, RawConnection.AUTH_OK);
        raw.writeFrame(RawConnection.PING, "after a long hello".getBytes(StandardCharsets.UTF_8));
        expect(raw, RawConnection.PONG);
    }

    /** 1 to 7 of the 8 bytes, then FIN: the connection ends without a word, the slot is free. */
    @ParameterizedTest
    @MethodSource("cuts")
    void aHelloCutShortByTheEndOfTheStreamClosesTheConnection(int sent) throws IOException {
        RawConnection raw = gw.connect();
        raw.writeRaw(Arrays.copyOf(helloWithExtension(16), sent));
        raw.shutdownOutput();
        gw.expectClosedByGateway(raw);
    }

    /** Part of the hello, or a hello whose promised extension never comes, then nothing: the handshake timeout. */
    @ParameterizedTest
    @ValueSource(ints = {1, 4, 7, 8 + 3})
    void aHelloCutShortThenSilenceIsDroppedAtTheHandshakeTimeout(int sent) throws IOException {
        RawConnection raw = gw.connect();
        raw.writeRaw(Arrays.copyOf(helloWithExtension(16), sent));
        gw.expectClosedByGateway(raw);
    }

    @Test
    void anExtensionCutShortByTheEndOfTheStreamClosesTheConnection() throws IOException {
        RawConnection raw = gw.connect();
        raw.writeRaw(Arrays.copyOf(helloWithExtension(100), 8 + 10));
        raw.shutdownOutput();
        gw.expectClosedByGateway(raw);
    }

    /** The second hello is read as a frame header whose length is "SWNT" = 1,398,230,612 bytes. */
    @Test
    void aSecondHelloIsAFrameTooLarge() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeClientHello();
        gw.expectErrorThenClose(raw, ErrorCode.FRAME_TOO_LARGE);
    }

    /** Two hellos' worth of pool slots held by half-sent hellos: both are dropped and the pool is whole again. */
    @Test
    void halfSentHellosCannotHoldThePool() throws IOException {
        RawConnection first = gw.connect();
        RawConnection second = gw.connect();
        first.writeRaw(Arrays.copyOf(helloWithExtension(0), 5));
        second.writeRaw(Arrays.copyOf(helloWithExtension(0), 2));
        gw.expectClosedByGateway(first);
        gw.expectClosedByGateway(second);
    }

    static IntStream cuts() {
        return IntStream.rangeClosed(1, 7);
    }

    private static byte[] helloWithExtension(int extensionLength) {
        return ByteBuffer.allocate(8 + extensionLength).putInt(RawConnection.MAGIC).put((byte) 1).put((byte) 0)
                .putShort((short) extensionLength).array();
    }

    static byte[] hex(String text) {
        String h = text.replace(" ", "");
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
