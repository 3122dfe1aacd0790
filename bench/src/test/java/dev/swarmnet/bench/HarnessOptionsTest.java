package dev.swarmnet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.ThreadMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/** The harnesses read their command lines as the bench scripts and the docs write them. */
class HarnessOptionsTest {
    private static <O extends HarnessOptions> O read(O options, String... args) {
        Launcher.read(Launcher.commandLine(options), args);
        return options;
    }

    @Test
    void withoutOptionsEachHarnessHasItsDefaults() {
        Options run = read(new Options());
        assertThat(run.repeat).isEqualTo(3);
        assertThat(run.systems).isEqualTo(Options.DEFAULT_SYSTEMS);
        assertThat(run.quick || run.callsOnly || run.markdown).isFalse();
        FileOptions files = read(new FileOptions());
        assertThat(files.repeat).isEqualTo(3);
        assertThat(files.sections).isEqualTo(FileOptions.ALL_SECTIONS);
        ScaleOptions scale = read(new ScaleOptions());
        assertThat(List.of(scale.clients, scale.seconds, scale.drivers, scale.drivePort)).containsExactly(2000, 10, 16, 0);
        assertThat(scale.mode).isEqualTo(ThreadMode.AUTO);
        SoakOptions soak = read(new SoakOptions());
        assertThat(soak.duration).isEqualTo(Duration.ofSeconds(60));
        assertThat(soak.workers).isEqualTo(6);
        ProfileOptions profile = read(new ProfileOptions());
        assertThat(List.of(profile.files, profile.runs, profile.connections)).containsExactly(10_000, 20, 1);
        assertThat(read(new ProfileOptions(), "--tree").files).isEqualTo(RealTree.FILES);
    }

    @Test
    void optionsAreReadAsTheScriptsWriteThem() {
        Options run = read(new Options(), "--repeat", "5", "--only", "grpc,raw", "--quick", "--calls-only", "--markdown");
        assertThat(run.repeat).isEqualTo(5);
        assertThat(run.systems).containsExactly("raw", "grpc"); // the canonical order, whatever was typed
        assertThat(run.quick && run.callsOnly && run.markdown).isTrue();
        assertThat(run.scaled(100)).isEqualTo(10);
        FileOptions files = read(new FileOptions(), "--only", "tls,A", "--repeat=1");
        assertThat(files.sections).containsExactly("a", "tls");
        assertThat(read(new FileOptions(), "--heap-check").sections).containsExactly("heap");
        ScaleOptions scale = read(new ScaleOptions(), "--drive", "4242", "--clients", "10", "--threads", "virtual");
        assertThat(List.of(scale.drivePort, scale.clients)).containsExactly(4242, 10);
        assertThat(scale.mode).isEqualTo(ThreadMode.VIRTUAL);
        assertThat(read(new SoakOptions(), "--duration", "10m", "--workers", "2").duration)
                .isEqualTo(Duration.ofMinutes(10));
        ProfileOptions profile = read(new ProfileOptions(), "--src", "/tmp/t", "--files", "7", "--runs", "2",
                "--connections", "4", "--touch", "--tids", "tids.txt");
        assertThat(List.of(profile.files, profile.runs, profile.connections)).containsExactly(7, 2, 4);
        assertThat(profile.src).isEqualTo(Path.of("/tmp/t"));
        assertThat(profile.tids).isEqualTo(Path.of("tids.txt"));
        assertThat(profile.touch).isTrue();
        assertThat(read(new Options(), "--help").help).isTrue();
    }

    @Test
    void mistakesAreRefusedSayingWhat() {
        assertThatThrownBy(() -> read(new Options(), "--repeat", "0")).hasMessageContaining("--repeat must be");
        assertThatThrownBy(() -> read(new Options(), "--only", "raw,http")).hasMessageContaining("unknown system 'http'");
        assertThatThrownBy(() -> read(new Options(), "--fast")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--fast");
        assertThatThrownBy(() -> read(new FileOptions(), "--only", "d")).hasMessageContaining("unknown section 'd'");
        assertThatThrownBy(() -> read(new ScaleOptions(), "--threads", "green")).isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> read(new SoakOptions(), "--duration", "soon")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> read(new SoakOptions(), "--workers", "300")).hasMessageContaining("--workers");
        assertThatThrownBy(() -> read(new ProfileOptions(), "--tree", "--src", "x"))
                .hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> read(new ProfileOptions(), "--runs", "1")).hasMessageContaining("--runs");
    }
}
