package dev.swarmnet.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a dry run prints: each path that would move, then one line (or one JSON object); nothing moved. */
final class DryRun {
    /** One file that would move. */
    record Item(String path, long size) {
    }

    private DryRun() {
    }

    static int print(String verb, List<Item> items, String where, OutputOptions out) {
        long bytes = 0;
        for (Item i : items) {
            bytes += i.size();
        }
        if (out.json) {
            List<Map<String, Object>> files = new ArrayList<>(items.size());
            for (Item i : items) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("path", i.path());
                f.put("size", i.size());
                files.add(f);
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("ok", true);
            fields.put("dryRun", true);
            fields.put("bytes", bytes);
            fields.put("files", files);
            System.out.println(OutputOptions.toJson(fields));
        } else if (!out.quiet) {
            StringBuilder text = new StringBuilder();
            for (Item i : items) {
                text.append(i.path()).append(System.lineSeparator());
            }
            text.append(String.format(Locale.ROOT, "dry run: would %s %,d file%s (%s) %s; nothing moved%n", verb,
                    items.size(), items.size() == 1 ? "" : "s", Summaries.bytes(bytes), where));
            System.out.print(text);
        }
        return ExitCodes.OK;
    }
}
