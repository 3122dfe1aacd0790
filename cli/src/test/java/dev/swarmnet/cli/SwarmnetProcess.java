package dev.swarmnet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar cli/target/swarmnet.jar ...} as a real process: its stdout and stderr are collected
 * line by line by two reader threads, and a test waits for a line it expects (no sleeps) or for the exit.
 */
final class SwarmnetProcess implements AutoCloseable {
    /** The jar the build made (failsafe passes its path). */
    static final Path JAR = Path.of(System.getProperty("swarmnet.jar", "target/swarmnet.jar")).toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** Where the commands keep state (their resume key) during the tests. */
    private static final Path STATE_HOME = stateHome();
    /** A generous ceiling against hangs, never a performance threshold. */
    static final long TIMEOUT_SECONDS = 60;

    /** What a finished process said. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private SwarmnetProcess(Process process) {
        this.process = process;
        this.outReader = reader(process.getInputStream(), out, "stdout");
        this.errReader = reader(process.getErrorStream(), err, "stderr");
    }

    /** Starts the jar with {@code args} in {@code dir}, with extra JVM options first. */
    static SwarmnetProcess start(Path dir, List<String> jvm, String... args) throws IOException {
        return start(dir, Map.of(), jvm, args);
    }

    /**
     * Starts the jar with {@code args} in {@code dir}, with extra JVM options first and {@code env} added
     * to the environment. The variables the command reads secrets from are never inherited from the
     * build's environment: a test gets them only through {@code env}.
     */
    static SwarmnetProcess start(Path dir, Map<String, String> env, List<String> jvm, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA);
        // Short-lived commands: quick start-up matters more than peak speed.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        return exec(dir, env, cmd);
    }

    /**
     * Starts {@code cmd} (the launcher, or a shell that runs the jar with arguments Java cannot hold, such as
     * names that are not UTF-8) in {@code dir}, with {@code env} added to the environment as above.
     */
    static SwarmnetProcess exec(Path dir, Map<String, String> env, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("SWARMNET_"));
        pb.environment().put("XDG_STATE_HOME", STATE_HOME.toString()); // the resume key: never the user's own
        pb.environment().putAll(env);
        return new SwarmnetProcess(pb.start());
    }

    /** Runs {@code cmd} to its end as {@link #exec} starts it, with nothing on its stdin. */
    static Result execToEnd(Path dir, Map<String, String> env, List<String> cmd) throws Exception {
        try (SwarmnetProcess p = exec(dir, env, cmd)) {
            p.process.getOutputStream().close();
            return p.awaitExit();
        }
    }

    static SwarmnetProcess start(Path dir, String... args) throws IOException {
        return start(dir, List.of(), args);
    }

    /** Runs the jar to its end, feeding {@code stdin} (or nothing) to it. */
    static Result run(Path dir, byte[] stdin, String... args) throws Exception {
        return run(dir, Map.of(), stdin, args);
    }

    /** Runs the jar to its end with {@code env} added to its environment, feeding {@code stdin} (or nothing). */
    static Result run(Path dir, Map<String, String> env, byte[] stdin, String... args) throws Exception {
        try (SwarmnetProcess p = start(dir, env, List.of(), args)) {
            p.process.getOutputStream().write(stdin == null ? new byte[0] : stdin);
            p.process.getOutputStream().close();
            return p.awaitExit();
        }
    }

    static Result run(Path dir, String... args) throws Exception {
        return run(dir, null, args);
    }

    /**
     * Runs the jar to its end as {@link #run(Path, String...)} does, where file modes bind: root reads every
     * file whatever its mode, so when this process can, the command runs under {@code setpriv} without
     * CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (setpriv is in util-linux).
     */
    static Result runBoundByFileModes(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (readsFilesWhateverTheirMode()) {
            cmd.addAll(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search"));
        }
        cmd.addAll(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return execToEnd(dir, Map.of(), cmd);
    }

    /** Whether this process can open a file of mode 000 that it owns (root can). */
    private static boolean readsFilesWhateverTheirMode() throws IOException {
        Path probe = java.nio.file.Files.createTempFile("swarmnet-mode-probe", null);
        try {
            java.nio.file.Files.setPosixFilePermissions(probe, java.util.Set.of());
            try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(probe)) {
                return true;
            } catch (java.nio.file.AccessDeniedException e) {
                return false;
            }
        } finally {
            java.nio.file.Files.delete(probe);
        }
    }

    /** Waits for the process to end and for its output to be read to the end. */
    Result awaitExit() throws Exception {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("swarmnet did not end within " + TIMEOUT_SECONDS + " s; so far:\n"
                    + text(out) + text(err));
        }
        outReader.join();
        errReader.join();
        return new Result(process.exitValue(), text(out), text(err));
    }

    /** Waits for a stdout line matching {@code regex} and returns the match (group 1 if any). */
    String awaitLine(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        synchronized (out) {
            int seen = 0;
            while (true) {
                for (; seen < out.size(); seen++) {
                    Matcher m = pattern.matcher(out.get(seen));
                    if (m.find()) {
                        return m.groupCount() > 0 ? m.group(1) : m.group();
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !outReader.isAlive())) {
                    throw new AssertionError("no line matching " + regex + "; stdout:\n" + text(out) + "stderr:\n"
                            + text(err));
                }
                out.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    Process process() {
        return process;
    }

    /** Sends SIGINT, what Ctrl-C sends (Linux and macOS: kill -INT). */
    void interrupt() throws Exception {
        signal("INT");
    }

    /** Sends the signal named {@code name} (INT, TERM, KILL) with kill(1). */
    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    private static Path stateHome() {
        try {
            return java.nio.file.Files.createTempDirectory("swarmnet-test-state");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Thread reader(InputStream in, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                synchronized (lines) {
                    lines.notifyAll();
                }
            }
        }, "swarmnet-process-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String text(List<String> lines) {
        synchronized (lines) {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(l).append('\n');
            }
            return sb.toString();
        }
    }
}
