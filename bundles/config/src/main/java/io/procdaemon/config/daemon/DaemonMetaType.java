package io.procdaemon.config.daemon;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeProvider;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The schema of {@code etc/daemon.toml} published as the OSGi Metatype description of
 * {@value DaemonSchema#PID}, so that the tools made for Metatype (a Web Console's configuration
 * editor, {@code MetaTypeService} clients) see every key with its type, default, allowed values
 * and validation. It is built from {@link DaemonSchema#keys()} when asked, not from an XML file:
 * reading Metatype XML at boot costs some 55 ms (see docs/PERFORMANCE.md), and the schema must
 * stay defined once. Validation is the schema's own, so a tool and the daemon agree.
 */
@Component(service = MetaTypeProvider.class, property = MetaTypeProvider.METATYPE_PID + "=" + DaemonSchema.PID)
public final class DaemonMetaType implements MetaTypeProvider {

    @Override
    public ObjectClassDefinition getObjectClassDefinition(String id, String locale) {
        return DaemonSchema.PID.equals(id) ? Description.INSTANCE : null;
    }

    @Override
    public String[] getLocales() {
        return null;
    }

    /** The description of the PID: every key, none required (each has its default). */
    private static final class Description implements ObjectClassDefinition {

        static final Description INSTANCE = new Description();
        private final AttributeDefinition[] attributes = DaemonSchema.keys().stream().map(Attribute::new)
                .toArray(AttributeDefinition[]::new);

        @Override
        public String getName() {
            return "proc-daemon: " + DaemonSchema.FILE;
        }

        @Override
        public String getID() {
            return DaemonSchema.PID;
        }

        @Override
        public String getDescription() {
            return "The daemon's own configuration, read from " + DaemonSchema.FILE
                    + " and DAEMON_SECTION__KEY environment variables (docs/configuration.md).";
        }

        @Override
        public AttributeDefinition[] getAttributeDefinitions(int filter) {
            return filter == REQUIRED ? new AttributeDefinition[0] : attributes.clone();
        }

        @Override
        public java.io.InputStream getIcon(int size) {
            return null;
        }
    }

    /** One key as a Metatype attribute. */
    private record Attribute(DaemonSchema.Key key) implements AttributeDefinition {

        @Override
        public String getName() {
            return key.name();
        }

        @Override
        public String getID() {
            return key.name();
        }

        @Override
        public String getDescription() {
            return key.summary() + " " + key.facts();
        }

        @Override
        public int getCardinality() {
            return 0;
        }

        @Override
        public int getType() {
            return switch (key.type()) {
                case INTEGER -> LONG;
                case BOOLEAN -> BOOLEAN;
                case STRING -> STRING;
            };
        }

        @Override
        public String[] getOptionValues() {
            return key.allowed().isEmpty() ? null : key.allowed().toArray(new String[0]);
        }

        @Override
        public String[] getOptionLabels() {
            return getOptionValues();
        }

        /** @return "" when valid, else the schema's reason, which names what is valid */
        @Override
        public String validate(String value) {
            Object typed = value == null ? null : EnvironmentOverrides.convert(key, value);
            if (typed == null || typed instanceof java.math.BigInteger) {
                return "expected " + key.expected() + ", got \"" + value + "\"; valid: " + key.valid();
            }
            String problem = DaemonSchema.check(key, typed);
            return problem == null ? "" : problem;
        }

        @Override
        public String[] getDefaultValue() {
            return new String[] {String.valueOf(key.defaultValue())};
        }
    }
}
