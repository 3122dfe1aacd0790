package dev.swarmnet.cli;

import dev.swarmnet.Gateway;
import dev.swarmnet.Subroutines;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a command: what {@code bin/swarmnet} runs once for each new jar (and JDK) to list the classes the
 * commands load, from which it makes a class-data sharing archive (see docs/COMMAND.md). It
 * runs the commands in this process, as a user would, against a gateway on loopback with a few small files,
 * and discards their output. Whatever fails here only leaves classes out of the archive.
 */
final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream none = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        System.setOut(none);
        System.setErr(none);
        Path dir = Files.createTempDirectory("swarmnet-cds-");
        try {
            train(dir);
        } finally {
            DemoFolder.deleteQuietly(dir);
            System.setOut(out);
            System.setErr(err);
        }
        System.exit(0); // the class list is written at exit
    }

    private static void train(Path dir) throws Exception {
        run("--help");
        run("--version");
        run("fly");
        for (Class<?> type : SwarmnetCommand.COMMANDS) {
            String name = type.getAnnotation(picocli.CommandLine.Command.class).name();
            run(name, "--help");
            run(name, "--no-such-option");
        }
        run("gateway", "--port", "-1");

        Path share = Files.createDirectories(dir.resolve("share"));
        Path sub = Files.createDirectories(share.resolve("logs"));
        for (int i = 0; i < 40; i++) {
            Files.writeString((i % 4 == 0 ? sub : share).resolve("file-" + i + ".log"), "line " + i + "\n".repeat(i));
        }
        Path upload = Files.write(dir.resolve("upload.bin"), new byte[64 * 1024]);
        String out = dir.resolve("downloads").toString();
        try (Gateway gateway = Gateway.builder().port(0).bindAddress(InetAddress.getLoopbackAddress())
                .maxPoolSize(8).share(share).downloadDir(dir.resolve("uploads")).build()) {
            Subroutines.of(new DemoSubroutines(share)).forEach(gateway::addSubroutine);
            gateway.start(false);
            String host = "127.0.0.1:" + gateway.port();
            run("ping", host, "-n", "2");
            run("ping", host, "-n", "1", "--json");
            run("get", host, "--folder", share.toString(), "-r", "-o", out + "1");
            run("get", host, "--folder", share.toString(), "--regex", ".+\\.log", "-c", "2", "-o", out + "2", "--json");
            run("get", host, "--file", "file-1.log", "nothing-here", "-o", out + "3", "--quiet");
            run("put", host, upload.toString(), "--dirname", "one");
            run("put", host, upload.toString(), share.resolve("file-1.log").toString(), "-c", "2", "--json");
            run("put", "-r", host, share.toString(), "--dirname", "tree");
            run("put", "-r", host, share.toString(), "--dirname", "tree", "-c", "2", "--json");
            run("put", "-r", "-n", host, share.toString(), "--dirname", "tree");
            run("call", host, "echo", "text");
            run("call", host, "mount_usage", "1", "--as", "float");
            run("call", host, "echo", "\"[1, {\\\"a\\\": 2}]\"", "--as", "json");
            run("call", host, "no_such_subroutine");
            run("send", host, "set_io", "2", "--kw", "mode=fast", "--data", upload.toString());
            run("stream", host, "sensor", "5", "--max", "3", "--ident");
            run("close", host);
        } catch (Exception e) {
            // no loopback gateway here: the archive holds the rest
        }
        run("ping", "127.0.0.1:1", "--connect-timeout", "1");
    }

    private static void run(String... args) {
        try {
            Main.run(args);
        } catch (RuntimeException e) {
            // reported on the discarded stderr; training goes on
        }
    }
}
