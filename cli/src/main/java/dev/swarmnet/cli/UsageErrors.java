package dev.swarmnet.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** A command-line mistake: the error line, the command's synopsis, and where to read more; exit 2. */
final class UsageErrors implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        JsonFailure.print(cl.getCommandSpec().qualifiedName(), ExitCodes.USAGE, ex, ex.getMessage());
        err.println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        suggest(ex, cl, err);
        err.print("Usage: " + cl.getHelp().synopsis("Usage: ".length()));
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /**
     * For a word where a command belongs, the commands nearest to it by edit distance ({@link Suggestions});
     * for anything else picocli's suggestions.
     */
    private static void suggest(ParameterException ex, CommandLine cl, PrintWriter err) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !cl.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            List<String> near = Suggestions.closest(u.getUnmatched().get(0), cl.getSubcommands().keySet());
            if (!near.isEmpty()) {
                String name = cl.getCommandSpec().qualifiedName();
                err.println("Did you mean: " + name + " " + String.join(" or " + name + " ", near) + "?");
            }
            return;
        }
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    }
}
