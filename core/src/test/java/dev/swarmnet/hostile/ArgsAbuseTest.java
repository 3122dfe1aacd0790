package dev.swarmnet.hostile;

import static dev.swarmnet.hostile.HandshakeAbuseTest.hex;
import static dev.swarmnet.hostile.HostileGateway.expect;
import static dev.swarmnet.hostile.HostileGateway.expectError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Bytes;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.internal.ArgsCodec;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.WireBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile CBOR in a call's arguments (docs/PROTOCOL.md section 3, "Arguments"), sent by hand in BATCH_CALL
 * frames to subroutines that read every argument: deep nesting, lengths that lie, long runs of tags, string
 * references that multiply a few bytes into gigabytes, huge numbers. Each is BAD_ARGUMENTS — quickly, without
 * a stack overflow or a large allocation — and the connection stays usable.
 */
class ArgsAbuseTest {
    /** Room for the large cases (a million tags is 1 MB). */
    private static final int MAX_FRAME = 4 * 1024 * 1024;
    private static final String BIG_INTEGER = "big-integer";
    private static final int DEEP = 100_000;

    @RegisterExtension
    final HostileGateway gw = HostileGateway.configured(b -> b.maxFrameSize(MAX_FRAME));

    @BeforeEach
    void addSubroutines() {
        gw.gateway().addSubroutine(BIG_INTEGER, (BatchSubroutine) call ->
                Bytes.intToBytes(call.arg(0, BigInteger.class).bitLength()));
    }

    static Stream<Arguments> hostileArguments() {
        return Stream.of(
                hostile("100,000 nested arrays", HostileGateway.ARGS, repeat("81", DEEP, "01")),
                hostile("100,000 nested indefinite arrays", HostileGateway.ARGS, repeat("9F", DEEP, "01")),
                hostile("100,000 nested maps in the keywords", HostileGateway.ARGS,
                        concat(hex("82 80"), repeat("A1 61 6B", DEEP, "01"))),
                hostile("129 nested arrays (one beyond the limit)", HostileGateway.ARGS, repeat("81", 129, "01")),
                hostile("1,000,000 tags on one value", HostileGateway.ARGS,
                        concat(hex("81 81"), repeat("C6", 1_000_000, "01"))),
                hostile("5 tags on one value", HostileGateway.ARGS, hex("81 81 C6 C6 C6 C6 C6 01")),
                hostile("string references multiplying 256 KiB by 1000", HostileGateway.STRINGS, stringReferences()),
                hostile("a string reference outside a namespace", HostileGateway.ARGS, hex("81 81 D8 19 00")),
                hostile("a byte string of 2^63-1 bytes", HostileGateway.ARGS, hex("81 81 5B 7F FF FF FF FF FF FF FF")),
                hostile("a text string of 2^31-1 bytes", HostileGateway.ARGS, hex("81 81 7A 7F FF FF FF 61")),
                hostile("an array of 2^32-1 items", HostileGateway.ARGS, hex("81 9A FF FF FF FF 01 02")),
                hostile("a map of 2^64-1 entries", HostileGateway.ARGS, hex("82 80 BB FF FF FF FF FF FF FF FF")),
                hostile("an indefinite string with a huge chunk", HostileGateway.ARGS, hex("81 81 7F 7B 00 10 00 00 00 00 00 00 FF")),
                // Just under the default maxArgsSize (1 MiB), so that the decoder, not the size limit, refuses it.
                hostile("a big number of almost 1 MiB", BIG_INTEGER, concat(hex("81 81 C2 5A 00 0F FF C0"),
                        new byte[0xFFFC0])),
                hostile("10^(2^31) as a decimal fraction", BIG_INTEGER, hex("81 81 C4 82 3A 7F FF FF FF 01")),
                hostile("a map as the whole", HostileGateway.ARGS, hex("A1 61 61 01")),
                hostile("three elements", HostileGateway.ARGS, hex("83 80 A0 01")),
                hostile("a number as the whole", HostileGateway.ARGS, hex("18 2A")),
                hostile("cut short", HostileGateway.ARGS, hex("82 81")),
                hostile("a break in a definite array", HostileGateway.ARGS, hex("81 82 01 FF")),
                hostile("reserved additional information", HostileGateway.ARGS, hex("81 81 1C")),
                hostile("invalid UTF-8 in a text", HostileGateway.ARGS, hex("81 81 62 C3 28")),
                hostile("invalid UTF-8 in a keyword name", HostileGateway.ARGS, hex("82 80 A1 62 C3 28 01")),
                hostile("an array as a keyword name", HostileGateway.ARGS, hex("82 80 A1 80 01")));
    }

