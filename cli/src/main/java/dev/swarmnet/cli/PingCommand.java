package dev.swarmnet.cli;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ping", mixinStandardHelpOptions = true,
        header = "Measure round trips to a handler.",
        description = "Connects a client and sends pings to its handler, printing each round-trip time, then"
                + " min/avg/max (the connection's setup is timed apart).",
        footer = {"%nExample:", "  swarmnet ping pi.local --count 10"})
final class PingCommand extends ClientCommand implements Callable<Integer> {
    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "4",
            description = "How many pings (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--message", paramLabel = "TEXT", defaultValue = "Hello there..",
            description = "What to send; the handler echoes it (default: ${DEFAULT-VALUE}).")
    String message;

    @ArgGroup(validate = false, heading = Verbosity.HEADING, order = Verbosity.ORDER)
    OutputOptions out = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new CliException(ExitCodes.USAGE, "--count needs at least 1, got " + count);
        }
        try (Controller controller = connection.controller(target, Path.of("."))) {
            long t0 = System.nanoTime();
            try (Client client = ConnectionOptions.connect(controller)) {
                double connectMs = (System.nanoTime() - t0) / 1e6;
                if (out.text()) {
                    System.out.println("connected to " + target + " in " + Units.millis(connectMs) + " ms");
                }
                double min = Double.MAX_VALUE;
                double max = 0;
                double sum = 0;
                for (int seq = 1; seq <= count; seq++) {
                    long start = System.nanoTime();
                    String echo = client.ping(message);
                    double ms = (System.nanoTime() - start) / 1e6;
                    if (!echo.equals(message)) {
                        throw new CliException(ExitCodes.FAILED, "the handler echoed something else: " + echo);
                    }
                    min = Math.min(min, ms);
                    max = Math.max(max, ms);
                    sum += ms;
                    if (out.text()) {
                        System.out.println("reply from " + target + ": seq=" + seq + " bytes="
                                + echo.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " time="
                                + Units.millis(ms) + " ms");
                    }
                }
                double avg = sum / count;
                if (out.json) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("gateway", target.toString());
                    fields.put("count", count);
                    fields.put("connectMs", Summaries.round(connectMs));
                    fields.put("minMs", Summaries.round(min));
                    fields.put("avgMs", Summaries.round(avg));
                    fields.put("maxMs", Summaries.round(max));
                    System.out.println(OutputOptions.toJson(fields));
                } else if (!out.quiet) {
                    System.out.println(count + " pings: rtt min/avg/max = " + Units.millis(min) + "/" + Units.millis(avg)
                            + "/" + Units.millis(max) + " ms");
                }
            }
        }
        return ExitCodes.OK;
    }
}
