package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HostileGateway.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Args;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.ArgsCodec;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.RawConnection.Frame;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames that are well formed but come at the wrong time (docs/PROTOCOL.md sections 4, 5 and 10): reply
 * types from a client, stream control with no stream, a request while a stream runs, file trailers without a
 * body, a body whose trailer does not match. Each is either ignored as the protocol says (and the connection
 * stays usable) or an ERROR with the right code.
 */
class OrderAbuseTest {
    private static final byte[] PAYLOAD = "five!".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    final HostileGateway gw = HostileGateway.standard();

    /** Types only the gateway sends, each with a body of the right shape (PONG is in ProtocolMisbehaviourTest). */
    static Stream<Arguments> replyTypes() {
        return Stream.of(
                reply("BATCH_RESULT", 0x20, new byte[] {1, 2}),
                reply("SEND_RESULT", 0x21, new byte[] {0, 0, 0, 7}),
                reply("STREAM_CHUNK", 0x22, WireBody.create().i64(0).raw(new byte[] {1}).bytes()),
                reply("STREAM_END", 0x23, new byte[] {0}),
                reply("BYE", 0x32, new byte[0]),
                reply("FILE_LIST_PART", 0x41, WireBody.create().u32(1).u8(0).text("../outside/secret.txt")
                        .i64(1).i64(0).u16(0644).bytes()),
                reply("FILE_LIST_END", 0x4D, WireBody.create().u32(1).i64(1).bytes()),
                reply("FILE_DATA", 0x43, WireBody.create().u32(1).i64(0).i64(5).i64(5).i64(0).bytes()),
                reply("FILE_FAILED", 0x45, WireBody.create().u32(1).u16(14).raw(PAYLOAD).bytes()),
                reply("FILE_ACK", 0x47, WireBody.create().u32(1).u16(0).bytes()),
                reply("ERROR", 0x7F, WireBody.create().u16(6).raw("the client says no".getBytes(StandardCharsets.UTF_8))
                        .bytes()));
    }

    private static Arguments reply(String name, int type, byte[] body) {
        return Arguments.of(Named.of(name, type), body);
    }

