package dev.pedigree.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process started, closed in the reverse order. {@link PedigreeServer} registers each part as soon as it
 * runs, so a part that fails to start closes the ones before it; {@code serve} and {@code demo} use it to close
 * the server and the embedded runtime once, whether the JVM is told to stop or the command ends.
 */
public final class Closer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Closer.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private Thread shutdownHook;

    /** Registers {@code part}, to be closed before everything registered earlier; returns it. */
    public synchronized <T extends AutoCloseable> T register(T part) {
        started.push(part);
        return part;
    }

    /** Closes everything when the JVM is told to stop (Ctrl-C, SIGTERM). */
    public synchronized void closeOnShutdown() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::close, "pedigree-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /** Waits until {@link #close()} has run, from the shutdown hook or another thread. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Closes every registered part, newest first; a part that fails to close is logged and the rest still close. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("Closing {} failed", part, e);
            }
        }
        closed.countDown();
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs or ran; it finds nothing left to close
            }
            shutdownHook = null;
        }
    }
}
