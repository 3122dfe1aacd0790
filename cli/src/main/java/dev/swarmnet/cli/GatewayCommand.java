package dev.swarmnet.cli;

import dev.swarmnet.Gateway;
import dev.swarmnet.Subroutine;
import dev.swarmnet.Subroutines;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gateway", mixinStandardHelpOptions = true,
        header = "Serve subroutines and shared folders until Ctrl-C.",
        description = {"Runs a gateway: serves the subroutines of its plugins and the files of its shared folders"
                + " until Ctrl-C or a client's 'swarmnet close HOST --gateway'.",
                "Shares are read-only: downloads are served only from them, and uploads land only in the download"
                + " folder. With no --share it shares the current folder and says so.",
                "When it listens it prints one line: 'swarmnet gateway ready on port N ...'."},
        footer = {"%nExamples:",
                "  swarmnet gateway --share /var/log/app --plugin sensors.jar",
                "  swarmnet gateway --port 0 --bind 127.0.0.1 --demo     # any free port, loopback only"})
final class GatewayCommand implements Callable<Integer> {
    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "1857",
            description = "The port to listen on (default: ${DEFAULT-VALUE}, pynetwork's); 0 picks a free one.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "The local address to listen on (default: all interfaces, like pynetwork).")
    String bind;

    @Option(names = "--share", paramLabel = "DIR",
            description = "A folder to serve for download (read-only); repeatable. Default: the current folder.")
    List<Path> shares = new ArrayList<>();

    @Option(names = "--download-dir", paramLabel = "DIR", defaultValue = "swarmnet-uploads",
            description = "Where uploaded files land (default: ./${DEFAULT-VALUE}).")
    Path downloadDir;

    @Option(names = "--pool", paramLabel = "N", defaultValue = "5",
            description = "How many clients may be connected at once (default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--plugin", paramLabel = "JAR",
            description = "A jar of subroutines (see the README's Plugins section); repeatable.")
    List<Path> plugins = new ArrayList<>();

    @Option(names = "--demo", description = "Also serve the demo subroutines: mount_usage, set_io, sensor, echo.")
    boolean demo;

    @Option(names = {"-v", "--verbose"}, description = "Log connections and transfers (INFO) on stderr.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "--port must be 0..65535, got " + port);
        }
        if (pool < 1) {
            throw new CliException(ExitCodes.USAGE, "--pool must be at least 1, got " + pool);
        }
        Gateway.Builder builder = Gateway.builder().port(port).maxPoolSize(pool).downloadDir(downloadDir)
                .verbose(verbose);
        if (bind != null) {
            builder.bindAddress(address(bind));
        }
        List<Path> served = new ArrayList<>();
        if (shares.isEmpty()) {
            Path here = Path.of("").toAbsolutePath();
            System.out.println("no --share given: sharing the current folder " + here + " (read-only)");
            served.add(here);
        } else {
            for (Path share : shares) {
                if (!Files.isDirectory(share)) {
                    throw new CliException(ExitCodes.USAGE, "--share " + share + ": not a folder");
                }
                served.add(share.toAbsolutePath().normalize());
            }
        }
        served.forEach(builder::share);

        Map<String, Subroutine> subroutines = new LinkedHashMap<>();
        if (demo) {
            subroutines.putAll(Subroutines.of(new DemoSubroutines(served.get(0))));
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

        try (Gateway gateway = builder.build()) {
            subroutines.forEach(gateway::addSubroutine);
            Interrupt.guard(gateway::close, () -> {
                gateway.start(false);
                System.out.println("swarmnet gateway ready on port " + gateway.port()
                        + " (" + (bind == null ? "all interfaces" : bind) + "), pool " + pool
                        + "; sharing " + String.join(", ", served.stream().map(Path::toString).toList())
                        + "; uploads to " + downloadDir.toAbsolutePath().normalize()
                        + "; subroutines: " + (subroutines.isEmpty() ? "none" : String.join(", ", gateway.subroutineNames())));
                System.out.flush();
                gateway.awaitClose();
                return null;
            });
        }
        System.out.println("gateway closed");
        return ExitCodes.OK;
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new CliException(ExitCodes.USAGE, "--bind " + text + ": unknown address");
        }
    }
}
