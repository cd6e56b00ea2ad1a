package dev.autoloss.jobs.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** What the project's loggers ({@code dev.autoloss}) write while it is open, as the log would show it. */
public final class LogCapture implements AutoCloseable {

    private static final String LOGGERS = "dev.autoloss";

    private final StringWriter text = new StringWriter();
    private final WriterAppender appender;
    private final LoggerConfig logger;

    public LogCapture() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("capture-" + System.identityHashCode(this)).setTarget(text)
                .setLayout(PatternLayout.newBuilder().withPattern("%-5level %c{1} - %msg%n%throwable").build()).build();
        appender.start();
        logger = config.getLoggerConfig(LOGGERS);
        logger.addAppender(appender, null, null);
        context.updateLoggers();
    }

    /** Everything logged so far, stack traces included. */
    public String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    @Override
    public void close() {
        logger.removeAppender(appender.getName());
        appender.stop();
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
    }
}
