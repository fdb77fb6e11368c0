package io.procdaemon.config.install;

import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * What became of a file of {@code etc/}, for whoever counts it: posted to EventAdmin (when there is
 * one) under {@value #APPLIED} and {@value #REFUSED} with the property {@code file}
 * ({@code etc/app.toml}). The metrics bundle counts them ({@code procdaemon_config_applies_total},
 * {@code procdaemon_config_refusals_total}) without this bundle knowing it exists.
 *
 * <p>Applied: written to ConfigAdmin with a changed value (a file saved unchanged is not applied
 * again), by a file or by a {@code config:*} edit. Refused: a file refused whole, its
 * configuration left as it was (an edit refused by {@code config:*} writes no file and is told to
 * the operator at once: not counted).
 */
interface FileOutcomes {

    String APPLIED = "io/procdaemon/config/APPLIED";
    String REFUSED = "io/procdaemon/config/REFUSED";

    /** Hears nothing. */
    FileOutcomes NONE = new FileOutcomes() {
        @Override
        public void applied(String file) {
        }

        @Override
        public void refused(String file) {
        }
    };

    /** @param file as operators name it: {@code etc/app.toml} */
    void applied(String file);

    /** @param file as operators name it: {@code etc/app.toml} */
    void refused(String file);

    /**
     * @param eventAdmin where they are posted (asynchronously); {@code null}: nowhere
     * @return outcomes posted to EventAdmin
     */
    static FileOutcomes posted(java.util.function.Supplier<EventAdmin> eventAdmin) {
        return new FileOutcomes() {
            @Override
            public void applied(String file) {
                post(APPLIED, file);
            }

            @Override
            public void refused(String file) {
                post(REFUSED, file);
            }

            private void post(String topic, String file) {
                EventAdmin admin = eventAdmin.get();
                if (admin != null) {
                    admin.postEvent(new Event(topic, Map.of("file", file)));
                }
            }
        };
    }
}
