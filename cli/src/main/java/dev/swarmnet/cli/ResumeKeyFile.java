package dev.swarmnet.cli;

import java.nio.file.Path;

/**
 * Where the command keeps the key that names this user's striped uploads on gateways
 * ({@code Controller.Builder.resumeKeyFile}): {@code $XDG_STATE_HOME/swarmnet/resume-key}, by default
 * {@code ~/.local/state/swarmnet/resume-key}, as the XDG base directory rules put state that outlives a run.
 */
final class ResumeKeyFile {
    private ResumeKeyFile() {
    }

    /** The key file's path; null when neither the variable nor a home folder says where. */
    static Path location() {
        String state = System.getenv("XDG_STATE_HOME");
        if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) {
            return Path.of(state, "swarmnet", "resume-key");
        }
        String home = System.getProperty("user.home");
        if (home == null || home.isBlank() || home.equals("?")) {
            return null;
        }
        return Path.of(home, ".local", "state", "swarmnet", "resume-key");
    }
}
