package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HandshakeAbuseTest.hex;
import static dev.swarmnet.hostile.HostileGateway.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed UTF-8 in every text field a client sends (docs/PROTOCOL.md section 3: "strict UTF-8 ...
 * malformed bytes are a PROTOCOL_ERROR, never replaced"): subroutine names of the three call types, and the
 * paths of FILE_LIST (folder, regex, file list), FILE_GET and FILE_PUT (dirname, dest). A path that decoded
 * leniently could turn into a different, valid path (an overlong "/" is the classic), so each is refused
 * whole. The PING text is the exception: the gateway echoes it byte for byte without decoding.
 */
class TextAbuseTest {
    @RegisterExtension
    final HostileGateway gw = HostileGateway.standard();

    /** Byte sequences that are not UTF-8, each between two valid characters. */
    private static final List<Named<byte[]>> MALFORMED = List.of(
            Named.of("bad continuation C3 28", hex("C3 28")),
            Named.of("overlong '/' C0 AF", hex("2E 2E C0 AF")),
            Named.of("overlong 3-byte E0 80 AF", hex("E0 80 AF")),
            Named.of("UTF-16 surrogate ED A0 80", hex("ED A0 80")),
            Named.of("above U+10FFFF F4 90 80 80", hex("F4 90 80 80")),
            Named.of("lone continuation 80", hex("80")),
            Named.of("cut at the end E2 82", hex("E2 82")),
            Named.of("modified-UTF-8 NUL C0 80", hex("C0 80")),
            Named.of("FF", hex("FF")));

    /** Every client text field, as a frame built around {@code text}. */
    private static final List<Named<Function<byte[], byte[][]>>> FIELDS = List.of(
            field("BATCH_CALL name", t -> frame(RawConnection.BATCH_CALL, WireBody.create().field16(t).u32(0))),
            field("SEND_CALL name", t -> frame(RawConnection.SEND_CALL, WireBody.create().field16(t).u32(0).u8(1))),
            field("STREAM_CALL name", t -> frame(RawConnection.STREAM_CALL, WireBody.create().u32(1024).field16(t)
                    .u32(0))),
            field("FILE_LIST folder", t -> frame(RawConnection.FILE_LIST, WireBody.create().u8(0).field16(t).text("")
                    .u8(0))),
            field("FILE_LIST regex", t -> frame(RawConnection.FILE_LIST, WireBody.create().u8(0).text("logs")
                    .field16(t).u8(0))),
            field("FILE_LIST file", t -> frame(RawConnection.FILE_LIST, WireBody.create().u8(1).u32(2).text("a.txt")
                    .field16(t))),
            field("FILE_GET source", t -> frame(RawConnection.FILE_GET, WireBody.create().u32(1).u32(1).field16(t)
                    .i64(0).i64(1))),
            field("FILE_PUT dirname", t -> frame(RawConnection.FILE_PUT, WireBody.create().u32(1).field16(t)
                    .text("x.txt").i64(0).i64(0).u16(0644))),
            field("FILE_PUT dest", t -> frame(RawConnection.FILE_PUT, WireBody.create().u32(1).text("")
                    .field16(t).i64(0).i64(0).u16(0644))));

    /** Every field with three of the sequences, each sequence in three fields (27 cases rather than 81). */
    static Stream<Arguments> everyFieldWithThreeMalformedSequences() {
        return java.util.stream.IntStream.range(0, FIELDS.size()).boxed().flatMap(i -> Stream.of(0, 3, 6)
                .map(j -> Arguments.of(FIELDS.get(i), MALFORMED.get((i + j) % MALFORMED.size()))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyFieldWithThreeMalformedSequences")
    void malformedUtf8InAClientTextFieldIsAProtocolError(Function<byte[], byte[][]> field, byte[] malformed)
            throws IOException {
        byte[] text = concat("lo".getBytes(StandardCharsets.UTF_8), malformed, "gs".getBytes(StandardCharsets.UTF_8));
        byte[][] typeAndBody = field.apply(text);
        RawConnection raw = gw.ready();
        raw.writeFrame(typeAndBody[0][0], typeAndBody[1]);
        gw.expectErrorThenClose(raw, ErrorCode.PROTOCOL_ERROR);
    }

    /** PROTOCOL.md section 4: "the gateway echoes without decoding". */
    @ParameterizedTest
    @MethodSource("malformed")
    void pingTextIsEchoedByteForByte(byte[] malformed) throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.PING, malformed);
        assertThat(expect(raw, RawConnection.PONG).body()).isEqualTo(malformed);
        raw.writeFrame(RawConnection.BATCH_CALL, WireBody.create().text(TestGateway.ECHO).field32(hex("81 81 41 07"))
                .bytes());
        assertThat(expect(raw, RawConnection.BATCH_RESULT).body()).containsExactly(7);
    }

    static Stream<Named<byte[]>> malformed() {
        return MALFORMED.stream();
    }

    private static Named<Function<byte[], byte[][]>> field(String name, Function<byte[], byte[][]> frame) {
        return Named.of(name, frame);
    }

    private static byte[][] frame(int type, WireBody body) {
        return new byte[][] {{(byte) type}, body.bytes()};
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }
}
