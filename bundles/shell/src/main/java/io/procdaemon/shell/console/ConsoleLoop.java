package io.procdaemon.shell.console;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.apache.felix.service.command.Job;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import io.procdaemon.shell.server.CommandErrors;
import io.procdaemon.shell.server.CommandGuide;
import io.procdaemon.shell.server.Completions;
import io.procdaemon.shell.server.GogoJobs;

/**
 * The console's read-execute loop: JLine line editing, history in {@code ~/.proc-daemon_history}
 * (shared with {@code bin/proc-daemon client}), completion of command names, Ctrl-C interrupting
 * the running command. Returns when the operator leaves.
 */
final class ConsoleLoop {

    private final CommandProcessor processor;
    private final Completions completions;
    private final CommandGuide guide;
    private final Terminal terminal;
    private volatile boolean closed;
    private volatile Thread commandThread;
    private CommandSession session;

    ConsoleLoop(CommandProcessor processor, Completions completions, CommandGuide guide) throws IOException {
        this.processor = processor;
        this.completions = completions;
        this.guide = guide;
        // JLine finds its terminal providers through the context class loader, which here is the
        // launcher's; its own bundle's loader has them.
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(Terminal.class.getClassLoader());
        try {
            terminal = TerminalBuilder.builder().name("proc-daemon").system(true).nativeSignals(true).build();
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    void run() {
        PrintStream out = new PrintStream(terminal.output(), true, StandardCharsets.UTF_8);
        session = GogoJobs.newSession(processor, terminal.input(), out, out);
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("proc-daemon")
                .completer((lineReader, parsed, candidates) -> completions
                        .candidates(parsed.line().substring(0, parsed.cursor()), commandNames())
                        .forEach(word -> candidates.add(new Candidate(word))))
                .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".proc-daemon_history"))
                .build();
        terminal.handle(Terminal.Signal.INT, signal -> interrupt());
        terminal.writer().println("proc-daemon console: 'help' lists the commands; 'exit' or Ctrl-D stops the daemon");
        terminal.flush();
        try {
            while (!closed) {
                String line;
                try {
                    line = reader.readLine("proc-daemon> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    return;
                }
                String command = line.strip();
                if (command.equals("exit") || command.equals("logout") || command.equals("shutdown")) {
                    return;
                }
                if (!command.isEmpty()) {
                    execute(command, out);
                }
            }
        } finally {
            close();
        }
    }

    private void execute(String command, PrintStream out) {
        commandThread = Thread.currentThread();
        try {
            java.util.Optional<String> refused = guide.refuse(command);
            if (refused.isPresent()) {
                terminal.writer().println("Error: " + refused.get());
                return;
            }
            Object result = session.execute(command);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            terminal.writer().println("Error: " + CommandErrors.message(command, e, commandNames(), guide));
        } finally {
            commandThread = null;
            Thread.interrupted(); // an interrupt meant for the command ends with it
            if (!GogoJobs.endForeground(session)) {
                terminal.writer().println("(the interrupted command did not end; a new session replaces this one)");
                CommandSession stuck = session;
                session = GogoJobs.newSession(processor, terminal.input(), out, out);
                stuck.close();
            }
            out.flush();
            terminal.flush();
        }
    }

    private void interrupt() {
        Thread thread = commandThread;
        if (thread != null) {
            Job job = session.foregroundJob();
            if (job != null) {
                job.interrupt();
            }
            thread.interrupt();
        }
    }

    private List<String> commandNames() {
        Object names = session.get(".commands");
        List<String> result = new ArrayList<>();
        if (names instanceof Collection<?> collection) {
            collection.forEach(name -> result.add(String.valueOf(name)));
        }
        return result;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (session != null) {
            session.close();
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }
}
