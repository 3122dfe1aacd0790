package dev.swarmnet.cli;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "close", mixinStandardHelpOptions = true,
        header = "Close a handler, or the gateway with --gateway.",
        description = "Connects and closes its handler (pynetwork's close_handler), or with --gateway stops the"
                + " gateway itself (close_gateway): its 'swarmnet gateway' process exits 0. A 'swarmnet gateway'"
                + " allows that only when started with --allow-remote-close; otherwise FORBIDDEN (exit 1) and it"
                + " runs on.",
        footer = {"%nExample:", "  swarmnet close pi.local --gateway"})
final class CloseCommand extends ClientCommand implements Callable<Integer> {
    @Option(names = "--gateway", description = "Stop the gateway, not just this handler.")
    boolean gateway;

    @ArgGroup(validate = false, heading = Verbosity.HEADING, order = Verbosity.ORDER)
    OutputOptions out = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        try (Controller controller = connection.controller(target, Path.of("."))) {
            Client client = ConnectionOptions.connect(controller);
            if (gateway) {
                client.closeGateway();
                say("gateway " + target + " closed");
            } else {
                client.closeHandler();
                say("handler closed");
            }
            if (out.json) {
                System.out.println(OutputOptions.toJson(Map.of("closed", gateway ? "gateway" : "handler",
                        "gateway", target.toString())));
            }
        }
        return ExitCodes.OK;
    }

    private void say(String line) {
        if (out.text()) {
            System.out.println(line);
        }
    }
}
