package dev.swarmnet.cli;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "put", mixinStandardHelpOptions = true,
        header = "Upload files into the gateway's download folder.",
        description = {"Uploads files into the gateway's download folder (under --dirname), each under its own name,"
                + " verified and placed atomically. With -c N above 1 the files are dealt out over a swarm.",
                "Each file keeps its modification time and permission bits (the gateway drops write access for"
                + " group and others; --no-perms: the gateway's default instead).",
                "Exit 4 (and the failed files on stderr) when some files failed."},
        footer = {"%nExamples:",
                "  swarmnet put pi.local model.bin config.json --dirname backup",
                "  swarmnet put 127.0.0.1 logs/*.log -c 4"})
final class PutCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "Local files to send.")
    List<Path> files;

    @Option(names = "--dirname", paramLabel = "D", defaultValue = "",
            description = "A folder under the gateway's download folder (default: the download folder itself).")
    String dirname;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "1",
            description = "Connections to use (default: ${DEFAULT-VALUE}); above 1 a swarm. A gateway with fewer free"
                    + " handlers gives what it has, and stderr says so; see --exact.")
    int connections;

    @Option(names = "--no-perms", description = "Do not send the files' permission bits: the gateway's default"
            + " applies.")
    boolean noPerms;

    @Mixin
    ExistingOptions existing;
    @Option(names = "--exact", description = "With -c N: fail (exit 3) unless the gateway gives all N connections.")
    boolean exact;

    @Mixin
    OutputOptions out;

    @Override
    public Integer call() throws Exception {
        if (connections < 1) {
            throw new CliException(ExitCodes.USAGE, "-c needs at least 1 connection, got " + connections);
        }
        List<Path> files = LocalFiles.resolve(this.files);
        String where = "to " + target + (dirname.isEmpty() ? "" : " (" + dirname + ")");
        if (existing.dryRun) {
            try (Controller controller = connection.controller(target, Path.of("."), existing.policy(), !noPerms);
                 Client client = ConnectionOptions.connect(controller)) {
                List<DryRun.Item> items = new ArrayList<>();
                for (Path f : client.filesToSend(dirname, files)) {
                    items.add(new DryRun.Item(f.toString(), Files.size(f)));
                }
                return DryRun.print("send", items, where, out);
            }
        }
        try (Controller controller = connection.uploadController(target, existing.policy(), !noPerms);
             TransferProgress progress = TransferProgress.create("put", out.showProgress())) {
            TransferReport report;
            int used = connections;
            if (connections == 1) {
                try (Client client = ConnectionOptions.connect(controller)) {
                    report = Interrupt.guard(controller::close, () -> client.sendFilesToGateway(dirname, files, progress),
                            Summaries::interrupted);
                }
            } else {
                try (Swarm swarm = ConnectionOptions.swarm(controller, connections, exact,
                        out.quiet ? null : "swarmnet put")) {
                    used = swarm.size();
                    report = Interrupt.guard(controller::close, () -> swarm.sendFilesToGateway(dirname, files, progress),
                            Summaries::interrupted);
                }
            }
            return Summaries.transfer("sent", report, progress.elapsed(), used, where, out);
        }
    }
}
