package io.procdaemon.shell.server;

import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;

/**
 * Works around a Gogo 1.1 race: a job interrupted before Gogo has submitted it is never marked
 * done and stays the session's foreground job, so the session refuses every later command ("A
 * job is already in foreground"). After each command, an interrupted job is interrupted again
 * until it ends; one that will not end costs the caller its session.
 */
public final class GogoJobs {

    /** How long to wait for an interrupted job to end. */
    static final long JOB_END_NANOS = TimeUnit.SECONDS.toNanos(1);

    /**
     * Where an unscoped command name is looked up first. {@code start 12} and {@code stop 12} are
     * Gogo's bundle commands (felix:start, felix:stop), as in any Gogo shell; the subsystem commands
     * are always typed with their scope (daemon:start). Gogo's default, "*", picks one of the
     * same-named commands at random.
     */
    public static final String SCOPE = "felix:gogo:*";

    private GogoJobs() {
    }

    /** A new session with the daemon's settings ({@link #SCOPE}). */
    public static CommandSession newSession(org.apache.felix.service.command.CommandProcessor processor,
            java.io.InputStream in, java.io.OutputStream out, java.io.OutputStream err) {
        CommandSession session = processor.createSession(in, out, err);
        session.put("SCOPE", SCOPE);
        return session;
    }

    /**
     * @param session a session whose command has returned
     * @return true if no job is left in its foreground (then the session can run the next
     *         command); false if one would not end, or the wait was interrupted
     */
    public static boolean endForeground(CommandSession session) {
        Job job = session.foregroundJob();
        if (job == null) {
            return true;
        }
        long deadline = System.nanoTime() + JOB_END_NANOS;
        try {
            while (job.status() != Job.Status.Done && System.nanoTime() - deadline < 0) {
                job.interrupt(); // again: an interrupt before Gogo submitted the job is lost
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            // Closing, or another Ctrl-C: stop waiting; the flag stays clear for the caller's write.
        }
        return job.status() == Job.Status.Done;
    }
}
