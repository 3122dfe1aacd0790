package dev.swarmnet.cli;

import dev.swarmnet.Arg;
import dev.swarmnet.ArgumentException;
import dev.swarmnet.Exposed;
import dev.swarmnet.StreamOutput;
import dev.swarmnet.SubroutineProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The subroutines of {@code swarmnet demo} and {@code swarmnet gateway --demo}, modelled on pynetwork's
 * examples and written with {@link Exposed} as a plugin would be.
 */
public final class DemoSubroutines implements SubroutineProvider {
    private final Path disk;

    public DemoSubroutines() {
        this(Path.of("."));
    }

    DemoSubroutines(Path disk) {
        this.disk = disk;
    }

    /** pynetwork's Tutorial 1 check: the used fraction (0..1) of the disk that holds the shared folder. */
    @Exposed("mount_usage")
    public float mountUsage(@Arg("request_id") Integer requestId) throws IOException {
        FileStore store = Files.getFileStore(disk);
        long total = store.getTotalSpace();
        return total == 0 ? 0f : (float) (total - store.getUnallocatedSpace()) / total;
    }

    /**
     * A send subroutine: "writes" the buffer to an I/O pin ({@code mode} "fast" or "slow", optional) and
     * answers the buffer's length times the pin, as the README's example does.
     */
    @Exposed("set_io")
    public int setIo(byte[] buffer, int pin, String mode) {
        if (pin < 0 || pin > 40) {
            throw new ArgumentException("pin must be 0..40, got " + pin);
        }
        if (mode != null && !mode.equals("fast") && !mode.equals("slow")) {
            throw new ArgumentException("mode must be fast or slow, got " + mode);
        }
        return buffer.length * pin;
    }

    /**
     * A sensor stream: {@code count} readings (endless when not given) of a simulated temperature, every
     * {@code period_ms} milliseconds (default: as fast as the client reads). Each chunk is a line of text.
     */
    @Exposed("sensor")
    public void sensor(Long count, @Arg("period_ms") Integer periodMs, StreamOutput out) throws InterruptedException {
        long n = count == null ? Long.MAX_VALUE : count;
        for (long i = 0; i < n; i++) {
            long centi = Math.round(2100 + 200 * Math.sin(i / 50.0));
            String reading = "reading " + i + ": " + centi / 100 + "." + (centi % 100 < 10 ? "0" : "") + centi % 100 + " C";
            if (!out.emit(i, reading.getBytes(StandardCharsets.UTF_8))) {
                return;
            }
            if (periodMs != null && periodMs > 0) {
                Thread.sleep(periodMs); // a sensor's sampling period, not synchronisation
            }
        }
    }

    /** The text it was given. */
    @Exposed("echo")
    public String echo(String text) {
        return text;
    }
}
