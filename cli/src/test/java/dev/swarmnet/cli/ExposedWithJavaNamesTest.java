package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Args;
import dev.swarmnet.Bytes;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.ErrorCode;
import dev.swarmnet.Gateway;
import dev.swarmnet.RemoteException;
import dev.swarmnet.Subroutines;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * This module compiles with {@code -parameters}: the demo subroutines take keyword arguments by their Java
 * names without {@code @Arg}, and plugins loaded from a jar work in-process too.
 */
class ExposedWithJavaNamesTest {
    @Test
    void keywordArgumentsBindByJavaParameterNames() throws Exception {
        try (Gateway gw = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).build()) {
            Subroutines.of(new DemoSubroutines(Path.of("."))).forEach(gw::addSubroutine);
            gw.start(false);
            try (Controller c = new Controller("127.0.0.1", gw.port()); Client client = c.getClient()) {
                assertThat(client.sendSubroutineBatch("set_io", new byte[5], Args.none().with("pin", 3).with("mode", "slow")))
                        .isEqualTo(15);
                assertThat(Bytes.bytesToStr(client.getSubroutineBatch("echo", Args.none().with("text", "hi"))))
                        .isEqualTo("hi");
                List<String> readings = new ArrayList<>();
                client.getSubroutineStream("sensor", Args.none().with("count", 2L),
                        (n, i, b) -> readings.add(Bytes.bytesToStr(b)));
                assertThat(readings).hasSize(2);
                assertThatThrownBy(() -> client.sendSubroutineBatch("set_io", new byte[1], Args.of(1).with("mood", "x")))
                        .isInstanceOfSatisfying(RemoteException.class, e -> {
                            assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_ARGUMENTS);
                            assertThat(e.remoteMessage()).contains("no parameter named 'mood'", "mode", "pin");
                        });
            }
        }
    }

    @Test
    void aPluginJarLoadsThroughServiceLoader(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        var subs = Plugins.load(PluginJar.greeter(tmp));
        assertThat(subs).containsOnlyKeys("hello", "countdown", "nap", "checksum");
        assertThatThrownBy(() -> Plugins.load(tmp.resolve("missing.jar"))).isInstanceOfSatisfying(CliException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }
}
