package dev.swarmnet.support;

import dev.swarmnet.Gateway;
import java.nio.file.Path;

/**
 * A gateway in a process of its own (for {@link ChildJvm}): {@code port downloadDir [share]}; says "PORT n" when
 * ready and serves until its stdin closes.
 */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Gateway gw = TestGateway.loopbackBuilder(Integer.parseInt(args[0]), b -> {
            b.downloadDir(Path.of(args[1]));
            if (args.length > 2) {
                b.share(Path.of(args[2]));
            }
        }).build();
        TestGateway.registerCommon(gw);
        gw.start(false);
        System.out.println("PORT " + gw.port());
        System.out.flush();
        ChildJvm.awaitParentClose();
        gw.close();
    }
}
