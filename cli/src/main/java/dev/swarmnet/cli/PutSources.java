package dev.swarmnet.cli;

import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.SkippedFile;
import dev.swarmnet.TransferReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code put} sends, as the library's uploads: the plain files together, under their names in the dirname,
 * and each folder (with -r) as {@code <dirname>/<its name>/...}, as {@code cp -r} and {@code scp -r} place it.
 * Their reports are joined into one, the paths of each folder's files shown below the folder's name.
 */
final class PutSources {
    /** One upload: the plain files ({@code folder} null) or one folder's tree, and where it lands. */
    record Part(String dirname, List<Path> files, FileQuery folder, String shownPrefix) {
    }

    private PutSources() {
    }

    /**
     * The uploads of {@code sources} (resolved: existing files and folders) into {@code dirname}, the folders'
     * files selected by {@code filters} (applied to a copy naming the folder).
     */
    static List<Part> of(List<Path> sources, String dirname, Filters filters) {
        List<Path> plain = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        Map<String, Path> byName = new HashMap<>();
        for (Path source : sources) {
            if (!Files.isDirectory(source)) {
                plain.add(source);
                continue;
            }
            Path name = source.toAbsolutePath().normalize().getFileName();
            String shown = name == null ? "" : name.toString();
            Path before = byName.putIfAbsent(shown, source);
            if (before != null) {
                throw new CliException(ExitCodes.USAGE, "folders " + before + " and " + source
                        + " would land in the same place (" + (shown.isEmpty() ? "the dirname" : shown)
                        + "): send them with separate --dirname");
            }
            parts.add(new Part(join(dirname, shown), List.of(), filters.of(source.toString()),
                    shown.isEmpty() ? "" : shown + "/"));
        }
        if (!plain.isEmpty()) {
            parts.add(0, new Part(dirname, plain, null, ""));
        }
        return parts;
    }

    /** The regex and globs of a folder upload, as options gave them. */
    record Filters(String regex, List<String> includes, List<String> excludes) {
        FileQuery of(String folder) {
            FileQuery q = FileQuery.folder(folder).recursive(true);
            try {
                q = q.include(includes.toArray(String[]::new)).exclude(excludes.toArray(String[]::new));
                return regex != null ? q.regex(regex) : q;
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.USAGE, e.getMessage());
            }
        }
    }

    private static String join(String dirname, String name) {
        if (name.isEmpty()) {
            return dirname;
        }
        return dirname.isEmpty() || dirname.endsWith("/") ? dirname + name : dirname + "/" + name;
    }

    /** The reports of the parts as one, each path shown below its folder's name. */
    static TransferReport joined(List<Part> parts, List<TransferReport> reports) {
        int files = 0;
        int unchanged = 0;
        long bytes = 0;
        long resumed = 0;
        long kept = 0;
        Duration elapsed = Duration.ZERO;
        List<FileFailure> failures = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            TransferReport r = reports.get(i);
            String prefix = parts.get(i).shownPrefix();
            files += r.files();
            unchanged += r.unchanged();
            bytes += r.bytes();
            resumed += r.resumed();
            kept += r.kept();
            elapsed = elapsed.plus(r.elapsed());
            for (FileFailure f : r.failures()) {
                failures.add(new FileFailure(shown(prefix, f.path()), f.reason()));
            }
            for (SkippedFile s : r.skipped()) {
                skipped.add(new SkippedFile(shown(prefix, s.path()), s.reason()));
            }
        }
        return new TransferReport(files, bytes, elapsed, failures, Duration.ZERO, skipped, unchanged, resumed, kept);
    }

    /** A path of a folder's report below the folder's name ("." in a report is the folder itself). */
    private static String shown(String prefix, String path) {
        if (prefix.isEmpty()) {
            return path;
        }
        return path.equals(".") ? prefix.substring(0, prefix.length() - 1) : prefix + path;
    }
}
