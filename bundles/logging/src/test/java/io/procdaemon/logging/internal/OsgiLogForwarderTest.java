package io.procdaemon.logging.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;

/** What the forwarder writes to java.util.logging for an entry of the OSGi Log service. */
class OsgiLogForwarderTest {

    private final Logger eventAdmin = Logger.getLogger(OsgiLogForwarder.EVENT_ADMIN);
    private final List<LogRecord> written = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            written.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        eventAdmin.setLevel(Level.INFO);
        eventAdmin.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        eventAdmin.removeHandler(capture);
        eventAdmin.setLevel(null);
    }

    /** EventAdmin's closed pool refusing an event at its stop is no warning of a clean stop. */
    @Test
    void eventAdminsClosedPoolAtItsStopIsNotAWarning() {
        new OsgiLogForwarder().logged(entry(OsgiLogForwarder.EVENT_ADMIN, LogLevel.WARN,
                "EventAdmin: Exception: java.util.concurrent.RejectedExecutionException: Task rejected",
                new RejectedExecutionException("Task rejected")));
        assertEquals(List.of(), written, "written at FINE, below the logger's INFO");
    }

    /** Its other warnings, and the same exception from another bundle, are written as they are. */
    @Test
    void everyOtherWarningIsWritten() {
        OsgiLogForwarder forwarder = new OsgiLogForwarder();
        forwarder.logged(entry(OsgiLogForwarder.EVENT_ADMIN, LogLevel.WARN, "EventAdmin: handler timed out", null));
        forwarder.logged(entry(OsgiLogForwarder.EVENT_ADMIN, LogLevel.WARN, "EventAdmin: Exception",
                new IllegalStateException("broken handler")));
        assertEquals(2, written.size());
        written.forEach(record -> assertEquals(Level.WARNING, record.getLevel()));
        assertEquals(false, OsgiLogForwarder.eventAdminClosing("com.example.app", new RejectedExecutionException()));
    }

    private static LogEntry entry(String bundleName, LogLevel level, String message, Throwable thrown) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> method.getName().equals("getSymbolicName") ? bundleName : null);
        return (LogEntry) Proxy.newProxyInstance(LogEntry.class.getClassLoader(), new Class<?>[] {LogEntry.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundle;
                    case "getLoggerName" -> "LogService." + bundleName;
                    case "getLogLevel" -> level;
                    case "getMessage" -> message;
                    case "getException" -> thrown;
                    case "getTime" -> 0L;
                    case "getThreadInfo" -> "Thread 1";
                    default -> null;
                });
    }
}
