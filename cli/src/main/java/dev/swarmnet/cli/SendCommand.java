package dev.swarmnet.cli;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "send", mixinStandardHelpOptions = true,
        header = "Send a buffer to a send subroutine and print its int.",
        description = "Sends the bytes of a file (or of stdin, with --data -) to a send subroutine and prints the"
                + " int it returned.",
        footer = {"%nExamples:",
                "  swarmnet send pi.local set_io 2 --kw mode=fast --data commands.bin",
                "  echo -n 'stop' | swarmnet send pi.local drive --data -"})
final class SendCommand extends SubroutineCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "FILE", required = true,
            description = "The buffer to send: a file, or - for standard input.")
    String data;

    @Override
    public Integer call() throws Exception {
        var args = args();
        byte[] buffer = read();
        try (Controller controller = connection.controller(target, Path.of("."));
             Client client = ConnectionOptions.connect(controller)) {
            int result = client.sendSubroutineBatch(name, buffer, args);
            if (out.text()) {
                System.out.println(result);
            }
            if (out.json) {
                System.out.println(OutputOptions.toJson(Map.of("subroutine", name, "sent", buffer.length,
                        "result", result)));
            }
        }
        return ExitCodes.OK;
    }

    private byte[] read() throws IOException {
        if (data.equals("-")) {
            return System.in.readAllBytes();
        }
        Path file = Path.of(data);
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCodes.USAGE, "no such file: " + data);
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, "no such file: " + data);
        }
    }
}
