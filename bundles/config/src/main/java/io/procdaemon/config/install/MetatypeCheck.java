package io.procdaemon.config.install;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.procdaemon.config.toml.ConfigFileName;
import io.procdaemon.config.toml.ConfigProblem;
import io.procdaemon.config.toml.Translation;

/**
 * Checks a translated file against the Metatype description a bundle publishes for its PID (or
 * factory PID): the keys the file holds, each by its attribute's type, cardinality and options and
 * the attribute's own validation. Keys the description does not name are allowed, as ConfigAdmin
 * and DS allow them. Keys the description marks required but the file leaves out are not refused:
 * descriptions mark keys required that their component defaults itself (Felix HTTP's marks some
 * twenty), and refusing those would make a valid file unusable, or accepted at boot (before the
 * description is published) and refused live. A PID that no installed bundle describes is not
 * checked; its file is checked again when a describing bundle starts (see TomlConfigInstaller).
 */
final class MetatypeCheck {

    private MetatypeCheck() {
    }

    /**
     * @return the problems the description of the file's PID finds (none: the file fits it), or
     *         empty when no installed bundle describes the PID (or Metatype is absent): not checked
     */
    static Optional<List<ConfigProblem>> validate(MetaTypeService metatype, BundleContext context, ConfigFileName id,
            Translation translation) {
        ObjectClassDefinition description = metatype == null ? null : find(metatype, context, id);
        if (description == null) {
            return Optional.empty();
        }
        String subject = "the Metatype description of " + (id.factoryPid().isEmpty() ? id.pid() : id.factoryPid())
                + " (" + description.getName() + ")";
        List<ConfigProblem> problems = new ArrayList<>();
        AttributeDefinition[] all = description.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition definition : all == null ? new AttributeDefinition[0] : all) {
            String key = definition.getID();
            Object value = translation.properties().get(key);
            if (value == null) {
                continue;
            }
            String problem = check(definition, value);
            if (problem != null) {
                int[] position = translation.positions().getOrDefault(key, new int[] {0, 0});
                problems.add(new ConfigProblem(translation.file(), position[0], position[1], key,
                        problem + " (" + subject + ")"));
            }
        }
        return Optional.of(problems);
    }

    /** @return the PIDs and factory PIDs the bundle describes (none if it describes nothing) */
    static Set<String> describedPids(MetaTypeService metatype, Bundle bundle) {
        Set<String> pids = new HashSet<>();
        MetaTypeInformation information = metatype.getMetaTypeInformation(bundle);
        if (information != null) {
            for (String[] described : new String[][] {information.getPids(), information.getFactoryPids()}) {
                if (described != null) {
                    pids.addAll(Arrays.asList(described));
                }
            }
        }
        return pids;
    }

    private static ObjectClassDefinition find(MetaTypeService metatype, BundleContext context, ConfigFileName id) {
        boolean factory = !id.factoryPid().isEmpty();
        String pid = factory ? id.factoryPid() : id.pid();
        for (Bundle bundle : context.getBundles()) {
            MetaTypeInformation information = metatype.getMetaTypeInformation(bundle);
            if (information == null) {
                continue;
            }
            String[] pids = factory ? information.getFactoryPids() : information.getPids();
            if (pids != null && Arrays.asList(pids).contains(pid)) {
                return information.getObjectClassDefinition(pid, null);
            }
        }
        return null;
    }

    /** @return what is wrong with the value, or {@code null} */
    static String check(AttributeDefinition definition, Object value) {
        boolean array = value.getClass().isArray();
        if (array && definition.getCardinality() == 0) {
            return "takes one value (" + typeName(definition.getType()) + "), not an array";
        }
        int length = array ? Array.getLength(value) : 1;
        for (int i = 0; i < length; i++) {
            Object element = array ? Array.get(value, i) : value;
            String problem = checkOne(definition, element);
            if (problem != null) {
                return array ? "element " + (i + 1) + ": " + problem : problem;
            }
        }
        return null;
    }

    private static String checkOne(AttributeDefinition definition, Object value) {
        int type = definition.getType();
        boolean typeFits = switch (type) {
            case AttributeDefinition.STRING, AttributeDefinition.PASSWORD -> value instanceof String;
            case AttributeDefinition.LONG -> value instanceof Long;
            case AttributeDefinition.INTEGER -> value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE;
            case AttributeDefinition.SHORT -> value instanceof Long l && l >= Short.MIN_VALUE && l <= Short.MAX_VALUE;
            case AttributeDefinition.BYTE -> value instanceof Long l && l >= Byte.MIN_VALUE && l <= Byte.MAX_VALUE;
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> value instanceof Double || value instanceof Long;
            case AttributeDefinition.BOOLEAN -> value instanceof Boolean;
            case AttributeDefinition.CHARACTER -> value instanceof String s && s.length() == 1;
            default -> true;
        };
        if (!typeFits) {
            return "expected " + typeName(type) + ", got " + describe(value);
        }
        String[] options = definition.getOptionValues();
        if (options != null && options.length > 0 && !Arrays.asList(options).contains(value.toString())) {
            return "'" + value + "' is not one of the options " + Arrays.toString(options);
        }
        String invalid = definition.validate(value.toString());
        if (invalid != null && !invalid.isEmpty()) {
            return "'" + value + "' is invalid: " + invalid;
        }
        return null;
    }

    private static String typeName(int type) {
        return switch (type) {
            case AttributeDefinition.STRING -> "a string";
            case AttributeDefinition.PASSWORD -> "a string (password)";
            case AttributeDefinition.LONG -> "a whole number";
            case AttributeDefinition.INTEGER -> "a whole number within 32 bits";
            case AttributeDefinition.SHORT -> "a whole number within 16 bits";
            case AttributeDefinition.BYTE -> "a whole number within 8 bits";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "a number";
            case AttributeDefinition.BOOLEAN -> "true or false";
            case AttributeDefinition.CHARACTER -> "a single character";
            default -> "a value of Metatype type " + type;
        };
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "the string \"" + s + "\"";
        }
        if (value instanceof Long l) {
            return "the whole number " + l;
        }
        if (value instanceof Double d) {
            return "the number " + d;
        }
        return value.getClass().getSimpleName() + " " + value;
    }
}
