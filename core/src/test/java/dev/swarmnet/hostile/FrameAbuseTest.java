package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HostileGateway.expect;
import static dev.swarmnet.hostile.HostileGateway.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.Args;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.ArgsCodec;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.RawConnection.Frame;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken framing after a correct hello (docs/PROTOCOL.md section 3): cut headers and bodies, length prefixes
 * that lie, fields that overrun their frame, types a client may not send, random bytes. Each case ends with
 * an ERROR (whose code is checked) and a close, or with a close where the protocol says so; the gateway
 * stays whole (checked by {@link HostileGateway} after every test). ProtocolMisbehaviourTest has the basic
 * cases (maximum + 1, a negative length, type 0x55, a PONG from a client, a STREAM_CALL without a name).
 */
class FrameAbuseTest {
    /** Frame types a client may send (PROTOCOL.md sections 4, 10 and 11). */
    private static final Set<Integer> CLIENT_TYPES = Set.of(0x01, 0x10, 0x11, 0x12, 0x24, 0x25, 0x30, 0x31, 0x40,
            0x42, 0x44, 0x46, 0x48, 0x49, 0x4A, 0x4C, 0x4E, 0x51, 0x53);

    @RegisterExtension
    final HostileGateway gw = HostileGateway.standard();

    /** Well-formed requests, to be cut short. */
    static Stream<Arguments> requests() {
        byte[] args = ArgsCodec.encode(Args.of(new byte[] {1, 2, 3}));
        return Stream.of(
                request("PING", RawConnection.PING, "are you there".getBytes(StandardCharsets.UTF_8)),
                request("BATCH_CALL", RawConnection.BATCH_CALL, WireBody.create().text(TestGateway.ECHO).field32(args)
                        .bytes()),
                request("SEND_CALL", RawConnection.SEND_CALL, WireBody.create().text(TestGateway.SIZE).u32(0)
                        .raw(new byte[100]).bytes()),
                request("STREAM_CALL", RawConnection.STREAM_CALL, WireBody.create().u32(1 << 20)
                        .text(TestGateway.COUNT).field32(ArgsCodec.encode(Args.of(3))).bytes()),
                request("STREAM_CREDIT", RawConnection.STREAM_CREDIT, WireBody.create().u32(100).bytes()),
                request("FILE_LIST", RawConnection.FILE_LIST, WireBody.create().u8(0).text("logs").text("").u8(1)
                        .bytes()),
                request("FILE_GET", RawConnection.FILE_GET, WireBody.create().u32(1).u32(7).text("a.txt").i64(0)
                        .i64(5).bytes()),
                request("FILE_REGET", RawConnection.FILE_REGET, WireBody.create().u32(1).u32(7).text("a.txt").i64(0)
                        .i64(5).bytes()),
                request("FILE_PUT", RawConnection.FILE_PUT, WireBody.create().u32(1).text("").text("new.txt")
                        .i64(5).i64(1_600_000_000_000L).u16(0644).bytes()),
                request("FILE_SUM", 0x51, WireBody.create().u32(1).u8(0).text("").u32(2).text("a.txt")
                        .text("logs/b.log").bytes()),
                request("FILE_PUT_FOLDER", 0x53, WireBody.create().u32(1).text("").text("made")
                        .i64(1_600_000_000_000L).u16(0755).bytes()));
    }

    private static Arguments request(String name, int type, byte[] body) {
        return Arguments.of(Named.of(name, type), body);
    }

