package dev.autoloss.jobs.cli;

import dev.autoloss.jobs.snapshot.RedisAddress;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Errors are for people: a bad flag or a failed command prints one line naming the problem and exits
 * non-zero. The stack trace is printed only with {@code --verbose} (or {@code AUTOLOSS_VERBOSE=1}).
 */
final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {

    static final int BAD_USAGE = 2;
    static final int FAILED = 1;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("autoloss: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        return BAD_USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        cmd.getErr().println("autoloss: " + describe(ex));
        if (verbose(parseResult)) {
            ex.printStackTrace(cmd.getErr());
        }
        return FAILED;
    }

    /** The message, with the password of any URI in it masked (every Redis message is built redacted; this is the last guard). */
    private static String describe(Throwable ex) {
        String message = ex.getMessage();
        return message == null || message.isBlank() ? ex.getClass().getSimpleName() : RedisAddress.redact(message);
    }

    private static boolean verbose(ParseResult parseResult) {
        if ("1".equals(System.getenv("AUTOLOSS_VERBOSE"))) {
            return true;
        }
        for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.originalArgs().contains("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
