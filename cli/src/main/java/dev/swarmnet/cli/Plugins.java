package dev.swarmnet.cli;

import dev.swarmnet.Subroutine;
import dev.swarmnet.SubroutineProvider;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads subroutines from plugin jars: each jar gets a class loader (parent: swarmnet's, so the plugin
 * shares swarmnet's API classes) and every {@link SubroutineProvider} it lists in
 * {@code META-INF/services/dev.swarmnet.SubroutineProvider} is asked for its subroutines. The loaders stay
 * open while the gateway runs: the subroutines' classes live in them.
 */
final class Plugins {
    private Plugins() {
    }

    /** The subroutines of {@code jar}, by name; a failure names the jar and what went wrong (exit 1 or 2). */
    static Map<String, Subroutine> load(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new CliException(ExitCodes.USAGE, "plugin " + jar + ": no such file");
        }
        URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new CliException(ExitCodes.USAGE, "plugin " + jar + ": " + e.getMessage());
        }
        @SuppressWarnings("resource") // lives as long as the gateway: the subroutines' classes come from it
        URLClassLoader loader = new URLClassLoader("plugin " + jar.getFileName(), new URL[] {url},
                Plugins.class.getClassLoader());
        Map<String, Subroutine> all = new LinkedHashMap<>();
        int providers = 0;
        try {
            for (SubroutineProvider provider : ServiceLoader.load(SubroutineProvider.class, loader)) {
                if (provider.getClass().getClassLoader() != loader) {
                    continue; // a provider of swarmnet itself or of another plugin, seen through the parent
                }
                providers++;
                Map<String, Subroutine> subs = provider.subroutines();
                for (Map.Entry<String, Subroutine> e : subs.entrySet()) {
                    if (all.put(e.getKey(), e.getValue()) != null) {
                        throw new CliException(ExitCodes.FAILED, "plugin " + jar + " defines subroutine '" + e.getKey()
                                + "' twice");
                    }
                }
            }
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            if (e instanceof CliException c) {
                throw c;
            }
            Throwable cause = e.getCause() != null && e instanceof ServiceConfigurationError ? e.getCause() : e;
            throw new CliException(ExitCodes.FAILED, "plugin " + jar + ": " + e.getMessage()
                    + (cause != e ? " (" + cause + ")" : ""), e);
        }
        if (providers == 0) {
            throw new CliException(ExitCodes.FAILED, "plugin " + jar + " lists no dev.swarmnet.SubroutineProvider in"
                    + " META-INF/services/dev.swarmnet.SubroutineProvider");
        }
        return all;
    }
}
