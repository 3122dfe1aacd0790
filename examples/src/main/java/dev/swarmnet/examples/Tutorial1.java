package dev.swarmnet.examples;

import dev.swarmnet.Args;
import dev.swarmnet.ArgumentException;
import dev.swarmnet.Bytes;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.Exposed;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.Subroutines;
import dev.swarmnet.Swarm;
import dev.swarmnet.TransferListener;
import dev.swarmnet.TransferReport;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * pynetwork's Tutorial 1, "conditional file backup": a VM with little storage (the gateway) and a
 * machine with room (the controller). The controller asks the gateway how full its disk is (a batch
 * call); above a threshold it downloads the old, rotated logs with a swarm of 4 connections, then asks
 * the gateway to delete exactly the files that arrived verified (another batch call).
 *
 * <pre>
 * java -cp examples/target/swarmnet-examples.jar dev.swarmnet.examples.Tutorial1
 *     # both sides in this process, on generated logs
 * java -cp ... dev.swarmnet.examples.Tutorial1 gateway [--port 1857] [--quota BYTES] LOG_DIR
 *     # the VM's side: serves LOG_DIR until a client closes the gateway
 * java -cp ... dev.swarmnet.examples.Tutorial1 HOST[:PORT] LOG_DIR [LOCAL_DIR] [--threshold 0.2]
 *     # the backup machine's side, against that gateway
 * </pre>
 */
public final class Tutorial1 {
    /** Rotated logs ({@code app.log.1}, {@code app.log.2}, ...): the current {@code app.log} stays. */
    public static final String OLD_LOGS = "app\\.log\\.\\d+";

    private Tutorial1() {
    }

    // ---------------------------------------------------------------- the gateway's side (the VM)

    /** The VM's subroutines, as short as pynetwork's Python functions. */
    public static final class Storage {
        private final Path logs;
        private final long quota;

        /**
         * @param logs the log folder, the only place remove_logs may delete from
         * @param quota bytes the logs may take (a small VM volume); 0 measures the real disk instead
         */
        public Storage(Path logs, long quota) {
            this.logs = logs.toAbsolutePath().normalize();
            this.quota = quota;
        }

        /** pynetwork's get_usage_percentage: used fraction of the storage, 0..1. */
        @Exposed("mount_usage")
        public float mountUsage(int requestId) throws IOException {
            if (quota > 0) {
                try (Stream<Path> files = Files.list(logs)) {
                    long used = files.filter(Files::isRegularFile).mapToLong(Tutorial1::size).sum();
                    return (float) used / quota;
                }
            }
            FileStore store = Files.getFileStore(logs);
            return (float) (store.getTotalSpace() - store.getUnallocatedSpace()) / store.getTotalSpace();
        }

        /**
         * pynetwork's remove_logs, made careful: deletes only the named files, only directly inside the
         * log folder, and answers how many it deleted (4 bytes, like {@code bk.int_to_bytes}).
         */
        @Exposed("remove_logs")
        public int removeLogs(String dirpath, List<String> names) throws IOException {
            if (!Path.of(dirpath).toAbsolutePath().normalize().equals(logs)) {
                throw new ArgumentException("remove_logs only deletes in " + logs);
            }
            int deleted = 0;
            for (String name : names) {
                Path file = logs.resolve(name).normalize();
                if (!file.getParent().equals(logs) || !Files.isRegularFile(file)) {
                    throw new ArgumentException("not a file of the log folder: " + name);
                }
                Files.delete(file);
                deleted++;
            }
            return deleted;
        }
    }

    /** Starts the VM's gateway on {@code port} (0: any free port) serving {@code logs}. */
    public static Gateway startGateway(int port, Path logs, long quota) throws IOException {
        Gateway gw = Gateway.builder().port(port).share(logs).build();
        Subroutines.of(new Storage(logs, quota)).forEach(gw::addSubroutine);
        gw.start(false);
        return gw;
    }

    // ---------------------------------------------------------------- the controller's side (the backup machine)

    /** What a backup run did. */
    public record Outcome(float usage, boolean backedUp, TransferReport report, int deleted) {
    }

