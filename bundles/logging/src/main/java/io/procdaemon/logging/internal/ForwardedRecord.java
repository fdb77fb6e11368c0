package io.procdaemon.logging.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A record of the OSGi Log service, forwarded: it carries what java.util.logging has no field
 * for, the bundle that logged it and the thread it was logged on (Felix Log hands entries over on
 * its own thread). The daemon's log handler (the launcher's {@code LogEvent}) reads them through
 * {@code Supplier<Map<String, String>>}, a JDK type, so no class crosses the framework boundary;
 * JSON lines show them as {@code bundle} and {@code thread}.
 */
final class ForwardedRecord extends LogRecord implements Supplier<Map<String, String>> {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> fields;

    /**
     * @param bundle the bundle's symbolic name, or {@code null}
     * @param thread the logging thread as the Log service describes it (R7 {@code getThreadInfo()}), or {@code null}
     */
    ForwardedRecord(Level level, String message, String bundle, String thread) {
        super(level, message);
        Map<String, String> known = new HashMap<>(2);
        if (bundle != null) {
            known.put("bundle", bundle);
        }
        if (thread != null && !thread.isEmpty()) {
            known.put("thread", thread);
        }
        this.fields = Map.copyOf(known);
    }

    @Override
    public Map<String, String> get() {
        return fields;
    }
}
