package dev.swarmnet.examples;

import dev.swarmnet.Args;
import dev.swarmnet.ArgumentException;
import dev.swarmnet.Arg;
import dev.swarmnet.Bytes;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.Exposed;
import dev.swarmnet.Gateway;
import dev.swarmnet.StreamOutput;
import dev.swarmnet.Subroutines;
import dev.swarmnet.Swarm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * pynetwork's Tutorial 2 (announced, never written): a Raspberry-Pi RC car over Wi-Fi. The Pi (the
 * gateway) streams a camera feed of 64 KiB frames and small sensor feeds; the laptop (the controller)
 * consumes them all at once over ONE swarm of four connections (swarm_index 0 is the camera, 1..3 the
 * proximity, speed and battery sensors), "runs the models" on them, and drives the car through send
 * subroutines on a fifth connection: speed changes when an obstacle comes close, steering from the
 * camera, and finally a stop, which ends every feed.
 *
 * <p>Each chunk starts with one byte naming its feed. The callback runs on the swarm's four threads at
 * once, so what it shares is atomic; the command client is used from those threads too (a Client runs one
 * operation at a time; calls wait their turn).
 *
 * <pre>
 * java -cp examples/target/swarmnet-examples.jar dev.swarmnet.examples.Tutorial2      # both sides here
 * java -cp ... dev.swarmnet.examples.Tutorial2 gateway [--port 1857]                  # the Pi's side
 * java -cp ... dev.swarmnet.examples.Tutorial2 HOST[:PORT] [--frames 200]             # the laptop's side
 * </pre>
 */
public final class Tutorial2 {
    public static final int FRAME_BYTES = 64 * 1024;
    static final byte CAMERA = 0;
    static final List<String> SENSORS = List.of("proximity", "speed", "battery");

    private Tutorial2() {
    }

    // ---------------------------------------------------------------- the gateway's side (the Pi)

    /** The car: its feeds and its controls, simulated. Each feed sends at least one chunk. */
    public static final class Car {
        private volatile boolean running = true;
        private volatile double speed;
        private volatile int steering;
        private final AtomicInteger commands = new AtomicInteger();
        private final AtomicLong travelled = new AtomicLong();

        /**
         * One feed per handler of the swarm: swarm_index 0 streams camera frames, the others a sensor each.
         * Every feed runs until the car is stopped.
         */
        @Exposed("telemetry")
        public void telemetry(@Arg("swarm_index") int feed, StreamOutput out) throws InterruptedException {
            if (feed == 0) {
                camera(out);
            } else {
                sensor((byte) feed, SENSORS.get((feed - 1) % SENSORS.size()), out);
            }
        }

        private void camera(StreamOutput out) {
            byte[] frame = new byte[1 + FRAME_BYTES];
            frame[0] = CAMERA;
            long n = 0;
            do {
                travelled.addAndGet(Math.round(speed * 10)); // the car moves 10 cm per frame at full speed
                // a synthetic image: a bright band that drifts with the steering
                int band = (int) Math.floorMod(n * 7 + steering * 100L, FRAME_BYTES);
                for (int i = 1; i < frame.length; i += 256) {
                    frame[i] = (byte) (Math.abs(i - band) < 8192 ? 200 : 30);
                }
            } while (out.emit(n++, frame) && running);
        }

        /** A sensor sampled at about 1 kHz (the sleep is its sampling period, not synchronisation). */
        private void sensor(byte feed, String kind, StreamOutput out) throws InterruptedException {
            ByteBuffer reading = ByteBuffer.allocate(1 + Double.BYTES);
            long n = 0;
            do {
                double value = switch (kind) {
                    // an obstacle every 300 cm of travel: the distance falls, then a new one appears
                    case "proximity" -> 300 - Math.floorMod(travelled.get(), 300);
                    case "speed" -> speed;
                    default -> 100 - n / 1000.0;
                };
                reading.clear();
                reading.put(feed).putDouble(value);
                Thread.sleep(1);
            } while (out.emit(n++, reading.array()) && running);
        }

        /** The command channel: "speed 0.5", "steer -3" or "stop"; answers how many commands it obeyed. */
        @Exposed("drive")
        public int drive(byte[] command) {
            String[] words = Bytes.bytesToStr(command).trim().split("\\s+");
            switch (words[0]) {
                case "speed" -> speed = Double.parseDouble(words[1]);
                case "steer" -> steering = Integer.parseInt(words[1]);
                case "stop" -> {
                    speed = 0;
                    running = false;
                }
                default -> throw new ArgumentException("unknown command: " + words[0]);
            }
            return commands.incrementAndGet();
        }
    }

    public static Gateway startGateway(int port) throws IOException {
        Gateway gw = Gateway.builder().port(port).build();
        Subroutines.of(new Car()).forEach(gw::addSubroutine);
        gw.start(false);
        return gw;
    }

