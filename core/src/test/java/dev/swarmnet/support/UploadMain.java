package dev.swarmnet.support;

import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileFailure;
import dev.swarmnet.FileQuery;
import dev.swarmnet.TransferReport;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An upload from a process of its own (for {@link ChildJvm}), so that the client side can run where file
 * modes bind ({@link ChildJvm#startBoundByFileModes}) while the gateway stays in the test's JVM. Arguments:
 * {@code port dirname folder FOLDER} (sendFolderToGateway, recursive) or {@code port dirname files FILE...}
 * (sendFilesToGateway). It says what the report holds and whether the connection still answers a ping.
 */
public final class UploadMain {
    /** What the child's upload gave: files sent, failures by path with their reasons, a ping answered after. */
    public record Upload(int files, Map<String, String> failures, boolean stillConnected) {
    }

    private UploadMain() {
    }

    /** Runs the upload in a child JVM bound by file modes, against the gateway on loopback {@code port}. */
    public static Upload folder(int port, String dirname, Path folder) throws Exception {
        return run(port, dirname, "folder", folder.toString());
    }

    /** As {@link #folder}, with {@code sendFilesToGateway} and these files. */
    public static Upload files(int port, String dirname, List<Path> files) throws Exception {
        List<String> args = new ArrayList<>();
        files.forEach(f -> args.add(f.toString()));
        return run(port, dirname, "files", args.toArray(String[]::new));
    }

    private static Upload run(int port, String dirname, String kind, String... paths) throws Exception {
        List<String> args = new ArrayList<>(List.of(String.valueOf(port), dirname, kind));
        args.addAll(List.of(paths));
        try (ChildJvm child = ChildJvm.startBoundByFileModes(UploadMain.class, args.toArray(String[]::new))) {
            int files = Integer.parseInt(child.awaitLine("FILES ").substring(6));
            Map<String, String> failures = new TreeMap<>();
            for (String line; !(line = child.awaitLine("")).equals("PING"); ) {
                String[] failure = line.substring("FAILURE ".length()).split("\t", 2);
                failures.put(failure[0], failure[1]);
            }
            return new Upload(files, failures, child.awaitLine("DONE ").endsWith("pinged"));
        }
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        try (Controller controller = Controller.builder().gateway(TestGateway.HOST, Integer.parseInt(args[0])).build();
                Client client = controller.getClient()) {
            TransferReport report;
            if (args[2].equals("folder")) {
                report = client.sendFolderToGateway(args[1], FileQuery.folder(args[3]).recursive(true));
            } else {
                List<Path> files = new ArrayList<>();
                for (int i = 3; i < args.length; i++) {
                    files.add(Path.of(args[i]));
                }
                report = client.sendFilesToGateway(args[1], files);
            }
            out.println("FILES " + report.files());
            for (FileFailure f : report.failures()) {
                out.println("FAILURE " + f.path() + "\t" + f.reason().replace('\n', ' '));
            }
            out.println("PING"); // the failures end here
            out.println("DONE " + (client.ping("still here") != null ? "pinged" : "no answer"));
        }
    }
}
