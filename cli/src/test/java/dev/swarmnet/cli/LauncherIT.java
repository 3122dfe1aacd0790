package dev.swarmnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/swarmnet} as users run it, in a copy of the repository's layout that holds only the launcher
 * and the jar (so the jar is never stale and Maven never runs): it makes a class-data sharing archive for
 * the jar, the JVM maps it ({@code -Xshare:on} fails when it cannot), it is kept while the jar is, and made
 * again for a newer jar. A JVM given an archive of another jar says nothing about it.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "swarmnet").toAbsolutePath().normalize();

    @TempDir
    Path repo;

    private record Run(int code, String out, String err) {
    }

    /** The launcher and the jar in the repository's layout; the launcher's path. */
    private Path layout() throws Exception {
        Path launcher = Files.createDirectories(repo.resolve("bin")).resolve("swarmnet");
        Files.copy(LAUNCHER, launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(SwarmnetProcess.JAR, Files.createDirectories(repo.resolve("cli/target")).resolve("swarmnet.jar"));
        return launcher;
    }

    @Test
    void theArchiveIsMadeForEachNewJarAndUsed() throws Exception {
        Path launcher = layout();
        Path jar = repo.resolve("cli/target/swarmnet.jar");

        Run first = run(launcher, null, "--version");
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).isEqualTo("swarmnet 0.1.0\n");
        assertThat(first.err()).contains("preparing a class-data sharing archive");
        Path archive = archive(jar);
        assertThat(Files.size(archive)).as("archive made by a training run").isPositive();
        FileTime made = Files.getLastModifiedTime(archive);

        Run again = run(launcher, "-Xshare:on", "ping", "--help");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("Usage: swarmnet ping");
        assertThat(again.err()).as("kept for the same jar, and mapped").isEmpty();
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(made);

        // a new jar (as the JVM sees it: another time stamp), older than the archive was: made again
        Path stale = Files.copy(archive, repo.resolve("stale.jsa"));
        long built = Files.getLastModifiedTime(jar).toMillis();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(built - TimeUnit.MINUTES.toMillis(10)));
        Files.setLastModifiedTime(archive, FileTime.fromMillis(built - TimeUnit.MINUTES.toMillis(20)));
        Run newJar = run(launcher, "-Xshare:on", "--version");
        assertThat(newJar.code()).as(newJar.toString()).isZero();
        assertThat(newJar.err()).contains("preparing a class-data sharing archive");
        assertThat(archive(jar)).isEqualTo(archive);
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(Files.getLastModifiedTime(jar));

        // the flags the launcher passes keep a JVM quiet about an archive it cannot use
        Run ignored = exec(List.of(java(), "-XX:SharedArchiveFile=" + stale, "-Xshare:auto", "-Xlog:cds*=off", "-jar",
                jar.toString(), "--version"), Map.of());
        assertThat(ignored).isEqualTo(new Run(0, "swarmnet 0.1.0\n", ""));
    }

    @Test
    void aSymbolicLinkToTheLauncherRunsItFromAnyFolder() throws Exception {
        layout();
        // as 'ln -s ../../bin/swarmnet ~/bin/swarmnet' puts it on the PATH: a relative link, in a folder
        // without the repository beside it, run from a third folder
        Path link = Files.createDirectories(repo.resolve("home/bin")).resolve("swarmnet");
        Files.createSymbolicLink(link, Path.of("../../bin/swarmnet"));
        Path work = Files.createDirectories(repo.resolve("home/work"));
        String path = link.getParent() + File.pathSeparator + Path.of(java()).getParent() + File.pathSeparator
                + System.getenv("PATH");
        // by its path, and by its name as a shell finds it on the PATH
        for (List<String> command : List.of(List.of(link.toString(), "--version"),
                List.of("bash", "-c", "swarmnet --version"))) {
            Run r = exec(command, Map.of("PATH", path), work);
            assertThat(r.code()).as(command + ": " + r).isZero();
            assertThat(r.out()).isEqualTo("swarmnet 0.1.0\n");
        }
        assertThat(repo.resolve("home/cli")).as("nothing built beside the link").doesNotExist();
    }

    /** The one archive next to the jar. */
    private static Path archive(Path jar) throws Exception {
        try (Stream<Path> files = Files.list(jar.getParent())) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
            assertThat(archives).hasSize(1);
            return archives.get(0);
        }
    }

    /** Runs the launcher with this test's JDK first on the PATH and {@code javaOpts} as SWARMNET_JAVA_OPTS. */
    private Run run(Path launcher, String javaOpts, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        String path = Path.of(java()).getParent() + File.pathSeparator + System.getenv("PATH");
        return exec(cmd, javaOpts == null ? Map.of("PATH", path) : Map.of("PATH", path, "SWARMNET_JAVA_OPTS", javaOpts));
    }

    private Run exec(List<String> cmd, Map<String, String> env) throws Exception {
        return exec(cmd, env, repo);
    }

    private Run exec(List<String> cmd, Map<String, String> env, Path folder) throws Exception {
        Path out = repo.resolve("out.txt");
        Path err = repo.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(folder.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().keySet().removeIf(name -> name.startsWith("SWARMNET_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(SwarmnetProcess.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not end within " + SwarmnetProcess.TIMEOUT_SECONDS + " s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