    // ---------------------------------------------------------------- the controller's side (the laptop)

    /** What a drive measured. */
    public record Drive(long frames, long frameBytes, long[] readings, int commands, double seconds) {
        double framesPerSecond() {
            return frames / seconds;
        }
    }

    /** Drives the car until the camera delivered {@code frames} frames, then stops it. */
    public static Drive drive(String host, int port, int frames) throws IOException {
        try (Controller controller = new Controller(host, port);
             Client commands = controller.getClient();
             Swarm feeds = controller.swarm(1 + SENSORS.size())) {
            AtomicLong frameCount = new AtomicLong();
            AtomicLong frameBytes = new AtomicLong();
            AtomicLong[] readings = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger slow = new AtomicInteger(); // 1 while slowed down for an obstacle
            java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
            send(commands, "speed 1.0", sent);
            long start = System.nanoTime();
            feeds.getSubroutineStream("telemetry", Args.none(), (name, ident, chunk) -> {
                if (chunk[0] == CAMERA) {
                    long n = frameCount.incrementAndGet();
                    frameBytes.addAndGet(chunk.length - 1);
                    if (n == frames) {
                        command(commands, "stop", sent, stopped); // every feed ends: the call returns
                    } else if (n % 50 == 0) {
                        command(commands, "steer " + steer(chunk), sent, stopped); // "the CNN": follow the band
                    }
                    return true;
                }
                double value = ByteBuffer.wrap(chunk, 1, Double.BYTES).getDouble();
                readings[chunk[0] - 1].incrementAndGet();
                if (chunk[0] == 1) { // "the RNN" on proximity: slow down near an obstacle, speed up after it
                    if (value < 40 && slow.compareAndSet(0, 1)) {
                        command(commands, "speed 0.3", sent, stopped);
                    } else if (value > 250 && slow.compareAndSet(1, 0)) {
                        command(commands, "speed 1.0", sent, stopped);
                    }
                }
                return true;
            }, null);
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Drive(frameCount.get(), frameBytes.get(),
                    new long[] {readings[0].get(), readings[1].get(), readings[2].get()}, sent.get(), seconds);
        }
    }

    /** Sends a command unless the car was stopped; "stop" is the last one. Called from the swarm's threads. */
    private static void command(Client commands, String command, AtomicInteger sent,
            java.util.concurrent.atomic.AtomicBoolean stopped) throws IOException {
        synchronized (stopped) {
            if (!stopped.get()) {
                stopped.set(command.equals("stop"));
                send(commands, command, sent);
            }
        }
    }

    private static void send(Client commands, String command, AtomicInteger sent) throws IOException {
        commands.sendSubroutineBatch("drive", Bytes.strToBytes(command));
        sent.incrementAndGet();
    }

    /** Where the bright band is, from -5 (left) to 5 (right). */
    private static int steer(byte[] frame) {
        long weighted = 0;
        long total = 0;
        for (int i = 1; i < frame.length; i += 256) {
            int v = frame[i] & 0xff;
            weighted += (long) v * i;
            total += v;
        }
        double centre = total == 0 ? 0.5 : (double) weighted / total / FRAME_BYTES;
        return (int) Math.round((centre - 0.5) * 10);
    }

    public static void main(String[] args) throws Exception {
        List<String> words = new java.util.ArrayList<>(List.of(args));
        int frames = Integer.parseInt(CommandLine.option(words, "--frames", "200"));
        if (!words.isEmpty() && words.get(0).equals("gateway")) {
            try (Gateway gw = startGateway(Integer.parseInt(CommandLine.option(words, "--port", "1857")))) {
                System.out.println("Tutorial 2 car (gateway) on port " + gw.port());
                gw.awaitClose();
            }
            return;
        }
        Drive d;
        if (!words.isEmpty()) {
            String[] hostPort = words.get(0).split(":");
            d = drive(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : Gateway.DEFAULT_PORT, frames);
        } else {
            try (Gateway gw = startGateway(0)) {
                d = drive("127.0.0.1", gw.port(), frames);
            }
        }
        report(d);
    }

    static void report(Drive d) {
        System.out.printf(Locale.ROOT, "camera: %d frames of 64 KiB (%.1f MB) in %.2f s: %.0f frames/s, %.1f MB/s%n",
                d.frames(), d.frameBytes() / 1e6, d.seconds(), d.framesPerSecond(), d.frameBytes() / 1e6 / d.seconds());
        for (int i = 0; i < SENSORS.size(); i++) {
            System.out.printf(Locale.ROOT, "%s: %,d readings%n", SENSORS.get(i), d.readings()[i]);
        }
        System.out.println("commands sent: " + d.commands() + " (the last one: stop)");
    }
}
