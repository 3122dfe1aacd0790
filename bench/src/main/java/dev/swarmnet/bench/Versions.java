package dev.swarmnet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Versions of the compared libraries, written into bench.properties by Maven resource
 * filtering: the shaded jar merges all manifests, so they cannot be read from there.
 */
final class Versions {

    private static final Properties PROPERTIES = load();

    private Versions() {
    }

    static String get(String key) {
        return PROPERTIES.getProperty(key, "(unknown)");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/bench.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
