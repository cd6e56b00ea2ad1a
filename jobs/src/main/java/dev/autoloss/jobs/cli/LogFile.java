package dev.autoloss.jobs.cli;

import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.RollingFileAppender;

/** The file that log4j2.xml's "file" appender writes: other libraries' warnings, and native stderr under the launcher. */
final class LogFile {

    private LogFile() {}

    /** Its path; empty under a log4j configuration without it. */
    static Optional<String> path() {
        return LogManager.getContext(false) instanceof LoggerContext context
                && context.getConfiguration().getAppender("file") instanceof RollingFileAppender file
                ? Optional.of(file.getFileName()) : Optional.empty();
    }
}