    /** PROTOCOL.md: "EOF inside a 5-byte header: PROTOCOL_ERROR". */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void aHeaderCutByTheEndOfTheStreamIsAProtocolError(int sent) throws IOException {
        RawConnection raw = gw.ready();
        raw.writeRaw(Arrays.copyOf(WireBody.create().u32(2).u8(RawConnection.PING).bytes(), sent));
        raw.shutdownOutput();
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    /** PROTOCOL.md: "EOF between frames or inside a body: connection ends (no error frame)". */
    @ParameterizedTest
    @MethodSource("requests")
    void aBodyCutByTheEndOfTheStreamEndsTheConnection(int type, byte[] body) throws IOException {
        RawConnection raw = gw.ready();
        raw.writeHeader(body.length, type);
        raw.writeRaw(Arrays.copyOf(body, body.length / 2));
        raw.shutdownOutput();
        gw.expectClosedByGateway(raw);
    }

    /** A body announced as 5 bytes of which 2 come: nothing is stored, the temporary file is gone. */
    @Test
    void anUploadBodyCutByTheEndOfTheStreamLeavesNothingBehind() throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.FILE_PUT, WireBody.create().u32(1).text("").text("cut.txt").i64(5)
                .i64(1_600_000_000_000L).u16(0644).bytes());
        raw.writeRaw(new byte[] {'h', 'e'});
        raw.shutdownOutput();
        gw.expectClosedByGateway(raw);
    }

    /**
     * A client that stops in the middle of a frame and stays silent holds only its own slot: the other slot
     * keeps serving, and the stalled slot is freed as soon as the client goes.
     */
    @ParameterizedTest
    @MethodSource("requests")
    void aClientStalledInsideAFrameHoldsOnlyItsOwnSlot(int type, byte[] body) throws IOException {
        RawConnection stalled = gw.ready();
        stalled.writeHeader(body.length, type);
        stalled.writeRaw(Arrays.copyOf(body, body.length / 2));
        gw.awaitActiveHandlers(1);
        try (Client other = Controller.builder().gateway(TestGateway.HOST, gw.port()).build().getClient()) {
            assertThat(other.ping("the other slot")).isEqualTo("the other slot");
        }
        stalled.close();
        gw.awaitActiveHandlers(0);
    }

    /** Never allocated: refused from the header (the small-heap test below shows it on a 24 MiB heap). */
    @ParameterizedTest
    @ValueSource(ints = {HostileGateway.MAX_FRAME + 1, 16 * 1024 * 1024, 1 << 30, Integer.MAX_VALUE,
        Integer.MIN_VALUE, 0xFFFFFFFE})
    void aLengthAboveTheMaximumIsFrameTooLarge(int length) throws IOException {
        RawConnection raw = gw.ready();
        raw.writeHeader(length, RawConnection.SEND_CALL);
        gw.expectErrorThenClose(raw, ErrorCode.FRAME_TOO_LARGE);
    }

    /**
     * A gateway on a 24 MiB heap (default maximum frame 16 MiB) gets length prefixes of up to 4 GiB on several
     * connections at once: each is FRAME_TOO_LARGE from the header alone, and the gateway lives on. Had it
     * allocated any of them, it would have died of OutOfMemoryError (-XX:+ExitOnOutOfMemoryError).
     */
    @Test
    void hugeLengthPrefixesDoNotReachTheHeap() throws Exception {
        try (SmallHeapGateway small = SmallHeapGateway.start()) {
            List<RawConnection> raws = new ArrayList<>();
            try {
                for (int length : new int[] {16 * 1024 * 1024 + 1, 1 << 30, Integer.MAX_VALUE, Integer.MIN_VALUE, -1,
                    0x7FFF0000}) {
                    RawConnection raw = RawConnection.open(small.port());
                    raws.add(raw);
                    raw.readHello();
                    raw.writeClientHelloAndAwaitAdmission();
                    raw.writeHeader(length, RawConnection.BATCH_CALL);
                }
                for (RawConnection raw : raws) {
                    expectError(raw, ErrorCode.FRAME_TOO_LARGE);
                }
            } finally {
                for (RawConnection raw : raws) {
                    raw.close();
                }
            }
            assertThat(small.isAlive()).as("the small-heap gateway survived").isTrue();
            try (Controller c = Controller.builder().gateway(TestGateway.HOST, small.port()).build();
                    Client client = c.getClient()) {
                assertThat(client.ping("alive")).isEqualTo("alive");
            }
        }
    }

    /**
     * Codes no version-1 peer sends, from every range of the type space (the reply types a client may not send
     * are in OrderAbuseTest; 0x55 is in ProtocolMisbehaviourTest).
     */
    @ParameterizedTest(name = "type {0}")
    @ValueSource(ints = {0x00, 0x03, 0x0E, 0x0F, 0x13, 0x1F, 0x26, 0x2F, 0x33, 0x3F, 0x4E, 0x4F, 0x7E, 0x80, 0xC0, 0xFE, 0xFF})
    void anUnknownFrameTypeIsAProtocolError(int type) throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(type, new byte[] {0, 0, 0, 1, 2, 3, 4, 5, 6, 7});
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    /** Fields that do not fit their frame, or break a field rule of PROTOCOL.md section 3 and 10. */
    static Stream<Arguments> brokenFields() {
        byte[] noArgs = new byte[0];
        return Stream.of(
                broken("name of 1025 bytes", RawConnection.BATCH_CALL,
                        WireBody.create().field16(new byte[1025]).field32(noArgs).bytes()),
                broken("name longer than the body", RawConnection.BATCH_CALL,
                        WireBody.create().u16(200).raw("echo".getBytes(StandardCharsets.UTF_8)).bytes()),
                broken("args length 2^31", RawConnection.BATCH_CALL,
                        WireBody.create().text(TestGateway.ECHO).u32(Integer.MIN_VALUE).bytes()),
                broken("args length 2^32-1", RawConnection.SEND_CALL,
                        WireBody.create().text(TestGateway.SIZE).u32(-1).raw(new byte[10]).bytes()),
                broken("args longer than the body", RawConnection.STREAM_CALL,
                        WireBody.create().u32(1024).text(TestGateway.COUNT).u32(1000).raw(new byte[10]).bytes()),
                broken("negative stream window", RawConnection.STREAM_CALL,
                        WireBody.create().u32(-5).text(TestGateway.COUNT).u32(0).bytes()),
                broken("credit of 2 bytes", RawConnection.STREAM_CREDIT, new byte[] {0, 1}),
                broken("negative credit", RawConnection.STREAM_CREDIT, WireBody.create().u32(-1).bytes()),
                broken("file query of kind 2", RawConnection.FILE_LIST, WireBody.create().u8(2).bytes()),
                broken("empty folder", RawConnection.FILE_LIST, WireBody.create().u8(0).text("").text("").u8(0).bytes()),
                broken("regex that does not compile", RawConnection.FILE_LIST,
                        WireBody.create().u8(0).text("logs").text("(unclosed").u8(0).bytes()),
                broken("path of 4097 bytes", RawConnection.FILE_LIST,
                        WireBody.create().u8(0).field16(new byte[4097]).text("").u8(0).bytes()),
                broken("file list of no file", RawConnection.FILE_LIST, WireBody.create().u8(1).u32(0).bytes()),
                broken("file list of 2^31 files", RawConnection.FILE_LIST,
                        WireBody.create().u8(1).u32(Integer.MIN_VALUE).bytes()),
                broken("file list of 1,000,000 files in 8 bytes", RawConnection.FILE_LIST,
                        WireBody.create().u8(1).u32(1_000_000).text("a.txt").bytes()),
                broken("file get of 1,000,000 items in 27 bytes", RawConnection.FILE_GET,
                        WireBody.create().u32(1_000_000).u32(1).text("a.txt").i64(0).i64(5).bytes()),
                broken("file get with a negative offset", RawConnection.FILE_GET,
                        WireBody.create().u32(1).u32(1).text("a.txt").i64(-1).i64(5).bytes()),
                broken("file get with a negative length", RawConnection.FILE_GET,
                        WireBody.create().u32(1).u32(1).text("a.txt").i64(0).i64(Long.MIN_VALUE).bytes()),
                broken("file get of a range ending beyond 2^63", RawConnection.FILE_GET,
                        WireBody.create().u32(1).u32(1).text("a.txt").i64(Long.MAX_VALUE).i64(2).bytes()),
                broken("file get with an empty source", RawConnection.FILE_GET,
                        WireBody.create().u32(1).u32(1).text("").i64(0).i64(5).bytes()),
                broken("file put with a negative size", RawConnection.FILE_PUT,
                        WireBody.create().u32(1).text("").text("x.txt").i64(-1).i64(0).u16(0644).bytes()),
                broken("file put with an empty dest", RawConnection.FILE_PUT,
                        WireBody.create().u32(1).text("").text("").i64(0).i64(0).u16(0644).bytes()));
    }

    private static Arguments broken(String name, int type, byte[] body) {
        return Arguments.of(Named.of(name, type), body);
    }

    @ParameterizedTest
    @MethodSource("brokenFields")
    void aFieldThatBreaksTheRulesIsAProtocolError(int type, byte[] body) throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(type, body);
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    /** PROTOCOL.md: "bytes after the last field a frame type defines: skipped silently". */
    @Test
    void bytesAfterTheLastFieldAreSkipped() throws IOException {
        RawConnection raw = gw.ready();
        byte[] payload = {9, 8, 7};
        raw.writeFrame(RawConnection.BATCH_CALL, WireBody.create().text(TestGateway.ECHO)
                .field32(ArgsCodec.encode(Args.of(payload))).raw(new byte[] {1, 2, 3, 4, 5}).bytes());
        assertThat(expect(raw, RawConnection.BATCH_RESULT).body()).isEqualTo(payload);
        raw.writeFrame(RawConnection.CLOSE_HANDLER, new byte[] {42});
        expect(raw, RawConnection.BYE);
        gw.expectClosedByGateway(raw);
    }

    /** Random bytes after the hello (seeded): ERROR then close, or a close; never a hang or a crash. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomBytesAfterTheHello(long seed) throws IOException {
        byte[] noise = new byte[1 + new Random(seed).nextInt(4096)];
        new Random(seed).nextBytes(noise);
        RawConnection raw = gw.ready();
        raw.writeRaw(noise);
        raw.shutdownOutput();
        expectAnswersThenAnEnd(raw);
    }

    /**
     * Frames with valid headers (length within the maximum, a type a client may send, never CLOSE_GATEWAY)
     * and random bodies, 40 in a row (seeded): every decoder sees garbage through the real handler.
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26})
    void framesWithRandomBodies(long seed) throws IOException {
        Random random = new Random(seed);
        Integer[] types = CLIENT_TYPES.stream().filter(t -> t != RawConnection.CLOSE_GATEWAY).sorted()
                .toArray(Integer[]::new);
        RawConnection raw = gw.ready();
        ByteBuffer frames = ByteBuffer.allocate(40 * (5 + 64));
        for (int i = 0; i < 40; i++) {
            byte[] body = new byte[random.nextInt(64)];
            random.nextBytes(body);
            frames.putInt(body.length).put((byte) (int) types[random.nextInt(types.length)]).put(body);
        }
        raw.writeRaw(Arrays.copyOf(frames.array(), frames.position()));
        raw.shutdownOutput();
        expectAnswersThenAnEnd(raw);
    }

    /** Any answers, then the end: if the last frame is an ERROR it is one that ends a connection. */
    private void expectAnswersThenAnEnd(RawConnection raw) throws IOException {
        Frame last = null;
        for (Frame f = raw.readFrame(); f != null; f = raw.readFrame()) {
            last = f;
        }
        if (last != null && last.type() == RawConnection.ERROR) {
            assertThat(ErrorCode.fromWire(last.errorCode())).as("final error: %s", last.errorMessage())
                    .isIn(ErrorCode.PROTOCOL_ERROR, ErrorCode.FRAME_TOO_LARGE);
        }
        gw.expectClosedByGateway(raw);
    }

}
