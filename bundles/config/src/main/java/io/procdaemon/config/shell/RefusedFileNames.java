package io.procdaemon.config.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.procdaemon.config.install.FileVerdicts;

/**
 * The files of {@code etc/} whose last version was refused, for {@code daemon:status} in the shell
 * bundle: a service of a JDK type marked {@code io.procdaemon.config.refused}, so that the shell
 * needs none of this bundle's private packages.
 */
@Component(service = Supplier.class, property = "io.procdaemon.config.refused=true")
public final class RefusedFileNames implements Supplier<List<String>> {

    private final FileVerdicts verdicts;

    @Activate
    public RefusedFileNames(@Reference FileVerdicts verdicts) {
        this.verdicts = verdicts;
    }

    /** @return the refused files as operators name them ({@code etc/app.toml}), sorted */
    @Override
    public List<String> get() {
        return new ArrayList<>(verdicts.refused().keySet());
    }
}
