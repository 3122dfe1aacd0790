package dev.swarmnet.cli;

import dev.swarmnet.RemoteException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * With {@code --json}, a failure is also one JSON object on stdout, so that a script reads one line whatever
 * happened: {@code {"error":"UNKNOWN_SUBROUTINE","message":"...","exit":1,"command":"swarmnet call"}}. The
 * error is the gateway's code for a remote failure, else what the exit code stands for. The stderr line and the
 * exit code stay as they are.
 */
final class JsonFailure {
    private static volatile boolean requested;

    private JsonFailure() {
    }

    /** Notes whether the command line asks for JSON: {@code --json} among the options, before any {@code --}. */
    static void noteRequest(String[] args) {
        List<String> words = Arrays.asList(args);
        int end = words.indexOf("--");
        requested = (end < 0 ? words : words.subList(0, end)).contains("--json");
    }

    /** Prints the object when JSON was asked for. */
    static void print(String command, int exit, Throwable failure, String message) {
        if (!requested) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("error", failure instanceof RemoteException r ? r.errorCode().name() : name(exit));
        fields.put("message", message);
        fields.put("exit", exit);
        fields.put("command", command);
        System.out.println(Json.write(fields));
        System.out.flush();
    }

    private static String name(int exit) {
        return switch (exit) {
            case ExitCodes.USAGE -> "USAGE";
            case ExitCodes.UNREACHABLE -> "UNREACHABLE";
            case ExitCodes.PARTIAL -> "PARTIAL";
            case ExitCodes.TIMED_OUT -> "DEADLINE_EXCEEDED";
            case ExitCodes.INTERRUPTED -> "INTERRUPTED";
            default -> "FAILED";
        };
    }
}
