package dev.autoloss.jobs.cli;

import java.io.FileDescriptor;
import java.lang.reflect.Field;

/**
 * The console's stderr as the {@code autoloss} launcher hands it over. Native libraries (TensorFlow's absl logging,
 * which ignores TF_CPP_MIN_LOG_LEVEL before absl::InitializeLog) write to the process's descriptor 2, so the launcher
 * points that at the log file and passes the console on as another descriptor, named by {@value #VARIABLE}.
 */
final class LauncherConsole {

    static final String VARIABLE = "AUTOLOSS_CONSOLE_FD";

    private LauncherConsole() {}

    /**
     * Points Java's stderr ({@link FileDescriptor#err}, which System.err and libraries that bypass it, such as the
     * progress bar, write through) at the handed-over descriptor. Writing through that descriptor itself, rather than
     * reopening /dev/fd/N, keeps one file offset with stdout when both go to one file ({@code > out.txt 2>&1}).
     * Needs the launcher's --add-opens java.base/java.io; without the variable nothing changes.
     */
    static void restoreStderr() {
        String descriptor = System.getenv(VARIABLE);
        if (descriptor == null || !descriptor.matches("\\d{1,4}")) {
            return;
        }
        try {
            Field fd = FileDescriptor.class.getDeclaredField("fd");
            fd.setAccessible(true);
            fd.setInt(FileDescriptor.err, Integer.parseInt(descriptor));
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("autoloss: cannot write to the console's descriptor " + descriptor + " (" + e + "); see " + VARIABLE);
        }
    }
}
