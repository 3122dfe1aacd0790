package dev.swarmnet.cli;

import dev.swarmnet.FileFailure;
import dev.swarmnet.TransferReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary a transfer prints, and its exit code (4 when some files failed). */
final class Summaries {
    private Summaries() {
    }

    static int transfer(String verb, TransferReport report, int connections, String where, OutputOptions out) {
        double seconds = report.elapsed().toNanos() / 1e9;
        if (out.json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("ok", report.succeeded());
            fields.put("files", report.files());
            fields.put("bytes", report.bytes());
            fields.put("seconds", round(seconds));
            fields.put("mbPerSecond", round(report.megabytesPerSecond()));
            fields.put("filesPerSecond", round(seconds > 0 ? report.files() / seconds : 0));
            fields.put("connections", connections);
            List<Map<String, String>> failed = new ArrayList<>();
            for (FileFailure f : report.failures()) {
                failed.add(Map.of("path", f.path(), "reason", f.reason()));
            }
            fields.put("failed", failed);
            System.out.println(OutputOptions.toJson(fields));
        } else if (!out.quiet) {
            System.out.println(String.format(Locale.ROOT, "%s %,d file%s (%s) %s in %.2f s: %.1f MB/s, %,.0f files/s"
                    + " over %d connection%s", verb, report.files(), report.files() == 1 ? "" : "s",
                    bytes(report.bytes()), where, seconds, report.megabytesPerSecond(),
                    seconds > 0 ? report.files() / seconds : 0.0, connections, connections == 1 ? "" : "s"));
        }
        if (report.succeeded()) {
            return ExitCodes.OK;
        }
        System.out.flush();
        for (FileFailure f : report.failures()) {
            System.err.println("failed: " + f.path() + ": " + Hints.forCli(f.reason()));
        }
        throw new CliException(ExitCodes.PARTIAL, report.failures().size() + " of "
                + (report.files() + report.failures().size()) + " files failed (listed above)");
    }

    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        }
        if (n < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", n / 1e9);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
