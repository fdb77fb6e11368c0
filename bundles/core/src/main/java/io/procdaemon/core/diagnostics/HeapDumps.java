package io.procdaemon.core.diagnostics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;

import javax.management.JMException;
import javax.management.JMRuntimeException;
import javax.management.ObjectName;

/**
 * The daemon's one way to write a heap dump: {@code daemon:heapdump} and a hard resource limit
 * with {@code resources.on_hard_limit = "heapdump"} both come here, so both name their files
 * alike ({@code heap-<UTC time>[-<detail>].hprof} in {@code data/}, see {@link DumpFiles}).
 *
 * <p>The dump goes through the platform's {@code HotSpotDiagnostic} MBean, called by name so that
 * the core bundle needs no {@code com.sun.management} import (and resolves on a JVM without it;
 * there the dump fails with a message). Only live objects are dumped (a full collection first):
 * the file is smaller and garbage says nothing about a leak. The calling thread blocks until the
 * file is complete, and the JVM is paused while it is written (about a second per GiB of heap).
 */
public final class HeapDumps {

    static final String KIND = "heap";
    static final String EXTENSION = ".hprof";

    private HeapDumps() {
    }

    /**
     * @param files where to write
     * @param at the time to name it by
     * @param detail what caused it ({@code rss}, ...), may be empty
     * @return the file written, absolute
     * @throws IOException when the folder cannot be created or the JVM cannot write the file (a
     *         full disk, no permission); the message names the file and the reason
     */
    public static Path write(DumpFiles files, Instant at, String detail) throws IOException {
        Path file = files.next(KIND, at, detail, EXTENSION);
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=HotSpotDiagnostic"),
                    "dumpHeap", new Object[] {file.toString(), Boolean.TRUE},
                    new String[] {String.class.getName(), boolean.class.getName()});
        } catch (JMException | JMRuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("could not write a heap dump to " + file + ": " + cause.getMessage(), e);
        }
        return file;
    }
}
