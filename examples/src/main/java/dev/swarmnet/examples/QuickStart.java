package dev.swarmnet.examples;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Bytes;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.Gateway;
import dev.swarmnet.SendSubroutine;
import dev.swarmnet.StreamSubroutine;

/**
 * The README's example, run by {@code java -jar examples/target/swarmnet-examples.jar} and by a test that
 * checks the README shows exactly this code: a gateway with the three kinds of subroutine, and a
 * controller that uses each.
 */
public final class QuickStart {
    private QuickStart() {
    }

    public static void main(String[] args) throws Exception {
        // README-EXAMPLE-START
        try (Gateway gw = Gateway.builder().port(0)                    // 0: any free port; pynetwork's is 1857
                .allowRemoteShutdown(true).build()) {                   // let a client stop it, as pynetwork did
            gw.addSubroutine("mount_usage", (BatchSubroutine) call -> Bytes.floatToBytes(0.42f));
            gw.addSubroutine("set_io", (SendSubroutine) call -> call.buffer().length * call.arg(0, Integer.class));
            gw.addSubroutine("sensor", (StreamSubroutine) (call, out) -> {
                for (int i = 0; i < call.arg(0, Integer.class); i++) {
                    out.emit(i, Bytes.strToBytes("reading " + i));
                }
            });
            gw.start(false);                                            // true blocks until closeGateway()

            try (Controller controller = new Controller("127.0.0.1", gw.port());
                 Client client = controller.getClient()) {
                System.out.println(client.ping("Hello there.."));
                float usage = Bytes.bytesToFloat(client.getSubroutineBatch("mount_usage", Args.of(123)));
                int io = client.sendSubroutineBatch("set_io", new byte[] {1, 2, 3}, Args.of(2).with("mode", "fast"));
                System.out.printf("usage %.2f, set_io %d%n", usage, io);
                client.getSubroutineStream("sensor", Args.of(3),
                        (name, ident, bytes) -> { System.out.println(ident + ": " + Bytes.bytesToStr(bytes)); return true; },
                        name -> System.out.println(name + " ended"));
                client.closeGateway();                                  // or client.closeHandler()
            }
        }
        // README-EXAMPLE-END
    }
}
