package dev.pedigree.embedded;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of a child JVM that must not outlive its parent: it exits when the parent process ends, however
 * the parent ended (even {@code kill -9}), then runs the real main class.
 *
 * <p>Usage: {@code java -cp <this class>:<app> dev.pedigree.runtime.ParentWatchdog PARENT_PID MAIN_CLASS ARGS...}.
 * It uses only the JDK, so its class file alone is put on the child's class path.
 */
public final class ParentWatchdog {

    private ParentWatchdog() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ParentWatchdog PARENT_PID MAIN_CLASS [ARGS...]");
        }
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
}
