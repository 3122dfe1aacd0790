package dev.swarmnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.RawConnection.Frame;
import dev.swarmnet.support.TestGateway;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that break the wire protocol, written by hand on a raw socket: the gateway says why (an
 * ERROR frame) where it can, closes that connection, frees the slot and keeps serving everyone else.
 */
class ProtocolMisbehaviourTest {
    private static final int MAX_FRAME = 64 * 1024;

    @RegisterExtension
    final TestGateway gw = TestGateway.configured(b -> b.maxFrameSize(MAX_FRAME));

    private RawConnection raw;

    @BeforeEach
    void connectRaw() throws IOException {
        raw = gw.raw();
        RawConnection.Hello hello = raw.readHello();
        assertThat(hello).isEqualTo(new RawConnection.Hello(RawConnection.MAGIC, RawConnection.VERSION,
                RawConnection.STATUS_READY, 0));
    }

    @AfterEach
    void gatewayStillServesAndTheSlotIsFree() throws IOException {
        gw.awaitActiveHandlers(0);
        try (Client client = gw.client()) {
            assertThat(client.ping("after misbehaviour")).isEqualTo("after misbehaviour");
        }
    }

    @Test
    void aWellBehavedRawClientGetsItsPong() throws IOException {
        raw.writeClientHelloAndAwaitAdmission();
        raw.writeFrame(RawConnection.PING, Bytes.strToBytes("raw"));
        Frame pong = raw.readFrame();
        assertThat(pong.type()).isEqualTo(RawConnection.PONG);
        assertThat(Bytes.bytesToStr(pong.body())).isEqualTo("raw");
        raw.close();
    }

    @Test
    void wrongMagicClosesTheConnection() throws IOException {
        raw.writeHello(0x48545450, RawConnection.VERSION, 0); // "HTTP"
        assertErrorThenClose(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void anUnsupportedVersionClosesTheConnection() throws IOException {
        raw.writeHello(RawConnection.MAGIC, RawConnection.VERSION + 1, 0);
        assertErrorThenClose(ErrorCode.UNSUPPORTED_VERSION);
    }

    @Test
    void aFrameAboveTheMaxFrameSizeIsFrameTooLarge() throws IOException {
        raw.writeClientHelloAndAwaitAdmission();
        raw.writeHeader(MAX_FRAME + 1, RawConnection.PING); // the header alone: nothing is allocated for it
        assertErrorThenClose(ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void aNegativeFrameLengthIsFrameTooLarge() throws IOException {
        raw.writeClientHelloAndAwaitAdmission();
        raw.writeHeader(-1, RawConnection.PING);
        assertErrorThenClose(ErrorCode.FRAME_TOO_LARGE);
    }

    @Test
    void anUnknownFrameTypeIsAProtocolError() throws IOException {
        raw.writeClientHelloAndAwaitAdmission();
        raw.writeFrame(0x55, new byte[0]);
        assertErrorThenClose(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void aServerOnlyFrameFromAClientIsAProtocolError() throws IOException {
        raw.writeClientHelloAndAwaitAdmission();
        raw.writeFrame(RawConnection.PONG, new byte[0]);
        assertErrorThenClose(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void aFrameBodyShorterThanItsFieldsIsAProtocolError() throws IOException {
        raw.writeClientHelloAndAwaitAdmission();
        raw.writeFrame(RawConnection.STREAM_CALL, new byte[] {0, 0, 1, 0}); // a window, then no name
        assertErrorThenClose(ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void aStreamCallWithAZeroWindowIsAProtocolError() throws IOException {
        raw.writeClientHelloAndAwaitAdmission();
        byte[] name = Bytes.strToBytes(TestGateway.COUNT);
        ByteBuffer body = ByteBuffer.allocate(4 + 2 + name.length + 4)
                .putInt(0).putShort((short) name.length).put(name).putInt(0);
        raw.writeFrame(RawConnection.STREAM_CALL, body.array());
        assertErrorThenClose(ErrorCode.PROTOCOL_ERROR);
    }

    /** Reads the ERROR frame the gateway owes, then the end of the connection. */
    private void assertErrorThenClose(ErrorCode expected) throws IOException {
        Frame error = raw.readFrame();
        assertThat(error).as("an ERROR frame before the close").isNotNull();
        assertThat(error.type()).isEqualTo(RawConnection.ERROR);
        assertThat(error.errorCode()).as("error code, message: %s", error.errorMessage())
                .isEqualTo(expected.wireCode());
        assertThat(error.errorMessage()).isNotBlank();
        assertThat(raw.isClosedByPeer()).isTrue();
        raw.close();
    }
}
