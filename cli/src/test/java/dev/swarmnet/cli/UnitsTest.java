package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Durations and sizes as typed on the command line, and the gateway's warning about exposure. */
class UnitsTest {
    @Test
    void durationsAreSecondsOrTakeAUnitOrIso8601() {
        assertThat(Units.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Units.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Units.duration("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Units.duration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(Units.duration("0")).isEqualTo(Duration.ZERO);
        assertThat(Units.duration("5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Units.duration("0.25")).isEqualTo(Duration.ofMillis(250));
        assertThat(Units.duration("2.5")).isEqualTo(Duration.ofMillis(2500));
        assertThat(Units.duration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        for (String bad : new String[] {"-5", "-5s", "5 minutes", "m", "", "PT-1S", "P", "1.5s", "0.0001", ".5", "5."}) {
            assertThatThrownBy(() -> Units.duration(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("not a duration");
        }
    }

    @Test
    void sizesAreBytesOrBinaryMultiples() {
        assertThat(Units.bytes("65536")).isEqualTo(65536);
        assertThat(Units.bytes("64K")).isEqualTo(65536);
        assertThat(Units.bytes("64kib")).isEqualTo(65536);
        assertThat(Units.bytes("4M")).isEqualTo(4 << 20);
        assertThat(Units.bytes("4MiB")).isEqualTo(4 << 20);
        assertThat(Units.bytes("1G")).isEqualTo(1 << 30);
        assertThatThrownBy(() -> Units.bytes("2G")).hasMessageContaining("too large");
        for (String bad : new String[] {"-1", "1.5M", "4 MB", "4MB", "k", ""}) {
            assertThatThrownBy(() -> Units.bytes(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("not a size");
        }
    }

    @Test
    void theGatewayWarnsWhenItListensBeyondLoopbackWithoutTlsOrClientAuthentication() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        InetAddress any = InetAddress.getByName("0.0.0.0");
        InetAddress lan = InetAddress.getByName("10.0.0.5");
        assertThat(GatewayCommand.exposureWarning(loopback, 1857, false, false)).isNull();
        assertThat(GatewayCommand.exposureWarning(InetAddress.getByName("::1"), 1857, false, false)).isNull();
        assertThat(GatewayCommand.exposureWarning(null, 1857, true, true)).isNull();
        assertThat(GatewayCommand.exposureWarning(lan, 1857, true, true)).isNull();

        assertThat(GatewayCommand.exposureWarning(null, 1857, false, false))
                .contains("listening on all interfaces without TLS or a shared secret", "port 1857", "--bind 127.0.0.1")
                .doesNotContain("\n");
        assertThat(GatewayCommand.exposureWarning(any, 1857, false, false)).contains("all interfaces");
        assertThat(GatewayCommand.exposureWarning(lan, 1857, false, true))
                .startsWith("listening on 10.0.0.5 without TLS:").contains("--tls-cert");
        assertThat(GatewayCommand.exposureWarning(null, 1857, true, false))
                .contains("without a shared secret", "--secret-file", "--tls-client-ca");
    }

    @Test
    void millisecondsPrintWithThreeDecimalsAsPercentPointThreeF() {
        for (double ms : new double[] {0, 0.0004, 0.1234, 1.5, 12.3456, 999.9996, 123456.78}) {
            assertThat(Units.millis(ms)).as(String.valueOf(ms))
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.3f", ms));
        }
    }
}
