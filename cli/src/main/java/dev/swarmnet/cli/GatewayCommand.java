package dev.swarmnet.cli;

import dev.swarmnet.Gateway;
import dev.swarmnet.Subroutine;
import dev.swarmnet.Subroutines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

@Command(name = "gateway", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Serve subroutines and shared folders until Ctrl-C.",
        description = {"Runs a gateway: serves the subroutines of its plugins and the files of its shared folders"
                + " until Ctrl-C (or, with --allow-remote-close, a client's 'swarmnet close HOST --gateway').",
                "Closed by default: it shares only the folders given with --share (read-only), accepts uploads only"
                + " into a folder given with --download-dir (outside every share), and refuses remote close unless"
                + " --allow-remote-close. With no --share it shares nothing and says so; --demo serves a generated"
                + " demo folder.",
                "Security (SECURITY.md): TLS with --tls-cert/--tls-key or --tls-keystore, clients proving a shared"
                + " secret with --secret-file, client certificates with --tls-client-ca. It warns on stderr when it"
                + " listens beyond loopback without TLS or without client authentication.",
                "When it listens it prints one line: 'swarmnet gateway ready on port N ...'."},
        footer = {"%nExamples:",
                "  swarmnet gateway --share /var/log/app --plugin sensors.jar",
                "  swarmnet gateway --share ~/photos --download-dir ~/inbox  # downloads and uploads",
                "  swarmnet gateway --port 0 --bind 127.0.0.1 --demo  # free port, loopback only, demo folder",
                "  swarmnet gateway --share /srv/exports --no-uploads --secret-file secret \\",
                "      --tls-cert gateway-chain.pem --tls-key gateway-key.pem  # a safe gateway"})
final class GatewayCommand implements Callable<Integer> {
    /** Small files in the folder {@code --demo} generates when no --share is given, and its large file's MiB. */
    private static final int DEMO_FILES = 200;
    private static final int DEMO_LARGE_MIB = 1;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "1857",
            description = "The port to listen on (default: ${DEFAULT-VALUE}, pynetwork's); 0 picks a free one.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "The local address to listen on (default: all interfaces, like pynetwork; 127.0.0.1 keeps"
                    + " it local).")
    String bind;

    @Option(names = "--share", paramLabel = "DIR",
            description = "A folder to serve for download (read-only); repeatable. Without it nothing is shared"
                    + " (never the current folder).")
    List<Path> shares = new ArrayList<>();

    @Option(names = "--download-dir", paramLabel = "DIR",
            description = "Accept uploads into this folder (created if missing), which must lie outside every"
                    + " share. Without it uploads are refused (FORBIDDEN).")
    Path downloadDir;

    @Option(names = "--no-uploads", description = "Refuse every upload (FORBIDDEN), even with --download-dir.")
    boolean noUploads;

    @Option(names = "--allow-remote-close",
            description = "Let clients stop the gateway ('swarmnet close HOST --gateway'). Refused by default"
                    + " (FORBIDDEN): only Ctrl-C or a signal on this host stops it.")
    boolean allowRemoteClose;

    @Option(names = "--pool", paramLabel = "N", defaultValue = "5",
            description = "How many clients may be connected at once (default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--plugin", paramLabel = "JAR",
            description = "A jar of subroutines (see docs/PLUGINS.md); repeatable.")
    List<Path> plugins = new ArrayList<>();

