package dev.swarmnet.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swarmnet.ErrorCode;
import dev.swarmnet.Gateway;
import dev.swarmnet.support.RawConnection;
import dev.swarmnet.support.TestGateway;
import dev.swarmnet.support.WireBody;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * UNKNOWN_SUBROUTINE lists the registered names, and only to a client that may call them: on a gateway with a
 * secret, a client that did not prove it gets UNAUTHENTICATED and nothing else, whatever it sends after its hello.
 */
class SubroutineNamesTest {
    private static final String SECRET = "a secret of some length";

    @Test
    void aClientWithoutTheSecretNeverLearnsTheNames() throws IOException {
        Gateway gw = TestGateway.startGateway(b -> b.secret(SECRET));
        try (RawConnection raw = RawConnection.open(gw.port())) {
            raw.readHello();
            byte[] challenge = new byte[36];
            for (int i = 0; i < challenge.length; i++) {
                challenge[i] = raw.readByte();
            }
            raw.writeClientHello(); // no authentication in its extension
            raw.writeFrame(RawConnection.BATCH_CALL, WireBody.create().text("no-such-name").u32(0).bytes());
            List<RawConnection.Frame> frames = new ArrayList<>();
            for (RawConnection.Frame f = raw.readFrame(); f != null; f = raw.readFrame()) {
                frames.add(f);
            }
            assertThat(frames).singleElement().satisfies(f -> {
                assertThat(f.type()).isEqualTo(RawConnection.ERROR);
                assertThat(ErrorCode.fromWire(f.errorCode())).isEqualTo(ErrorCode.UNAUTHENTICATED);
                assertThat(f.errorMessage()).doesNotContain(TestGateway.ECHO);
            });
        } finally {
            gw.close();
        }
    }

    @Test
    void aGatewayWithoutASecretListsTheNames() throws IOException {
        Gateway gw = TestGateway.startGateway(b -> { });
        try (RawConnection raw = RawConnection.open(gw.port())) {
            raw.readHello();
            raw.writeClientHelloAndAwaitAdmission();
            raw.writeFrame(RawConnection.BATCH_CALL, WireBody.create().text("no-such-name").u32(0).bytes());
            RawConnection.Frame f = raw.readFrame();
            assertThat(ErrorCode.fromWire(f.errorCode())).isEqualTo(ErrorCode.UNKNOWN_SUBROUTINE);
            assertThat(f.errorMessage()).contains(TestGateway.ECHO);
        } finally {
            gw.close();
        }
    }
}
