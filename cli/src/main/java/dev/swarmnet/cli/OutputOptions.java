package dev.swarmnet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --quiet} and {@code --json}, for commands that print a summary. */
final class OutputOptions {
    static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--json", description = "Print one line of JSON (a summary for scripts) instead of text.")
    boolean json;

    /** Progress bars only for a person watching a terminal. */
    boolean showProgress() {
        return !quiet && !json && System.console() != null;
    }

    /** Human text, unless quiet or JSON. */
    boolean text() {
        return !quiet && !json;
    }

    static String toJson(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
