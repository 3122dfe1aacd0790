package dev.swarmnet.cli;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "stream", mixinStandardHelpOptions = true,
        header = "Print the chunks of a stream subroutine, one per line.",
        description = "Runs a stream subroutine and prints each chunk on its own line (formatted like call's"
                + " result), until the stream ends, --max chunks arrived (then it is aborted cleanly, exit 0)"
                + " or Ctrl-C.",
        footer = {"%nExamples:",
                "  swarmnet stream pi.local sensor 4 --max 10",
                "  swarmnet stream 127.0.0.1 camera --as base64 --ident > frames.txt"})
final class StreamCommand extends SubroutineCommand implements Callable<Integer> {
    @Option(names = "--max", paramLabel = "N", description = "Stop after N chunks (aborting the stream).")
    Long max;

    @Option(names = "--as", paramLabel = "FORMAT", defaultValue = "auto",
            description = "How to print each chunk: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--ident", description = "Start each line with the chunk's ident and a tab.")
    boolean ident;

    @Override
    public Integer call() throws Exception {
        if (max != null && max < 0) {
            throw new CliException(ExitCodes.USAGE, "--max must not be negative");
        }
        var args = args();
        PrintStream print = System.out;
        AtomicLong received = new AtomicLong();
        try (Controller controller = connection.controller(target, Path.of("."));
             Client client = ConnectionOptions.connect(controller)) {
            if (max != null && max == 0) {
                return ExitCodes.OK;
            }
            Interrupt.guard(client::close, () -> client.getSubroutineStream(name, args, (n, id, bytes) -> {
                if (out.text()) {
                    print.println(ident ? id + "\t" + format.render(bytes) : format.render(bytes));
                } else if (out.json) { // JSON lines: one object per chunk
                    print.println(OutputOptions.toJson(Map.of("ident", id, "chunk", format.render(bytes))));
                }
                if (print.checkError()) {
                    return false; // stdout is gone (e.g. "| head -3"): end the stream instead of streaming into nothing
                }
                return max == null || received.incrementAndGet() < max;
            }));
        }
        return ExitCodes.OK;
    }
}
