package dev.swarmnet.cli;

import dev.swarmnet.Args;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A command that calls a subroutine by name with arguments. */
abstract class SubroutineCommand extends ClientCommand {
    @Parameters(index = "1", paramLabel = "NAME", description = "The subroutine's name.")
    String name;

    @Parameters(index = "2..*", paramLabel = "ARG",
            description = "Positional arguments: JSON when they look like it (42, -1.5, true, null, \"text\","
                    + " [1,2], {\"a\":1}), else text. Put -- before arguments that start with -.")
    List<String> positional;

    @Option(names = "--kw", paramLabel = "NAME=VALUE", converter = Values.KeywordConverter.class,
            description = "A keyword argument, VALUE read like ARG; repeatable.")
    List<Values.Keyword> keywords;

    @ArgGroup(validate = false, heading = Verbosity.HEADING, order = Verbosity.ORDER)
    OutputOptions out = new OutputOptions();

    Args args() {
        return Values.args(positional, keywords);
    }
}
