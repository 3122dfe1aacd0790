package dev.swarmnet.cli;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.ListedFile;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", mixinStandardHelpOptions = true,
        header = "List a folder of a gateway's shares.",
        description = "Lists the files of a folder on the gateway, without fetching them: size, modification time"
                + " (UTC) and path, one file a line, in the order a download fetches them; with -r its sub-folders"
                + " too. The same filters as get.",
        footer = {"%nExamples:", "  swarmnet ls pi.local /var/log/app -r --include '*.log'",
                "  swarmnet ls pi.local logs --json"})
final class LsCommand extends ClientCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Parameters(index = "1", paramLabel = "FOLDER",
            description = "A folder on the gateway: its absolute path inside a share, or a path relative to a share.")
    String folder;

    @Option(names = {"-r", "--recursive"}, description = "Include sub-folders.")
    boolean recursive;

    @Option(names = "--regex", paramLabel = "RE", description = "Only files whose relative path matches RE entirely.")
    String regex;

    @Option(names = "--include", paramLabel = "GLOB", description = "Only files matching GLOB (as get); repeatable.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "No file matching GLOB (as get); repeatable.")
    List<String> excludes = new ArrayList<>();

    @ArgGroup(validate = false, heading = Verbosity.HEADING, order = Verbosity.ORDER)
    OutputOptions out = new OutputOptions();

    @Override
    public Integer call() throws Exception {
        FileQuery query = query();
        List<ListedFile> files;
        try (Controller controller = connection.controller(target, Path.of("."));
             Client client = ConnectionOptions.connect(controller)) {
            files = client.listFiles(query);
        }
        if (out.json) {
            List<Map<String, Object>> entries = new ArrayList<>(files.size());
            for (ListedFile f : files) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("path", f.path());
                e.put("size", f.size());
                e.put("modified", f.modified().toString());
                entries.add(e);
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("ok", true);
            fields.put("files", entries);
            System.out.println(OutputOptions.toJson(fields));
        } else if (!out.quiet) {
            StringBuilder text = new StringBuilder();
            for (ListedFile f : files) {
                text.append(String.format(Locale.ROOT, "%12d  %s  %s%n", f.size(), TIME.format(f.modified()),
                        f.path()));
            }
            System.out.print(text);
        }
        return ExitCodes.OK;
    }

    private FileQuery query() {
        try {
            FileQuery q = FileQuery.folder(folder).recursive(recursive)
                    .include(includes.toArray(String[]::new)).exclude(excludes.toArray(String[]::new));
            return regex != null ? q.regex(regex) : q;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
