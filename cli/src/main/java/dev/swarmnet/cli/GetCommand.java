package dev.swarmnet.cli;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.ListedFile;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "get", mixinStandardHelpOptions = true,
        header = "Download files (a folder by regex, or a list); -c N for a swarm.",
        description = {"Downloads files from a gateway's shared folders: a folder (optionally filtered by a regex,"
                + " optionally recursive) or a list of files. Every file is verified (CRC32C) and renamed into place"
                + " only when complete. With -c N above 1 the work is spread over a swarm of N connections.",
                "Files and folders keep their modification times and permission bits (rwx for user, group and"
                + " others; --no-perms: this host's default instead); a recursive folder's empty sub-folders are"
                + " made too. Links are not transferred unless -l makes them links here (only those that stay"
                + " inside the folder); devices, pipes and sockets never are: the summary counts what was not as"
                + " skipped, -v lists them. Hard links arrive as separate files, as with rsync -a without -H.",
                "Cut short (Ctrl-C, a kill, a gateway gone), a file of 8 MiB or more keeps what was verified in a"
                + " hidden partial beside it: the same command run again fetches only the rest. With one connection"
                + " a lost connection is retried for 15 s, as -c N does.",
                "Exit 4 (and the failed files on stderr) when some files failed; skipped entries do not count."},
        footer = {"%nExamples:",
                "  swarmnet get pi.local --folder /var/log/app --regex '.+\\.log' -c 4 -o logs",
                "  swarmnet get 127.0.0.1:1857 --file notes.txt --file data/big.bin"})
final class GetCommand extends ClientCommand implements Callable<Integer> {
    @Option(names = "--folder", paramLabel = "DIR",
            description = "A folder on the gateway: its absolute path inside a share, or a path relative to a share.")
    String folder;

    @Option(names = "--regex", paramLabel = "RE",
            description = "With --folder: only files whose path relative to the folder matches RE entirely.")
    String regex;

    @Option(names = {"-r", "--recursive"}, description = "With --folder: include sub-folders (kept as sub-folders).")
    boolean recursive;

    @Option(names = {"-l", "--links"}, description = "With --folder: a link whose target stays inside the folder"
            + " arrives as a link with the same target (as rsync -l), never followed; absolute links and links"
            + " leading out are skipped.")
    boolean links;

    @Option(names = "--include", paramLabel = "GLOB",
            description = "With --folder: only files matching GLOB (rsync-like: * within a name, ** across folders;"
                    + " a name without '/' matches at any depth, a folder's name everything in it); repeatable.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "With --folder: no file matching GLOB (as --include; 'build/' is a folder); repeatable.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--file", paramLabel = "PATH", arity = "1..*",
            description = "Files on the gateway (absolute inside a share, or relative to a share); repeatable.")
    List<String> files;

    @Mixin
    SwarmOptions connections;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Where the files land (default: the current folder); created if missing.")
    Path output;

    @Option(names = "--no-perms", description = "Give files and folders this host's default permissions (umask)"
            + " rather than the gateway's.")
    boolean noPerms;

    @Mixin
    ExistingOptions existing;

    @ArgGroup(validate = false, heading = Verbosity.HEADING, order = Verbosity.ORDER)
    OutputOptions out = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        FileQuery query = query();
        connections.check();
        OutputFolder.check(output);
        if (existing.dryRun) {
            try (Controller controller = connection.controller(target, output, existing.policy(), !noPerms);
                 Client client = ConnectionOptions.connect(controller)) {
                List<DryRun.Item> items = new ArrayList<>();
                for (ListedFile f : client.filesToGet(query)) {
                    items.add(new DryRun.Item(f.path(), f.size()));
                }
                return DryRun.print("receive", items, "into " + output, out);
            }
        }
        // The bar and the summary share one clock, started before connecting: what the user waits for.
        try (Controller controller = connection.controller(target, output, existing.policy(), !noPerms);
             TransferProgress progress = TransferProgress.create("get", out.showProgress())) {
            TransferReport report;
            int used = connections.count;
            if (connections.single()) {
                try (Client client = ConnectionOptions.connect(controller)) {
                    report = Interrupt.guard(controller::close, () -> client.getFilesFromGateway(query, progress),
                            Summaries::interrupted);
                }
            } else {
                try (Swarm swarm = connections.open(controller, out, "swarmnet get")) {
                    used = swarm.size();
                    report = Interrupt.guard(controller::close, () -> swarm.getFilesFromGateway(query, progress),
                            Summaries::interrupted);
                }
            }
            return Summaries.download(report, progress.elapsed(), used, "into " + output, out);
        }
    }

    private FileQuery query() {
        if ((folder == null) == (files == null)) {
            throw new CliException(ExitCodes.USAGE, "name either --folder DIR or --file PATH...");
        }
        if (files != null) {
            if (regex != null || recursive || links || !includes.isEmpty() || !excludes.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "--regex, --recursive, --links, --include and --exclude"
                        + " apply to --folder, not to --file");
            }
            return FileQuery.files(files.toArray(String[]::new));
        }
        FileQuery q = FileQuery.folder(folder).recursive(recursive).links(links);
        try {
            q = q.include(includes.toArray(String[]::new)).exclude(excludes.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
        return regex != null ? q.regex(regex) : q;
    }
}
