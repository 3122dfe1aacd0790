package dev.swarmnet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Map;

/**
 * Every use of Jackson in the command: {@code --json} summaries, {@code --as json} and JSON arguments.
 * Jackson takes a large share of a short command's start-up to load, so no other class names its types:
 * it is loaded when a command first needs JSON, never for {@code --help}, {@code ping} or a plain
 * {@code get}.
 */
final class Json {
    private Json() {
    }

    /** One line of JSON for a summary. */
    static String write(Map<String, ?> fields) {
        try {
            return Mapper.JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code bytes} re-written as one line of JSON; a FAILED error when they are not JSON. */
    static String reformat(byte[] bytes) {
        try {
            JsonNode node = Mapper.JSON.readTree(bytes);
            return Mapper.JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "the result is not JSON (try --as text or --as hex)");
        }
    }

    /** A command-line word that looks like JSON, as a value; a usage error when it is not JSON. */
    static Object argument(String word) {
        try {
            return Mapper.JSON.readValue(word, Object.class);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.USAGE, "argument " + word + " looks like JSON but is not: "
                    + e.getOriginalMessage() + " (quote text that starts with [, { or \" as a JSON string)");
        }
    }

    /** Made on first use. */
    private static final class Mapper {
        static final ObjectMapper JSON = JsonMapper.builder().build();
    }
}
