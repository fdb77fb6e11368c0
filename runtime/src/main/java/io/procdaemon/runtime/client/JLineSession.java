package io.procdaemon.runtime.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The client's interactive session on a terminal: JLine line editing, history in
 * {@code ~/.proc-daemon_history}, completion (command names, subsystem names, PIDs and keys,
 * bundles: the daemon answers what may complete the line). Loaded only when JLine
 * is on the class path (bin/proc-daemon puts {@code system/jline-*.jar} there).
 */
final class JLineSession {

    private JLineSession() {
    }

    static boolean available() {
        try {
            Class.forName("org.jline.reader.LineReader", false, JLineSession.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static int run(ShellClient client) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("proc-daemon")
                    .completer((lineReader, parsed, candidates) -> client
                            .complete(parsed.line().substring(0, parsed.cursor()))
                            .forEach(word -> candidates.add(new Candidate(word))))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".proc-daemon_history"))
                    .build();
            terminal.handle(Terminal.Signal.INT, signal -> client.interrupt());
            PrintStream out = new PrintStream(terminal.output(), true, terminal.encoding());
            terminal.writer().println("proc-daemon shell: 'help' lists the commands, 'exit' or Ctrl-D leaves (the daemon keeps running)");
            terminal.flush();
            int status = 0;
            while (true) {
                String line;
                try {
                    line = reader.readLine("proc-daemon> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt clears the line
                } catch (EndOfFileException e) {
                    return status;
                }
                String command = line.strip();
                if (command.isEmpty()) {
                    continue;
                }
                if (command.equals("exit") || command.equals("quit") || command.equals("logout")) {
                    return status;
                }
                status = client.execute(command, out, out);
            }
        }
    }
}
