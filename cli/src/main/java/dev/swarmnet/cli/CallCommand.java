package dev.swarmnet.cli;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "call", mixinStandardHelpOptions = true,
        header = "Call a batch subroutine and print its result.",
        description = "Calls a batch subroutine and prints what it returned: as text when it is printable"
                + " UTF-8, else as hex (choose with --as), or writes the raw bytes to --out FILE.",
        footer = {"%nExamples:",
                "  swarmnet call pi.local mount_usage 123 --as float",
                "  swarmnet call 127.0.0.1 echo '\"42\"'            # the text 42, not the number",
                "  swarmnet call 127.0.0.1 remove_logs /var/log/app --kw older_than_days=7"})
final class CallCommand extends SubroutineCommand implements Callable<Integer> {
    @Option(names = "--as", paramLabel = "FORMAT", defaultValue = "auto",
            description = "How to print the result: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; numbers"
                    + " are big-endian, as Bytes writes them).")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the raw result to FILE instead of printing it.")
    Path outFile;

    @Override
    public Integer call() throws Exception {
        var args = args();
        try (Controller controller = connection.controller(target, Path.of("."));
             Client client = ConnectionOptions.connect(controller)) {
            byte[] result = client.getSubroutineBatch(name, args);
            if (outFile != null) {
                Files.write(outFile, result);
            } else if (out.text() && (result.length > 0 || format != Format.AUTO)) {
                System.out.println(format.render(result));
            }
            if (out.json) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("subroutine", name);
                fields.put("bytes", result.length);
                fields.put("result", outFile != null ? null : format.render(result));
                System.out.println(OutputOptions.toJson(fields));
            }
        }
        return ExitCodes.OK;
    }
}
