package dev.swarmnet.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the gateway's and the client commands' TLS and secret options share: the shared secret from
 * {@code --secret-file} or the environment, and the refusal of a secret typed as an argument.
 */
abstract class SecretOptions {
    /** The heading and place in the help of the group these options are declared in: the last. */
    static final String HEADING = "%nTLS and shared secret:%n";
    static final int ORDER = 3;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** {@code --secret-file}: each side describes it in its own words. */
    abstract Path secretFile();

    /** A secret typed as an argument: refused at once, saying why (hidden from the help). */
    @Option(names = "--secret", hidden = true, arity = "0..1", paramLabel = "SECRET")
    void secretOnCommandLine(String ignored) {
        throw Secrets.refused(command, "--secret", "--secret-file FILE (chmod 600) or the environment variable "
                + Secrets.SECRET_ENV);
    }

    /**
     * Hands the shared secret, if there is one, to {@code use} (a builder's {@code secret}), then wipes it;
     * whether there was one. What {@code use} refuses is a usage error naming where the secret came from.
     */
    boolean applySecret(Consumer<byte[]> use) {
        byte[] secret = Secrets.sharedSecret(secretFile());
        if (secret == null) {
            return false;
        }
        try {
            use.accept(secret);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, Secrets.secretSource(secretFile()) + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return true;
    }
}
