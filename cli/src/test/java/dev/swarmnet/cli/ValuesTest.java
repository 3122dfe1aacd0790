package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Args;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** How command-line words become subroutine arguments, and how HOST[:PORT] and results read. */
class ValuesTest {
    @Test
    void wordsThatLookLikeJsonAreJsonTheRestAreText() {
        assertThat(Values.parse("42")).isEqualTo(42);
        assertThat(Values.parse("-7")).isEqualTo(-7);
        assertThat(Values.parse("9000000000")).isEqualTo(9_000_000_000L);
        assertThat(Values.parse("123456789012345678901234567890")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(Values.parse("1.5")).isEqualTo(1.5);
        assertThat(Values.parse("1e3")).isEqualTo(1000.0);
        assertThat(Values.parse("true")).isEqualTo(true);
        assertThat(Values.parse("false")).isEqualTo(false);
        assertThat(Values.parse("null")).isNull();
        assertThat(Values.parse("\"42\"")).isEqualTo("42");
        assertThat(Values.parse("[1,\"a\",null]")).isEqualTo(java.util.Arrays.asList(1, "a", null));
        assertThat(Values.parse("{\"a\":{\"b\":[true]}}")).isEqualTo(Map.of("a", Map.of("b", List.of(true))));
        assertThat(Values.parse("hello world")).isEqualTo("hello world");
        assertThat(Values.parse("/var/log/app")).isEqualTo("/var/log/app");
        assertThat(Values.parse("007")).isEqualTo("007");
        assertThat(Values.parse("1.")).isEqualTo("1.");
        assertThat(Values.parse("True")).isEqualTo("True");
        assertThat(Values.parse("")).isEqualTo("");
        assertThatThrownBy(() -> Values.parse("[1,")).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }

    @Test
    void positionalAndKeywordWordsMakeArgs() {
        List<Values.Keyword> kw = List.of(Values.Keyword.parse("mode=fast"), Values.Keyword.parse("pin=4"),
                Values.Keyword.parse("mode=a=b"), Values.Keyword.parse("empty="));
        assertThat(Values.args(List.of("2", "x"), kw))
                .isEqualTo(Args.of(2, "x").with("mode", "a=b").with("pin", 4).with("empty", ""));
        assertThat(Values.args(null, null)).isEqualTo(Args.none());
    }

    @Test
    void aKeywordWithoutAnEqualsSignIsRefusedNamingTheForm() {
        for (String bad : new String[] {"mode", "=fast", ""}) {
            assertThatThrownBy(() -> Values.Keyword.parse(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("the form is --kw name=value");
        }
    }

    @Test
    void targetsDefaultToPort1857() {
        assertThat(Target.parse("pi.local")).isEqualTo(new Target("pi.local", 1857));
        assertThat(Target.parse("10.0.0.2:9000")).isEqualTo(new Target("10.0.0.2", 9000));
        assertThat(Target.parse("[::1]:7")).isEqualTo(new Target("::1", 7));
        assertThat(Target.parse("[::1]")).isEqualTo(new Target("::1", 1857));
        assertThat(Target.parse("fe80::1")).isEqualTo(new Target("fe80::1", 1857));
        assertThat(new Target("::1", 7)).hasToString("[::1]:7");
        for (String bad : List.of("", ":1857", "host:0", "host:65536", "host:x", "[::1", "[::1]x")) {
            assertThatThrownBy(() -> Target.parse(bad)).as(bad).isInstanceOf(picocli.CommandLine.TypeConversionException.class);
        }
    }

    @Test
    void resultsPrintAsTextWhenPrintableElseHex() {
        assertThat(Format.AUTO.render("héllo\tthere\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("héllo\tthere\n");
        assertThat(Format.AUTO.render(new byte[] {0, 1, (byte) 0xff})).isEqualTo("0001ff");
        assertThat(Format.AUTO.render(new byte[] {(byte) 0xc3})).isEqualTo("c3");
        assertThat(Format.BASE64.render(new byte[] {1, 2, 3})).isEqualTo("AQID");
        assertThat(Format.FLOAT.render(dev.swarmnet.Bytes.floatToBytes(0.25f))).isEqualTo("0.25");
        assertThat(Format.INT.render(dev.swarmnet.Bytes.intToBytes(-3))).isEqualTo("-3");
        assertThat(Format.JSON.render("{ \"a\" : 1 }".getBytes())).isEqualTo("{\"a\":1}");
        assertThatThrownBy(() -> Format.INT.render(new byte[3])).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.getMessage()).contains("3 bytes"));
    }
}
