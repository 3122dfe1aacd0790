package dev.swarmnet.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** {@link Verbosity} and {@code --json}, for commands that print a summary. */
final class OutputOptions extends Verbosity {
    @Option(names = "--json", description = "Print one line of JSON (a summary for scripts) instead of text.")
    boolean json;

    /** Progress bars only for a person watching a terminal. */
    boolean showProgress() {
        return text() && System.console() != null;
    }

    /** Human text, unless quiet or JSON. */
    @Override
    boolean text() {
        return !quiet && !json;
    }

    static String toJson(Map<String, ?> fields) {
        return Json.write(fields);
    }
}
