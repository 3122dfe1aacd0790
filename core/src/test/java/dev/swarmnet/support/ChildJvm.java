package dev.swarmnet.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test classpath run in its own JVM, for faults a thread cannot fake: {@link #kill()} is
 * SIGKILL, with no shutdown hook, no finally block and no closed socket until the kernel closes it.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readLines, "child-jvm-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with {@code args}; its stderr goes to ours. */
    public static ChildJvm start(Class<?> main, String... args) throws IOException {
        return start(List.of(), main, args);
    }

    /** Starts {@code main} with {@code args} in a JVM given {@code jvmFlags} (e.g. a small heap). */
    public static ChildJvm start(List<String> jvmFlags, Class<?> main, String... args) throws IOException {
        return start(java.util.Map.of(), jvmFlags, main, args);
    }

    /**
     * As {@link #start(List, Class, String...)} with {@code env} added to the child's environment: what the JVM
     * takes from it at start (the locale, hence the encoding of file names) cannot be set otherwise.
     */
    public static ChildJvm start(java.util.Map<String, String> env, List<String> jvmFlags, Class<?> main,
            String... args) throws IOException {
        return start(List.of(), env, jvmFlags, main, args);
    }

    /**
     * As {@link #start(Class, String...)}, in a JVM that file modes bind. Root reads every file whatever its
     * mode (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a test of an unreadable file would test nothing there;
     * where this process has that power, the child runs under {@code setpriv} with those two capabilities
     * dropped from its bounding set, and a file of mode 000 is as unreadable to it as to any user. Elsewhere
     * the child starts as {@link #start(Class, String...)} starts it.
     */
    public static ChildJvm startBoundByFileModes(Class<?> main, String... args) throws IOException {
        List<String> prefix = readsFilesWhateverTheirMode()
                ? List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search") : List.of();
        try {
            return start(prefix, java.util.Map.of(), List.of(), main, args);
        } catch (IOException e) {
            throw new IOException("running as root, the child needs setpriv (package util-linux) to lose its"
                    + " power to read any file: " + e.getMessage(), e);
        }
    }

    /** Whether this process can open a file of mode 000 that it owns (root can). */
    public static boolean readsFilesWhateverTheirMode() throws IOException {
        Path probe = Files.createTempFile("swarmnet-mode-probe", null);
        try {
            Files.setPosixFilePermissions(probe, Set.of());
            try (FileChannel c = FileChannel.open(probe)) {
                return true;
            } catch (AccessDeniedException e) {
                return false;
            }
        } finally {
            Files.delete(probe);
        }
    }

    private static ChildJvm start(List<String> prefix, java.util.Map<String, String> env, List<String> jvmFlags,
            Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env);
        return new ChildJvm(pb.start());
    }

    /** The number a line "PORT n" of the child's output gives (children that serve print one when ready). */
    public int awaitPort() throws InterruptedException {
        return Integer.parseInt(awaitLine("PORT ").substring(5).trim().split("\\s")[0]);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code seconds} for the child to end by itself. */
    public void awaitExit(long seconds) throws InterruptedException {
        process.waitFor(seconds, TimeUnit.SECONDS);
    }

    /** The exit code, or -1 while the child runs. */
    public int exitValue() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Waits for a line of the child's output that starts with {@code prefix}; returns it. */
    public String awaitLine(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Waits.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                throw new IllegalStateException("the child exited (" + process.exitValue() + ") before saying "
                        + prefix);
            }
        }
        throw new IllegalStateException("the child did not say " + prefix + " within " + Waits.TIMEOUT);
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Closes the child's stdin (children that serve stop then) and waits for it; SIGKILL after 10 s. */
    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** For a child's main: blocks until the parent closes our stdin, or dies. */
    public static void awaitParentClose() throws IOException {
        while (System.in.read() >= 0) {
            // nothing to read: the parent only ever closes it
        }
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the child died: its output ends here
        }
    }
}
