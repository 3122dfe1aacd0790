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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "put", mixinStandardHelpOptions = true,
        header = "Upload files (and with -r folders) into the gateway's download folder.",
        description = {"Uploads files into the gateway's download folder (under --dirname), each under its own name,"
                + " verified and placed atomically. With -c N above 1 the files are dealt out over a swarm.",
                "With -r a folder DIR arrives with its tree as <dirname>/<DIR's name>/... (as cp -r and scp -r"
                + " place it), files keeping their paths relative to DIR; its folders are created (empty ones too)"
                + " and given their times and bits after their files. Links and special files in the tree are not"
                + " sent: they are counted as skipped (-v lists them). --include, --exclude and --regex select as"
                + " get's do (then no folder is placed but those the files need).",
                "Each file keeps its modification time and permission bits (the gateway drops write access for"
                + " group and others; --no-perms: the gateway's default instead).",
                "Cut short, a file sent in stripes (-c N above 1) keeps its verified stripes on the gateway for"
                + " its retention (1 hour by default): the same command run again sends only the rest.",
                "Exit 4 (and the failed files on stderr) when some files failed."},
        footer = {"%nExamples:",
                "  swarmnet put pi.local model.bin config.json --dirname backup",
                "  swarmnet put 127.0.0.1 logs/*.log -c 4",
                "  swarmnet put -r pi.local src --dirname backup --exclude build/ --exclude '*.tmp'"})
final class PutCommand extends ClientCommand implements Callable<Integer> {
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "Local files to send (with -r"
            + " folders too).")
    List<Path> files;

    @Option(names = {"-r", "--recursive"}, description = "Send folders with their trees, as <dirname>/<DIR's name>/..."
            + "; plain files given beside them keep just their names.")
    boolean recursive;

    @Option(names = "--regex", paramLabel = "RE", description = "With -r: only files whose path relative to their"
            + " folder matches RE entirely (java.util.regex).")
    String regex;

    @Option(names = "--include", paramLabel = "GLOB", description = "With -r: only files matching GLOB (rsync-like:"
            + " *, **, ?, [..]; a GLOB without '/' matches a name at any depth); repeatable.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "With -r: no file matching GLOB (as --include; 'build/' is a folder); repeatable.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--dirname", paramLabel = "D", defaultValue = "",
            description = "A folder under the gateway's download folder (default: the download folder itself).")
    String dirname;

    @Mixin
    SwarmOptions connections;

    @Option(names = "--no-perms", description = "Do not send the files' permission bits: the gateway's default"
            + " applies.")
    boolean noPerms;

    @Mixin
    ExistingOptions existing;
    @ArgGroup(validate = false, heading = Verbosity.HEADING, order = Verbosity.ORDER)
    OutputOptions out = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        connections.check();
        if (!recursive && (regex != null || !includes.isEmpty() || !excludes.isEmpty())) {
            throw new CliException(ExitCodes.USAGE, "--regex, --include and --exclude apply to folders: add -r");
        }
        List<PutSources.Part> parts = PutSources.of(LocalFiles.resolve(this.files, recursive), dirname,
                new PutSources.Filters(regex, includes, excludes));
        String where = "to " + target + (dirname.isEmpty() ? "" : " (" + dirname + ")");
        if (existing.dryRun) {
            try (Controller controller = connection.controller(target, Path.of("."), existing.policy(), !noPerms);
                 Client client = ConnectionOptions.connect(controller)) {
                List<DryRun.Item> items = new ArrayList<>();
                for (PutSources.Part part : parts) {
                    List<Path> toSend = part.folder() == null ? client.filesToSend(part.dirname(), part.files())
                            : client.filesToSend(part.dirname(), part.folder());
                    for (Path f : toSend) {
                        items.add(new DryRun.Item(f.toString(), Files.size(f)));
                    }
                }
                return DryRun.print("send", items, where, out);
            }
        }
        try (Controller controller = connection.uploadController(target, existing.policy(), !noPerms);
             TransferProgress progress = TransferProgress.create("put", out.showProgress())) {
            List<TransferReport> reports = new ArrayList<>();
            int used = connections.count;
            if (connections.single()) {
                try (Client client = ConnectionOptions.connect(controller)) {
                    for (PutSources.Part part : parts) {
                        reports.add(Interrupt.guard(controller::close, () -> part.folder() == null
                                ? client.sendFilesToGateway(part.dirname(), part.files(), progress)
                                : client.sendFolderToGateway(part.dirname(), part.folder(), progress),
                                Summaries::interrupted));
                    }
                }
            } else {
                try (Swarm swarm = connections.open(controller, out, "swarmnet put")) {
                    used = swarm.size();
                    for (PutSources.Part part : parts) {
                        reports.add(Interrupt.guard(controller::close, () -> part.folder() == null
                                ? swarm.sendFilesToGateway(part.dirname(), part.files(), progress)
                                : swarm.sendFolderToGateway(part.dirname(), part.folder(), progress),
                                Summaries::interrupted));
                    }
                }
            }
            TransferReport report = PutSources.joined(parts, reports);
            return recursive ? Summaries.upload(report, progress.elapsed(), used, where, out)
                    : Summaries.transfer("sent", report, progress.elapsed(), used, where, out);
        }
    }
}
