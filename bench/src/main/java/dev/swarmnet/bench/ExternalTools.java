package dev.swarmnet.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The peers that are programs rather than libraries: {@code tar c | nc} and an rsync daemon, both on
 * loopback. {@code bench/files-run} installs them (Debian packages {@code netcat-openbsd} and
 * {@code rsync}) when they are absent; if that failed, {@link #which} finds nothing and the row says
 * "missing".
 */
final class ExternalTools {

    /** No external run may take longer than this; a hung one is killed and counted as FAILED. */
    static final long TIMEOUT_SECONDS = 300;

    private ExternalTools() {
    }

    /** The executable {@code name} on the PATH, if any. */
    static Optional<Path> which(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The OpenBSD netcat (needed for {@code -N}, half-close at end of input): {@code nc.openbsd} if
     * present, else an {@code nc} whose help mentions {@code -N}.
     */
    static Optional<Path> openBsdNetcat() {
        Optional<Path> openbsd = which("nc.openbsd");
        if (openbsd.isPresent()) {
            return openbsd;
        }
        Optional<Path> nc = which("nc");
        if (nc.isEmpty()) {
            return nc;
        }
        try {
            Process help = new ProcessBuilder(nc.get().toString(), "-h").redirectErrorStream(true).start();
            String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            help.waitFor(10, TimeUnit.SECONDS);
            return text.contains("-N") ? nc : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A port that was free a moment ago, for a program that must be told its port. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until something listens on {@code port}, by reading /proc/net/tcp: a probe connection
     * would be taken for the real one by {@code nc -l}.
     */
    static void awaitListening(int port, Process owner, long timeoutSeconds) throws IOException {
        String needle = String.format(Locale.ROOT, ":%04X", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.trim().split("\\s+");
                // f[1] = local address:port, f[3] = state; 0A = LISTEN
                if (f.length > 3 && f[1].endsWith(needle) && f[3].equals("0A")) {
                    return;
                }
            }
            if (!owner.isAlive()) {
                throw new IOException("exited with " + owner.exitValue() + " before listening on port " + port);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("nothing listens on port " + port + " after " + timeoutSeconds + " s");
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /**
     * {@code nc -l 127.0.0.1 P | tar x -C dest} is started, and once it listens,
     * {@code tar c -C src . | nc -N 127.0.0.1 P}. The time runs from starting the receiving
     * pipeline to the extracting tar's exit.
     *
     * @return seconds
     */
    static double tarOverNetcat(Path netcat, Path source, Path destination, Path logDir) throws IOException, InterruptedException {
        int port = freePort();
        Path receiveLog = logDir.resolve("tar-x.err");
        Path sendLog = logDir.resolve("tar-c.err");
        long start = System.nanoTime();
        Process receiver = new ProcessBuilder("sh", "-c", "\"$1\" -l 127.0.0.1 \"$2\" | tar x -C \"$3\"",
                "sh", netcat.toString(), Integer.toString(port), destination.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(receiveLog.toFile())
                .start();
        Process sender = null;
        try {
            awaitListening(port, receiver, 10);
            sender = new ProcessBuilder("sh", "-c", "tar c -C \"$2\" . | \"$1\" -N 127.0.0.1 \"$3\"",
                    "sh", netcat.toString(), source.toString(), Integer.toString(port))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(sendLog.toFile())
                    .start();
            if (!receiver.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("tar x | nc -l did not finish in " + TIMEOUT_SECONDS + " s");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!sender.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("tar c | nc did not finish 30 s after the receiver");
            }
            check("receiving nc | tar x", receiver, receiveLog);
            check("tar c | nc -N", sender, sendLog);
            return seconds;
        } finally {
            receiver.destroyForcibly();
            if (sender != null) {
                sender.destroyForcibly();
            }
        }
    }

    private static void check(String what, Process process, Path log) throws IOException {
        if (process.exitValue() != 0) {
            String err = Files.exists(log) ? Files.readString(log).strip() : "";
            throw new IOException(what + " exited with " + process.exitValue() + (err.isEmpty() ? "" : ": " + err));
        }
    }

    /**
     * An rsync daemon on 127.0.0.1 serving one read-only module {@code bench} at a source folder,
     * started by the harness and stopped by {@link #close()}.
     */
    static final class RsyncDaemon implements AutoCloseable {
        private final Path rsync;
        private final Path logDir;
        private final int port;
        private final Process daemon;

        RsyncDaemon(Path rsync, Path module, Path workDir) throws IOException {
            this(rsync, module, null, workDir);
        }

        /** Serves {@code module} read-only as "bench" and, when not null, takes uploads into {@code uploads} as "up". */
        RsyncDaemon(Path rsync, Path module, Path uploads, Path workDir) throws IOException {
            this.rsync = rsync;
            this.logDir = workDir;
            this.port = freePort();
            Path config = workDir.resolve("rsyncd.conf");
            Files.writeString(config, String.join("\n",
                    "# written by swarmnet bench FileCompare",
                    "use chroot = no",
                    // As root the daemon would read as "nobody", and fail on a tree's private (0600) files;
                    // otherwise it cannot change users and reads as the one it runs as anyway.
                    "uid = " + currentUser("uid"),
                    "gid = " + currentUser("gid"),
                    "pid file = " + workDir.resolve("rsyncd.pid"),
                    "log file = " + workDir.resolve("rsyncd.log"),
                    "",
                    "[bench]",
                    "    path = " + module,
                    "    read only = yes",
                    "",
                    uploads == null ? "" : "[up]\n    path = " + uploads + "\n    read only = no\n"));
            daemon = new ProcessBuilder(rsync.toString(), "--daemon", "--no-detach", "--address=127.0.0.1",
                    "--port=" + port, "--config=" + config)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(workDir.resolve("rsyncd.err").toFile())
                    .start();
            try {
                awaitListening(port, daemon, 10);
            } catch (IOException e) {
                close();
                String err = Files.readString(workDir.resolve("rsyncd.err")).strip();
                throw new IOException("rsync daemon: " + e.getMessage() + (err.isEmpty() ? "" : ": " + err), e);
            }
        }

        private static String currentUser(String attribute) throws IOException {
            return Files.getAttribute(Path.of("/proc/self"), "unix:" + attribute).toString();
        }

        /** {@code rsync -a rsync://127.0.0.1:P/bench/ dest/}, timed from start to exit; returns seconds. */
        double pull(Path destination) throws IOException, InterruptedException {
            return pull(destination, "-a");
        }

        /** {@code rsync FLAGS rsync://127.0.0.1:P/bench/ dest/}, timed from start to exit; returns seconds. */
        double pull(Path destination, String flags) throws IOException, InterruptedException {
            return timed("rsync " + flags + " rsync://...", "rsync-client.err",
                    rsync.toString(), flags, "rsync://127.0.0.1:" + port + "/bench/", destination + "/");
        }

        /** {@code rsync -a source/ rsync://127.0.0.1:P/up/}, timed from start to exit; returns seconds. */
        double push(Path source) throws IOException, InterruptedException {
            return timed("rsync -a ... rsync://.../up/", "rsync-push.err",
                    rsync.toString(), "-a", source + "/", "rsync://127.0.0.1:" + port + "/up/");
        }

        /** Runs one rsync client to its exit (its stderr in {@code logName}, checked); returns seconds. */
        private double timed(String what, String logName, String... command) throws IOException, InterruptedException {
            Path log = logDir.resolve(logName);
            long start = System.nanoTime();
            Process client = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(log.toFile())
                    .start();
            try {
                if (!client.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("rsync did not finish in " + TIMEOUT_SECONDS + " s");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                check(what, client, log);
                return seconds;
            } finally {
                client.destroyForcibly();
            }
        }

        static String version(Path rsync) {
            return firstLine(List.of(rsync.toString(), "--version"));
        }

        @Override
        public void close() {
            daemon.destroy();
            try {
                if (!daemon.waitFor(5, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            } catch (InterruptedException e) {
                daemon.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The first line a command prints (for versions in the header), or "?" . */
    static String firstLine(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return text.lines().findFirst().orElse("?").strip();
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