    @Option(names = "--demo", description = "Serve the demo subroutines (mount_usage, set_io, sensor, echo) and,"
            + " without --share, a generated folder of demo files (removed when the gateway stops).")
    boolean demo;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Close a connection that sent no request for this long (seconds, or with a unit: 30s,"
                    + " 5m, 1h; 0: never; default: 10m).")
    Duration idleTimeout;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "On Ctrl-C or a remote close, let requests in flight finish for up to this long (0: cut"
                    + " at once; default: 5s).")
    Duration shutdownGrace;

    @Option(names = "--upload-retention", paramLabel = "DURATION", converter = Units.DurationConverter.class,
            description = "Keep the verified stripes of a cut striped upload this long after its last progress, for"
                    + " its client to continue (0: keep nothing; default: 1h).")
    Duration uploadRetention;

    @Option(names = "--max-args-size", paramLabel = "BYTES", converter = Units.BytesConverter.class,
            description = "The most bytes of encoded arguments one call may carry (e.g. 65536, 64K, 4M; default:"
                    + " 1M); larger calls are refused with LIMIT_EXCEEDED.")
    Integer maxArgsSize;

    @Option(names = "--max-files-per-query", paramLabel = "N",
            description = "The most files one download may select (default: 100000); more is LIMIT_EXCEEDED.")
    Integer maxFilesPerQuery;

    @Option(names = "--metrics", paramLabel = "[ADDR:]PORT",
            description = "Serve metrics in Prometheus' text format at http://ADDR:PORT/metrics: calls, transfers,"
                    + " connections, the pool, stalls, the JVM (ADDR defaults to 127.0.0.1; PORT 0 picks one).")
    String metrics;

    @ArgGroup(validate = false, heading = Verbosity.HEADING, order = Verbosity.ORDER)
    Verbosity out = new Verbosity();

    @ArgGroup(validate = false, heading = SecretOptions.HEADING, order = SecretOptions.ORDER)
    GatewaySecurity security = new GatewaySecurity();

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port must be 0..65535, got " + port);
        }
        if (pool < 1) {
            throw new CliException(ExitCodes.USAGE, "--pool must be at least 1, got " + pool);
        }
        Gateway.Builder builder = Gateway.builder().port(port).maxPoolSize(pool).verbose(out.verbose)
                .allowRemoteShutdown(allowRemoteClose);
        InetAddress bindAddress = bind == null ? null : address(bind);
        if (bindAddress != null) {
            builder.bindAddress(bindAddress);
        }
        boolean tls = security.applyTls(builder);
        boolean secret = security.applySecret(builder::secret);
        limits(builder);
        Path demoFolder = shares.isEmpty() && demo ? generateDemoFolder() : null;
        // Ctrl-C's hook and this thread may both get here: the second waits for the first, then has nothing to do.
        Runnable removeDemoFolder = new Runnable() {
            private boolean removed = demoFolder == null;

            @Override
            public synchronized void run() {
                if (!removed) {
                    removed = true;
                    DemoFolder.deleteQuietly(demoFolder);
                }
            }
        };
        try {
            return serve(builder, served(demoFolder), bindAddress, tls, secret, removeDemoFolder);
        } finally {
            removeDemoFolder.run();
        }
    }

    /** Runs the gateway until it is closed; {@code onCtrlC} runs after it closed on Ctrl-C (the JVM then ends). */
    private int serve(Gateway.Builder builder, List<Path> served, InetAddress bindAddress, boolean tls,
            boolean secret, Runnable onCtrlC) throws Exception {
        served.forEach(builder::share);
        Path uploads = noUploads ? null : downloadDir;
        builder.allowUploads(uploads != null).downloadDir(uploads != null ? uploads : unusedDownloadDir(served));

        Map<String, Subroutine> subroutines = new LinkedHashMap<>();
        if (demo) {
            subroutines.putAll(Subroutines.of(new DemoSubroutines(served.isEmpty() ? Path.of(".") : served.get(0))));
        }
        for (Path jar : plugins) {
            Map<String, Subroutine> fromJar = Plugins.load(jar);
            for (String name : fromJar.keySet()) {
                if (subroutines.containsKey(name)) {
                    throw new CliException(ExitCodes.FAILED, "plugin " + jar + " defines subroutine '" + name
                            + "', which another plugin (or --demo) defines too");
                }
            }
            subroutines.putAll(fromJar);
        }

        InetSocketAddress metricsAddress = metrics == null ? null : metricsAddress(metrics);
        try (Gateway gateway = builder.build(); MetricsEndpoint endpoint = metricsAddress == null ? null
                : MetricsEndpoint.start(metricsAddress)) {
            subroutines.forEach(gateway::addSubroutine);
            Interrupt.guard(() -> {
                gateway.close();
                onCtrlC.run();
            }, () -> {
                gateway.start(false);
                String warning = exposureWarning(bindAddress, gateway.port(), tls,
                        secret || security.clientCertificates());
                if (warning != null) {
                    System.err.println("swarmnet gateway: warning: " + warning);
                    System.err.flush();
                }
                say("swarmnet gateway ready on port " + gateway.port()
                        + " (" + (bind == null ? "all interfaces" : bind) + "), pool " + pool
                        + ", " + (!tls ? "plain TCP"
                                : security.clientCertificates() ? "TLS, client certificates required" : "TLS")
                        + (secret ? ", shared secret required" : "")
                        + "; sharing " + (served.isEmpty() ? "nothing"
                                : String.join(", ", served.stream().map(Path::toString).toList()))
                        + "; " + (uploads != null ? "uploads to " + uploads.toAbsolutePath().normalize() : "uploads refused")
                        + "; remote close " + (allowRemoteClose ? "allowed" : "refused")
                        + "; subroutines: " + (subroutines.isEmpty() ? "none" : String.join(", ", gateway.subroutineNames()))
                        + (endpoint == null ? "" : "; metrics at http://" + hostInUrl(metricsAddress) + ":"
                                + endpoint.port() + "/metrics"));
                System.out.flush();
                gateway.awaitClose();
                return null;
            });
        }
        say("gateway closed");
        return ExitCodes.OK;
    }

    /** The folders to share: those given, the generated demo folder, or none (said so). */
    private List<Path> served(Path demoFolder) {
        List<Path> served = new ArrayList<>();
        if (demoFolder != null) {
            say("--demo without --share: sharing a generated demo folder " + demoFolder
                    + " (read-only; removed when the gateway stops)");
            served.add(demoFolder);
        } else if (shares.isEmpty()) {
            say("no --share given: sharing no folders (--share DIR serves one, --demo a generated demo folder)");
        }
        for (Path share : shares) {
            if (!Files.isDirectory(share)) {
                throw new CliException(ExitCodes.USAGE, "--share " + share + ": not a folder");
            }
            served.add(share.toAbsolutePath().normalize());
        }
        return served;
    }

    /** A line on stdout, unless -q. */
    private void say(String line) {
        if (out.text()) {
            System.out.println(line);
        }
    }

    private static Path generateDemoFolder() throws IOException {
        Path folder = Files.createTempDirectory("swarmnet-demo-share-").toRealPath();
        DemoFolder.generate(folder.resolve("logs"), DEMO_FILES, DEMO_LARGE_MIB);
        return folder;
    }

    /**
     * The library wants a download folder outside the shares even when uploads are refused; this one is
     * never created or written (no upload is accepted), and no folder of the user's is named.
     */
    private static Path unusedDownloadDir(List<Path> served) {
        Path unused = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()
                .resolve("swarmnet-no-uploads-" + ProcessHandle.current().pid());
        for (Path share : served) {
            if (overlaps(unused, share)) {
                throw new CliException(ExitCodes.USAGE, "the share " + share + " holds the temporary folder; even"
                        + " with uploads refused the gateway needs a download folder outside every share: name one"
                        + " with --download-dir DIR (nothing is written there)");
            }
        }
        return unused;
    }

    /** Whether one folder lies in the other (symbolic links of the existing part resolved), as the library checks. */
    private static boolean overlaps(Path a, Path b) {
        Path x = real(a);
        Path y = real(b);
        return x.startsWith(y) || y.startsWith(x);
    }

    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? absolute : existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    private void limits(Gateway.Builder builder) {
        CliException.usageErrors(() -> {
            if (idleTimeout != null) {
                builder.idleTimeout(idleTimeout);
            }
            if (shutdownGrace != null) {
                builder.shutdownGracePeriod(shutdownGrace);
            }
            if (uploadRetention != null) {
                builder.resumableUploadRetention(uploadRetention);
            }
            if (maxArgsSize != null) {
                builder.maxArgsSize(maxArgsSize);
            }
            if (maxFilesPerQuery != null) {
                builder.maxFilesPerQuery(maxFilesPerQuery);
            }
        });
    }

    /**
     * The one-line warning for a gateway that listens beyond loopback without TLS, or without authenticating
     * its clients (a shared secret or client certificates); null when there is nothing to warn about.
     */
    static String exposureWarning(InetAddress bind, int port, boolean tls, boolean clientsAuthenticated) {
        if (bind != null && bind.isLoopbackAddress() || tls && clientsAuthenticated) {
            return null;
        }
        String where = "listening on " + (bind == null || bind.isAnyLocalAddress() ? "all interfaces"
                : bind.getHostAddress()) + " without ";
        String anyone = "anyone who can reach port " + port + " can call its subroutines and read its shares";
        if (!tls && !clientsAuthenticated) {
            return where + "TLS or a shared secret: " + anyone + ", and the traffic can be read and altered on the way"
                    + " (--bind 127.0.0.1 keeps it local; SECURITY.md has the safe setup)";
        }
        if (!tls) {
            return where + "TLS: the traffic after the secret handshake can be read and altered on the way (add"
                    + " --tls-cert/--tls-key; see SECURITY.md)";
        }
        return where + "a shared secret: " + anyone + " (add --secret-file, or --tls-client-ca; see SECURITY.md)";
    }

    /** {@code [ADDR:]PORT}, ADDR a name, an IPv4 address or a bracketed IPv6 one; loopback without ADDR. */
    static InetSocketAddress metricsAddress(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : text.substring(0, colon).replace("[", "").replace("]", "");
        String portText = colon < 0 ? text : text.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535 || host.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--metrics " + text + ": the form is [ADDR:]PORT, PORT 0..65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new CliException(ExitCodes.USAGE, "--metrics " + text + ": unknown address " + host);
        }
    }

    private static String hostInUrl(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new CliException(ExitCodes.USAGE, "--bind " + text + ": unknown address");
        }
    }
}
