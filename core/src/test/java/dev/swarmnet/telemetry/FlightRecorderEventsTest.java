package dev.swarmnet.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarmnet.Args;
import dev.swarmnet.BatchSubroutine;
import dev.swarmnet.Client;
import dev.swarmnet.Controller;
import dev.swarmnet.FileQuery;
import dev.swarmnet.Gateway;
import dev.swarmnet.RemoteException;
import dev.swarmnet.StreamSubroutine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flight recording of real traffic holds swarmnet's events, with the figures of what happened. */
class FlightRecorderEventsTest {
    @TempDir
    Path tmp;

    @Test
    void aRecordingHoldsCallsStreamsTransfersAndConnections() throws Exception {
        Path share = Files.createDirectories(tmp.resolve("share"));
        Files.write(share.resolve("a.bin"), new byte[1234]);
        Path jfr = tmp.resolve("run.jfr");
        try (Recording recording = new Recording()) {
            for (String name : List.of("Call", "Stream", "Transfer", "Connection", "HandshakeFailure", "Stall")) {
                recording.enable("dev.swarmnet." + name).withoutThreshold();
            }
            recording.start();
            try (Gateway gw = Gateway.builder().port(0).share(share).build()) {
                gw.addSubroutine("echo", (BatchSubroutine) call -> call.arg(0, byte[].class));
                gw.addSubroutine("count", (StreamSubroutine) (call, out) -> {
                    for (int i = 0; i < 10; i++) {
                        out.emit(i, new byte[100]);
                    }
                });
                gw.start(false);
                try (Controller c = Controller.builder().gateway("127.0.0.1", gw.port())
                        .downloadDir(tmp.resolve("in")).build(); Client client = c.getClient()) {
                    client.getSubroutineBatch("echo", Args.of(new byte[64]));
                    assertThatThrownBy(() -> client.getSubroutineBatch("nope", Args.none()))
                            .isInstanceOf(RemoteException.class);
                    client.getSubroutineStream("count", Args.none(), (name, ident, bytes) -> true);
                    client.getFilesFromGateway(FileQuery.folder("."));
                }
            }
            recording.stop();
            recording.dump(jfr);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);

        assertThat(events.stream().filter(e -> e.getEventType().getName().startsWith("dev.swarmnet.")))
                .isNotEmpty().allSatisfy(e -> {
                    assertThat(e.getEventType().getCategoryNames()).containsExactly("swarmnet");
                    assertThat(e.getStackTrace()).as("no stack trace: they are taken on hot paths").isNull();
                });
        List<RecordedEvent> calls = named(events, "dev.swarmnet.Call");
        assertThat(calls).anySatisfy(e -> {
            assertThat(e.getString("side")).isEqualTo("gateway");
            assertThat(e.getString("subroutine")).isEqualTo("echo");
            assertThat(e.getString("kind")).isEqualTo("batch");
            assertThat(e.getString("outcome")).isEqualTo("OK");
            assertThat(e.getLong("bytesOut")).isGreaterThanOrEqualTo(64);
        });
        assertThat(calls).anySatisfy(e -> {
            assertThat(e.getString("side")).isEqualTo("client");
            assertThat(e.getString("subroutine")).isEqualTo("nope");
            assertThat(e.getString("outcome")).isEqualTo("UNKNOWN_SUBROUTINE");
        });
        assertThat(calls).as("the gateway names no subroutine it does not hold")
                .noneMatch(e -> "gateway".equals(e.getString("side")) && "nope".equals(e.getString("subroutine")));
        assertThat(named(events, "dev.swarmnet.Stream")).anySatisfy(e -> {
            assertThat(e.getString("side")).isEqualTo("gateway");
            assertThat(e.getLong("chunks")).isEqualTo(10);
            assertThat(e.getLong("bytes")).isEqualTo(1000);
        });
        assertThat(named(events, "dev.swarmnet.Transfer")).anySatisfy(e -> {
            assertThat(e.getString("side")).isEqualTo("client");
            assertThat(e.getString("direction")).isEqualTo("download");
            assertThat(e.getLong("files")).isEqualTo(1);
            assertThat(e.getLong("bytes")).isEqualTo(1234);
            assertThat(e.getLong("failures")).isZero();
        });
        assertThat(named(events, "dev.swarmnet.Connection").stream().map(e -> e.getString("side"))
                .collect(Collectors.toSet())).containsExactlyInAnyOrder("gateway", "client");
    }

    @Test
    void aFailedAuthenticationIsRecorded() throws Exception {
        Path jfr = tmp.resolve("auth.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("dev.swarmnet.HandshakeFailure").withoutThreshold();
            recording.start();
            try (Gateway gw = Gateway.builder().port(0).secret("the right one, long enough").build()) {
                gw.start(false);
                try (Controller c = Controller.builder().gateway("127.0.0.1", gw.port())
                        .secret("a wrong one, as long as it").build()) {
                    assertThatThrownBy(c::getClient).isInstanceOf(java.io.IOException.class);
                }
            }
            recording.stop();
            recording.dump(jfr);
        }
        assertThat(named(RecordingFile.readAllEvents(jfr), "dev.swarmnet.HandshakeFailure"))
                .anySatisfy(e -> {
                    assertThat(e.getString("side")).isEqualTo("gateway");
                    assertThat(e.getBoolean("authentication")).isTrue();
                });
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }
}
