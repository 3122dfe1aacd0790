package dev.swarmnet.support;

import dev.swarmnet.Gateway;
import java.nio.file.Path;

/** A gateway in a process of its own (for {@link ChildJvm}): {@code port downloadDir}; says "READY port". */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        Gateway gw = TestGateway.loopbackBuilder(Integer.parseInt(args[0]), b -> b.downloadDir(Path.of(args[1])))
                .build();
        TestGateway.registerCommon(gw);
        gw.start(false);
        System.out.println("READY " + gw.port());
        System.out.flush();
        gw.awaitClose();
    }
}