    @ParameterizedTest
    @MethodSource("replyTypes")
    void aReplyTypeFromAClientIsAProtocolError(int type, byte[] body) throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(type, body);
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    /** PROTOCOL.md section 5, "crossing frames": ignored when no stream runs; the connection stays usable. */
    @Test
    void creditAndCancelWithoutAStreamAreIgnored() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.STREAM_CREDIT, WireBody.create().u32(Integer.MAX_VALUE).bytes());
        raw.writeFrame(RawConnection.STREAM_CANCEL, new byte[0]);
        raw.writeFrame(RawConnection.STREAM_CANCEL, new byte[0]);
        assertPingWorks(raw);
    }

    /** After a stream ended, late credit and cancel are still ignored, and the next stream starts afresh. */
    @Test
    void creditAndCancelAfterAStreamEndedAreIgnored() throws IOException {
        RawConnection raw = gw.ready();
        startCount(raw, 3, 1 << 20);
        for (int i = 0; i < 3; i++) {
            expect(raw, RawConnection.STREAM_CHUNK);
        }
        assertThat(expect(raw, RawConnection.STREAM_END).body()).containsExactly(0);
        raw.writeFrame(RawConnection.STREAM_CANCEL, new byte[0]);
        raw.writeFrame(RawConnection.STREAM_CREDIT, WireBody.create().u32(1_000_000).bytes());
        startCount(raw, 1, 1 << 20);
        expect(raw, RawConnection.STREAM_CHUNK);
        assertThat(expect(raw, RawConnection.STREAM_END).body()).containsExactly(0);
        assertPingWorks(raw);
    }

    /** Cancelling twice, and granting credit to a cancelled stream: one STREAM_END(1), connection usable. */
    @Test
    void aStreamCancelledTwiceEndsOnce() throws IOException {
        RawConnection raw = gw.ready();
        startStalledStream(raw);
        raw.writeFrame(RawConnection.STREAM_CANCEL, new byte[0]);
        raw.writeFrame(RawConnection.STREAM_CANCEL, new byte[0]);
        raw.writeFrame(RawConnection.STREAM_CREDIT, WireBody.create().u32(64).bytes());
        Frame f;
        do {
            f = raw.readFrame();
            assertThat(f).isNotNull();
        } while (f.type() == RawConnection.STREAM_CHUNK);
        assertThat(f.type()).isEqualTo(RawConnection.STREAM_END);
        assertThat(f.body()).containsExactly(RawConnection.END_CANCELLED);
        assertPingWorks(raw);
    }

    /** Requests a client could send in turn, sent while a stream still runs. */
    static Stream<Arguments> requestsDuringAStream() {
        byte[] echoArgs = ArgsCodec.encode(Args.of(new byte[] {1}));
        return Stream.of(
                reply("PING", RawConnection.PING, "hi".getBytes(StandardCharsets.UTF_8)),
                reply("BATCH_CALL", RawConnection.BATCH_CALL, WireBody.create().text(TestGateway.ECHO).field32(echoArgs)
                        .bytes()),
                reply("a second STREAM_CALL", RawConnection.STREAM_CALL, WireBody.create().u32(1 << 20)
                        .text(TestGateway.COUNT).field32(ArgsCodec.encode(Args.of(1))).bytes()),
                reply("FILE_LIST", RawConnection.FILE_LIST, WireBody.create().u8(0).text("logs").text("").u8(0)
                        .bytes()),
                reply("FILE_PUT", RawConnection.FILE_PUT, WireBody.create().u32(1).text("").text("during.txt")
                        .i64(0).i64(0).u16(0644).bytes()),
                reply("CLOSE_HANDLER", RawConnection.CLOSE_HANDLER, new byte[0]));
    }

    /** PROTOCOL.md section 5: the stream is cancelled (STREAM_END 1), then ERROR PROTOCOL_ERROR and close. */
    @ParameterizedTest
    @MethodSource("requestsDuringAStream")
    void aRequestWhileAStreamRunsCancelsItThenIsAProtocolError(int type, byte[] body) throws IOException {
        RawConnection raw = gw.ready();
        startStalledStream(raw);
        raw.writeFrame(type, body);
        Frame f;
        do {
            f = raw.readFrame();
            assertThat(f).as("STREAM_END(1) before the ERROR").isNotNull();
        } while (f.type() == RawConnection.STREAM_CHUNK);
        assertThat(f.type()).isEqualTo(RawConnection.STREAM_END);
        assertThat(f.body()).containsExactly(RawConnection.END_CANCELLED);
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    /** FILE_DONE only follows a file body; on its own it is a request type nobody defined. */
    @Test
    void aFileDoneWithoutABodyIsAProtocolError() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.FILE_DONE, trailer(1, 0, 0));
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    /** A download is not answered with a trailer from the client either. */
    @Test
    void aFileDoneAfterAFileGetIsAProtocolError() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.FILE_GET, WireBody.create().u32(1).u32(5).text("a.txt").i64(0).i64(5).bytes());
        expect(raw, RawConnection.FILE_DATA);
        raw.writeFrame(RawConnection.FILE_DONE, trailer(5, 0, 0));
        // the gateway's own FILE_DONE after the 5 body bytes, then its verdict on ours
        byte[] rest = new byte[5 + 5 + 9];
        readFully(raw, rest);
        assertThat(rest[5 + 4]).as("type of the frame after the body").isEqualTo((byte) RawConnection.FILE_DONE);
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    /** After FILE_PUT come the body bytes and FILE_DONE; a request in their place is a protocol error. */
    @Test
    void aRequestInsteadOfTheTrailerOfAnUploadIsAProtocolErrorAndStoresNothing() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.FILE_PUT, put(1, "no-trailer.txt", 0));
        raw.writeFrame(RawConnection.PING, "where is the trailer".getBytes(StandardCharsets.UTF_8));
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void aTrailerWithAnotherTagIsAProtocolErrorAndStoresNothing() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.FILE_PUT, put(1, "wrong-tag.txt", PAYLOAD.length));
        raw.writeRaw(PAYLOAD);
        raw.writeFrame(RawConnection.FILE_DONE, trailer(2, crc(PAYLOAD), 0));
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    /** A body that fails its checksum, or is flagged as changed, is refused; the connection stays usable. */
    @Test
    void aBodyThatFailsItsTrailerIsRefusedAndTheConnectionStaysUsable() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.FILE_PUT, put(1, "bad-crc.txt", PAYLOAD.length));
        raw.writeRaw(PAYLOAD);
        raw.writeFrame(RawConnection.FILE_DONE, trailer(1, crc(PAYLOAD) + 1, 0));
        raw.writeFrame(RawConnection.FILE_PUT, put(2, "changed.txt", PAYLOAD.length));
        raw.writeRaw(PAYLOAD);
        raw.writeFrame(RawConnection.FILE_DONE, trailer(2, crc(PAYLOAD), 1));
        for (int tag = 1; tag <= 2; tag++) {
            ByteBuffer ack = ByteBuffer.wrap(expect(raw, RawConnection.FILE_ACK).body());
            assertThat(ack.getInt()).isEqualTo(tag);
            assertThat(ack.getShort() & 0xFFFF).isEqualTo(ErrorCode.CHECKSUM_MISMATCH.wireCode());
        }
        assertPingWorks(raw);
    }

    /** After BYE the connection is over: what the client still sends goes nowhere, and the slot is free. */
    @Test
    void framesAfterCloseHandlerAreNotServed() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.CLOSE_HANDLER, new byte[0]);
        expect(raw, RawConnection.BYE);
        try {
            raw.writeFrame(RawConnection.PING, "anyone?".getBytes(StandardCharsets.UTF_8));
        } catch (IOException alreadyReset) {
            // the gateway may have closed before this write
        }
        gw.expectClosedByGateway(raw);
    }

    /** STREAM_CALL count(1,000,000) with the smallest window: after two chunks it waits for credit. */
    private static void startStalledStream(RawConnection raw) throws IOException {
        startCount(raw, 1_000_000, 32);
        expect(raw, RawConnection.STREAM_CHUNK);
    }

    private static void startCount(RawConnection raw, long n, int window) throws IOException {
        raw.writeFrame(RawConnection.STREAM_CALL, WireBody.create().u32(window).text(TestGateway.COUNT)
                .field32(ArgsCodec.encode(Args.of(n))).bytes());
    }

    private static void assertPingWorks(RawConnection raw) throws IOException {
        raw.writeFrame(RawConnection.PING, "still usable".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(expect(raw, RawConnection.PONG).body(), StandardCharsets.UTF_8)).isEqualTo("still usable");
    }

    private static byte[] put(int tag, String dest, long size) {
        return WireBody.create().u32(tag).text("").text(dest).i64(size).i64(1_600_000_000_000L).u16(0644).bytes();
    }

    private static byte[] trailer(int tag, int crc, int status) {
        return WireBody.create().u32(tag).u32(crc).u8(status).bytes();
    }

    private static int crc(byte[] bytes) {
        CRC32C c = new CRC32C();
        c.update(bytes);
        return (int) c.getValue();
    }

    private static void readFully(RawConnection raw, byte[] into) throws IOException {
        // FILE_DATA's body is not a frame: read it byte by byte through the raw socket's frames API
        for (int i = 0; i < into.length; i++) {
            into[i] = raw.readByte();
        }
    }

}
