package dev.swarmnet.support;

import dev.swarmnet.Args;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;

/**
 * A client in a process of its own (for {@link ChildJvm}): {@code port name} starts the stream subroutine
 * {@code name} and consumes it for ever; says "STREAMING" after the first chunk.
 */
public final class StreamingClientMain {
    private StreamingClientMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Controller c = new Controller(TestGateway.HOST, Integer.parseInt(args[0]));
                Client client = c.getClient()) {
            boolean[] said = {false};
            client.getSubroutineStream(args[1], Args.none(), (name, ident, bytes) -> {
                if (!said[0]) {
                    said[0] = true;
                    System.out.println("STREAMING");
                    System.out.flush();
                }
                return true;
            });
        }
    }
}
