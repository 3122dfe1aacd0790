package dev.swarmnet.internal.client;

import dev.swarmnet.TransferReport;
import dev.swarmnet.internal.telemetry.CallTrace;
import dev.swarmnet.internal.telemetry.Outcome;
import dev.swarmnet.internal.telemetry.Telemetry;
import dev.swarmnet.internal.telemetry.TelemetryListener;
import dev.swarmnet.internal.telemetry.TransferTrace;
import java.io.IOException;
import java.util.function.ToLongFunction;

/** The client's calls and transfers as they are reported (JFR events, metrics): around the work, on its thread. */
public final class Traced {
    private Traced() {
    }

    /** Work that may fail as an operation does. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    /**
     * A call of {@code kind} to {@code subroutine} sending {@code bytesOut}; {@code bytesIn} tells what its result
     * brought back.
     */
    public static <T> T call(String peer, String kind, String subroutine, long bytesOut, ToLongFunction<T> bytesIn,
            Work<T> work) throws IOException {
        CallTrace trace = Telemetry.client().call(peer, kind).named(subroutine);
        trace.sent(bytesOut);
        try {
            T result = work.run();
            trace.received(bytesIn.applyAsLong(result));
            return result;
        } catch (IOException | RuntimeException | Error e) {
            trace.failed(Outcome.of(e));
            throw e;
        } finally {
            trace.end();
        }
    }

    /** A transfer in {@code direction} (download or upload) over {@code connections} connections. */
    public static TransferReport transfer(String peer, String direction, int connections, Work<TransferReport> work)
            throws IOException {
        TransferTrace trace = Telemetry.client().transfer(peer, connections);
        TransferReport report = null;
        try {
            report = work.run();
            return report;
        } catch (IOException | RuntimeException | Error e) {
            trace.ended(direction, Outcome.of(e), 0, 0, 0);
            throw e;
        } finally {
            if (report != null) {
                int failed = report.failures().size();
                trace.ended(direction, failed == 0 ? TelemetryListener.OK : TelemetryListener.FILES_FAILED,
                        report.files(), report.bytes(), failed);
            }
        }
    }
}
