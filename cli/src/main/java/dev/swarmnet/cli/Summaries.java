package dev.swarmnet.cli;

import dev.swarmnet.FileFailure;
import dev.swarmnet.SkippedFile;
import dev.swarmnet.TransferReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary a transfer prints, and its exit code (4 when some files failed). */
final class Summaries {
    private Summaries() {
    }

    /**
     * @param elapsed the command's own time for the transfer (connecting, listing and moving the files): the
     *                progress bar's clock, which the summary's time and rates use too
     */
    static int transfer(String verb, TransferReport report, Duration elapsed, int connections, String where,
            OutputOptions out) {
        return transfer(verb, report, elapsed, connections, where, out, false, false);
    }

    /**
     * A download's summary: as {@link #transfer}, with the count of the entries the gateway skipped (links,
     * special files) always, and with -v each of them on its own line.
     */
    static int download(TransferReport report, Duration elapsed, int connections, String where, OutputOptions out) {
        return transfer("received", report, elapsed, connections, where, out, true, out.verbose);
    }

    /**
     * A folder upload's summary: as {@link #download}, with the count of the entries not sent on purpose (links,
     * special files) always, and with -v each of them.
     */
    static int upload(TransferReport report, Duration elapsed, int connections, String where, OutputOptions out) {
        return transfer("sent", report, elapsed, connections, where, out, true, out.verbose);
    }

    private static int transfer(String verb, TransferReport report, Duration elapsed, int connections, String where,
            OutputOptions out, boolean countSkipped, boolean listSkipped) {
        double seconds = elapsed.toNanos() / 1e9;
        double megabytesPerSecond = seconds > 0 ? report.bytes() / 1e6 / seconds : 0;
        if (out.json) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("ok", report.succeeded());
            fields.put("files", report.files());
            fields.put("unchanged", report.unchanged());
            fields.put("bytes", report.bytes());
            if (report.resumed() > 0 || report.kept() > 0) {
                fields.put("resumedBytes", report.resumed());
                fields.put("keptBytes", report.kept());
            }
            fields.put("seconds", round(seconds));
            if (!report.listing().isZero()) {
                fields.put("listingSeconds", round(report.listing().toNanos() / 1e9));
            }
            fields.put("mbPerSecond", round(megabytesPerSecond));
            fields.put("filesPerSecond", round(seconds > 0 ? report.files() / seconds : 0));
            fields.put("connections", connections);
            List<Map<String, String>> failed = new ArrayList<>();
            for (FileFailure f : report.failures()) {
                failed.add(Map.of("path", f.path(), "reason", f.reason()));
            }
            fields.put("failed", failed);
            if (countSkipped) {
                List<Map<String, String>> skipped = new ArrayList<>();
                for (SkippedFile s : report.skipped()) {
                    skipped.add(Map.of("path", s.path(), "reason", s.reason()));
                }
                fields.put("skipped", skipped);
            }
            System.out.println(OutputOptions.toJson(fields));
        } else if (!out.quiet) {
            System.out.println(String.format(Locale.ROOT, "%s %,d file%s (%s) %s in %.2f s: %.1f MB/s, %,.0f files/s"
                    + " over %d connection%s", verb, report.files(), report.files() == 1 ? "" : "s",
                    bytes(report.bytes()), where, seconds, megabytesPerSecond,
                    seconds > 0 ? report.files() / seconds : 0.0, connections, connections == 1 ? "" : "s")
                    + (report.unchanged() == 0 ? "" : String.format(Locale.ROOT, "; %,d unchanged (already there)",
                            report.unchanged()))
                    + (report.resumed() == 0 ? "" : "; " + bytes(report.resumed()) + " resumed (not sent again)")
                    + (countSkipped ? String.format(Locale.ROOT, "; %,d skipped", report.skipped().size()) : ""));
            if (listSkipped) {
                for (SkippedFile s : report.skipped()) {
                    System.out.println("skipped: " + s.path() + ": " + s.reason());
                }
            }
        }
        if (report.succeeded()) {
            return ExitCodes.OK;
        }
        System.out.flush();
        for (FileFailure f : report.failures()) {
            System.err.println("failed: " + f.path() + ": " + Hints.forCli(f.reason()));
        }
        if (report.kept() > 0) {
            System.err.println(bytes(report.kept()) + " kept; " + RESUME_HINT);
        }
        throw new CliException(ExitCodes.PARTIAL, report.failures().size() + " of "
                + (report.files() + report.failures().size()) + " files failed (listed above)");
    }

    private static final String RESUME_HINT = "run the same command again to resume";

    /** What Ctrl-C leaves to say about a transfer it cut: what was kept for the next run, if anything. */
    static String interrupted(TransferReport report) {
        return report.kept() > 0 ? "interrupted: " + bytes(report.kept()) + " kept; " + RESUME_HINT : null;
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