    private static Arguments hostile(String name, String subroutine, byte[] cbor) {
        return Arguments.of(Named.of(name, subroutine), cbor);
    }

    @ParameterizedTest
    @MethodSource("hostileArguments")
    void hostileArgumentsAreBadArgumentsAndTheConnectionStaysUsable(String subroutine, byte[] cbor) throws IOException {
        RawConnection raw = gw.ready();
        raw.writeFrame(RawConnection.BATCH_CALL, WireBody.create().text(subroutine).field32(cbor).bytes());
        expectError(raw, ErrorCode.BAD_ARGUMENTS);
        raw.writeFrame(RawConnection.PING, "usable".getBytes(StandardCharsets.UTF_8));
        expect(raw, RawConnection.PONG);
    }

    /** PROTOCOL.md: "bytes after the one CBOR item are ignored"; nesting up to the limit is fine. */
    @Test
    void argumentsWithinTheLimitsAreServed() throws IOException {
        RawConnection raw = gw.ready();
        for (byte[] cbor : List.of(concat(hex("81 81 01"), new byte[] {1, 2, 3}), repeat("81", 128, "01"),
                hex("81 81 C6 C6 C6 C6 01"), hex("81 81 C2 49 01 00 00 00 00 00 00 00 00"))) {
            raw.writeFrame(RawConnection.BATCH_CALL, WireBody.create().text(HostileGateway.ARGS).field32(cbor).bytes());
            assertThat(expect(raw, RawConnection.BATCH_RESULT).body()).as(Arrays.toString(cbor).substring(0, 20))
                    .isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The same limit on the client's side: a value nested too deep is refused before anything is sent. */
    @Test
    void theClientRefusesToEncodeWhatTheGatewayWouldRefuse() throws IOException {
        Object fits = nested(ArgsCodec.MAX_NESTING_DEPTH - 2);
        Object tooDeep = nested(ArgsCodec.MAX_NESTING_DEPTH - 1);
        try (Controller c = Controller.builder().gateway(TestGateway.HOST, gw.port()).build();
                Client client = c.getClient()) {
            assertThat(client.getSubroutineBatch(HostileGateway.ARGS, Args.of(fits))).isEqualTo(Bytes.strToBytes("ok"));
            assertThatThrownBy(() -> client.getSubroutineBatch(HostileGateway.ARGS, Args.of(tooDeep)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nesting");
            assertThat(client.getSubroutineBatch(HostileGateway.ARGS, Args.none().with("deep", fits)))
                    .isEqualTo(Bytes.strToBytes("ok"));
        }
    }

    private static Object nested(int depth) {
        Object v = 1;
        for (int i = 0; i < depth; i++) {
            v = List.of(v);
        }
        return v;
    }

    /** [tag 256 [h'00…' (256 KiB), 25(0) × 1000]]: 1000 references to one byte string, as a String[] argument. */
    private static byte[] stringReferences() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(hex("81 D9 01 00 99 03 E9 5A 00 04 00 00"));
        out.writeBytes(new byte[256 * 1024]);
        for (int i = 0; i < 1000; i++) {
            out.writeBytes(hex("D8 19 00"));
        }
        return out.toByteArray();
    }

    private static byte[] repeat(String unitHex, int times, String endHex) {
        byte[] unit = hex(unitHex);
        byte[] end = hex(endHex);
        byte[] out = new byte[unit.length * times + end.length];
        for (int i = 0; i < times; i++) {
            System.arraycopy(unit, 0, out, i * unit.length, unit.length);
        }
        System.arraycopy(end, 0, out, unit.length * times, end.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

}