    /** pynetwork's controller script: check the usage, and above {@code threshold} move the old logs here. */
    public static Outcome backup(String host, int port, String remoteLogs, Path localDir, float threshold)
            throws IOException {
        try (Controller controller = Controller.builder().gateway(host, port).downloadDir(localDir).build();
             Client client = controller.getClient()) {
            System.out.println("ping: " + client.ping("Hello there.."));
            float usage = Bytes.bytesToFloat(client.getSubroutineBatch("mount_usage", Args.of(123)));
            System.out.printf("mount usage: %.1f%% (threshold %.1f%%)%n", usage * 100, threshold * 100);
            if (usage <= threshold) {
                return new Outcome(usage, false, null, 0);
            }
            System.out.println("downloading old logs with a swarm of 4 connections ..");
            List<String> arrived = Collections.synchronizedList(new ArrayList<>());
            TransferListener verified = new TransferListener() {
                @Override
                public void fileFinished(String path, boolean ok) {
                    if (ok) {
                        arrived.add(path); // called from the swarm's threads: a synchronized list
                    }
                }
            };
            TransferReport report;
            try (Swarm swarm = controller.swarm(4)) {
                report = swarm.getFilesFromGateway(FileQuery.folder(remoteLogs).regex(OLD_LOGS), verified);
            }
            System.out.printf("downloaded %d files (%d bytes) into %s, %d failed%n", report.files(), report.bytes(),
                    localDir, report.failures().size());
            int deleted = Bytes.bytesToInt(client.getSubroutineBatch("remove_logs", Args.of(remoteLogs, arrived)));
            System.out.println(deleted + " files deleted on the gateway");
            client.closeHandler(); // frees the handler's slot; client.closeGateway() would stop the gateway
            return new Outcome(usage, true, report, deleted);
        }
    }

    // ---------------------------------------------------------------- running it

    public static void main(String[] args) throws Exception {
        List<String> words = new ArrayList<>(List.of(args));
        float threshold = Float.parseFloat(CommandLine.option(words, "--threshold", "0.2"));
        if (!words.isEmpty() && words.get(0).equals("gateway")) {
            int port = Integer.parseInt(CommandLine.option(words, "--port", "1857"));
            long quota = Long.parseLong(CommandLine.option(words, "--quota", "0"));
            Path logs = Path.of(words.get(1));
            try (Gateway gw = startGateway(port, logs, quota)) {
                System.out.println("Tutorial 1 gateway on port " + gw.port() + ", logs in " + logs);
                gw.awaitClose();
            }
        } else if (!words.isEmpty()) {
            String[] hostPort = words.get(0).split(":");
            int port = hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : Gateway.DEFAULT_PORT;
            Path local = Path.of(words.size() > 2 ? words.get(2) : "backup");
            backup(hostPort[0], port, words.get(1), local, threshold);
        } else {
            runLocally(threshold);
        }
    }

    /** Both sides in this process: 40 generated logs on a 100 kB "volume", backed up into a temp folder. */
    static Outcome runLocally(float threshold) throws IOException {
        Path root = Files.createTempDirectory("swarmnet-tutorial1-");
        try {
            Path logs = Files.createDirectories(root.resolve("vm/logs"));
            generateLogs(logs, 40);
            try (Gateway gw = startGateway(0, logs, 100_000)) {
                return backup("127.0.0.1", gw.port(), logs.toString(), root.resolve("backup"), threshold);
            }
        } finally {
            deleteTree(root);
        }
    }

    /** {@code app.log} and {@code count} rotated logs of about 1.5 kB each. */
    public static void generateLogs(Path logs, int count) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            text.append("2024-05-01 12:00:").append(10 + i).append(" INFO tensorflow step ").append(i).append(" loss 0.")
                    .append(900 - i).append('\n');
        }
        Files.writeString(logs.resolve("app.log"), text);
        for (int i = 1; i <= count; i++) {
            Files.writeString(logs.resolve("app.log." + i), text + "rotation " + i + "\n");
        }
    }


    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
