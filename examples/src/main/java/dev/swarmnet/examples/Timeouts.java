package dev.swarmnet.examples;

import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.DeadlineExceededException;
import dev.swarmnet.Gateway;
import java.net.InetAddress;
import java.time.Duration;

/**
 * The timeouts example of docs/LIBRARY.md (the code between the markers, letter for letter): a controller with
 * every liveness setting spelled out, and a per-client call timeout cutting a slow call short.
 */
public final class Timeouts {
    private Timeouts() {
    }

    public static void main(String[] args) throws Exception {
        try (Gateway gw = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress()).build()) {
            gw.addSubroutine("slow", (BatchSubroutine) call -> {
                Thread.sleep(2_000); // a subroutine that takes its time
                return new byte[0];
            });
            gw.start(false);
            String host = "127.0.0.1";
            int port = gw.port();
            // README-TIMEOUTS-START
            Controller controller = Controller.builder().gateway(host, port)
                    .connectTimeout(Duration.ofSeconds(10))     // TCP connect and hellos (default 10 s)
                    .callTimeout(Duration.ofMinutes(5))         // each operation: a deadline (default none)
                    .stallTimeout(Duration.ofSeconds(60))       // no byte moving while waiting (default 60 s)
                    .keepaliveInterval(Duration.ofSeconds(30))  // ping idle connections (default 30 s)
                    .build();
            Client quick = controller.getClient().withCallTimeout(Duration.ofMillis(500)); // a per-client view
            try {
                quick.getSubroutineBatch("slow");
            } catch (DeadlineExceededException e) {
                System.out.println("gave up: " + e.getMessage()); // the client is closed; get a new one
            }
            // README-TIMEOUTS-END
            controller.close();
        }
    }
}
