package dev.swarmnet.cli;

/**
 * The library's error messages end with the Java call that fixes the problem
 * ({@code TlsConfig.client().pinSha256}, {@code Controller.builder().secret(...)}); a person at the
 * command line needs the option instead. Each phrase below is one such hint, exactly as the library (or
 * a gateway, in its error reply) words it, with the words that replace it; a message without them is
 * printed as it is. {@code ConnectionFailuresTest} provokes every one of these messages and fails if a
 * library hint is left in what the command prints.
 */
final class Hints {
    private static final String ADD_TLS = "add --tls (the JDK's CAs), --tls-ca PEM or --tls-pin SHA256";
    private static final String GIVE_SECRET = "give --secret-file FILE or set " + Secrets.SECRET_ENV;

    /** Library phrase -> command-line phrase, applied in this order. */
    static final String[][] PHRASES = {
            // TLS handshake failures (the controller's side)
            {"(TlsConfig.client().pinSha256)", "(--tls-pin)"},
            {"Configure Gateway.builder().tls(...) there, or leave tls(...) out of this controller",
                    "Start it with TLS (swarmnet gateway --tls-cert/--tls-key or --tls-keystore), or leave out --tls"
                            + " and the --tls-* options"},
            {"use TlsConfig.client().hostnameVerification(false)", "use --no-hostname-check"},
            {"(TlsConfig.client().trustCertificates or trustStore)",
                    "(--tls-ca PEM names the CA to trust, --tls-pin SHA256 one certificate)"},
            {"configure TlsConfig.client().clientCertificate(...) or clientKeyStore(...)",
                    "give --tls-cert PEM --tls-key PEM"},
            // a plain controller and a TLS gateway
            {"(if it requires TLS, configure Controller.builder().tls(...))", "(if it requires TLS, " + ADD_TLS + ")"},
            {"configure the controller with Controller.builder().tls(TlsConfig.client()...)", ADD_TLS},
            // the shared secret
            {"requires a shared secret: this gateway requires a shared secret; ", "requires a shared secret: "},
            {"configure the controller with Controller.builder().secret(...)", GIVE_SECRET},
            {"configure Controller.builder().secret(...)", GIVE_SECRET},
            {"(give the gateway the same secret, or remove it from the controller)",
                    "(give the gateway the same secret, or leave out --secret-file and unset " + Secrets.SECRET_ENV
                            + ")"},
            // permissions
            {"(Gateway.builder().allowRemoteShutdown(false))",
                    "(a 'swarmnet gateway' allows it only when started with --allow-remote-close)"},
    };

    private Hints() {
    }

    /** {@code message} with the library's hints replaced by the options that do the same. */
    static String forCli(String message) {
        if (message == null) {
            return null;
        }
        String text = message;
        for (String[] p : PHRASES) {
            text = text.replace(p[0], p[1]);
        }
        return text;
    }
}
