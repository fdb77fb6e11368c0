package io.procdaemon.shell.commands;

import org.apache.felix.service.command.Converter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Lets Gogo's standard commands take a bundle as an operator names it: {@code stop 12},
 * {@code headers io.procdaemon.examples}. Gogo's runtime has no such conversion (Gogo's JLine shell
 * brings one, and we do not ship that shell), so without it {@code start 12} fails with "Cannot
 * coerce".
 */
@Component(service = Converter.class, property = Converter.CONVERTER_CLASSES + "=org.osgi.framework.Bundle")
public final class BundleConverter implements Converter {

    private final BundleContext context;

    @Activate
    public BundleConverter(BundleContext context) {
        this.context = context;
    }

    @Override
    public Object convert(Class<?> desiredType, Object in) {
        if (desiredType != Bundle.class || in == null) {
            return null;
        }
        String text = in.toString().strip();
        // null: not a bundle's id or name, so Gogo tries the command's other forms. Gogo ignores
        // a converter's exceptions, so an unknown id is explained later, by CommandCatalog.
        return find(context, text);
    }

    /** @return the bundle with this id or symbolic name, or {@code null} */
    static Bundle find(BundleContext context, String text) {
        if (text.matches("\\d{1,18}")) {
            return context.getBundle(Long.parseLong(text));
        }
        for (Bundle bundle : context.getBundles()) {
            if (text.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    @Override
    public CharSequence format(Object target, int level, Converter escape) {
        if (target instanceof Bundle bundle) {
            String name = bundle.getSymbolicName() + " " + bundle.getVersion();
            return level == Converter.INSPECT ? name + " [" + bundle.getBundleId() + "] " + bundle.getLocation()
                    : name + " [" + bundle.getBundleId() + "]";
        }
        return null;
    }
}
