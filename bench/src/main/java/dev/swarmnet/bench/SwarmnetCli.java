package dev.swarmnet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code swarmnet} command as a user types it ({@code bin/swarmnet}, from the repository root): a
 * {@code swarmnet gateway} process serving one folder, started once, and {@code swarmnet get} runs against
 * it, each timed from start to exit like the rsync client, JVM start-up included.
 */
final class SwarmnetCli implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready on port (\\d+)");

    private final Path launcher;
    private final Path logDir;
    private final Process gateway;
    private final int port;

    /** The launcher, if this runs from a checkout that has it. */
    static Path launcher() {
        return Path.of("bin", "swarmnet").toAbsolutePath();
    }

    /**
     * Starts {@code swarmnet gateway --share FOLDER --download-dir UPLOADS} on a free loopback port and waits until
     * it is ready.
     */
    SwarmnetCli(Path share, Path uploads, Path workDir) throws IOException {
        this.launcher = launcher();
        this.logDir = workDir;
        if (!Files.isExecutable(launcher)) {
            throw new IOException(launcher + " is missing: run the harness from the repository root");
        }
        gateway = new ProcessBuilder(launcher.toString(), "gateway", "--share", share.toString(), "--bind",
                "127.0.0.1", "-p", "0", "--pool", "16", "--download-dir", uploads.toString())
                .redirectErrorStream(true)
                .start();
        port = awaitReady(gateway);
    }

    /** Reads the gateway's output until its ready line; the rest of its output is drained and dropped. */
    private static int awaitReady(Process gateway) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // the gateway ended
                    }
                }, "swarmnet-gateway-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
            seen.add(line);
        }
        throw new IOException("swarmnet gateway ended before it was ready: " + String.join(" | ", seen));
    }

    /**
     * {@code swarmnet get 127.0.0.1:P --folder FOLDER -r -c N -o DEST -q}, timed from start to exit.
     *
     * @return seconds
     */
    double get(Path folder, int connections, Path destination) throws IOException, InterruptedException {
        return timed("get", "get", "127.0.0.1:" + port, "--folder", folder.toString(), "-r", "-c",
                Integer.toString(connections), "-o", destination.toString(), "-q");
    }

    /**
     * {@code swarmnet put -r 127.0.0.1:P FOLDER -q}, timed from start to exit: the folder lands as
     * {@code <download dir>/<its name>}.
     *
     * @return seconds
     */
    double put(Path folder) throws IOException, InterruptedException {
        return timed("put", "put", "-r", "127.0.0.1:" + port, folder.toString(), "-q");
    }

    private double timed(String what, String... args) throws IOException, InterruptedException {
        Path log = logDir.resolve("swarmnet-" + what + ".err");
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        Process run = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile())
                .start();
        try {
            if (!run.waitFor(ExternalTools.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("swarmnet " + what + " did not finish in " + ExternalTools.TIMEOUT_SECONDS + " s");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (run.exitValue() != 0) {
                throw new IOException("swarmnet " + what + " exited with " + run.exitValue() + ": "
                        + Files.readString(log).strip());
            }
            return seconds;
        } finally {
            run.destroyForcibly();
        }
    }

    @Override
    public void close() {
        gateway.destroy();
        try {
            if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        } catch (InterruptedException e) {
            gateway.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
