package io.procdaemon.itests.packaging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Test;

/** Every proc-daemon bundle is also a named JPMS module; the API works on the module path. */
public class ModulePathTest {

    private static Path jar(String prefix) throws IOException {
        Path dir = prefix.equals("proc-daemon-examples")
                ? Path.of(System.getProperty("procdaemon.fixtures"))
                : Path.of(System.getProperty("procdaemon.distribution")).resolve("system");
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> matches = files.filter(p -> p.getFileName().toString().startsWith(prefix)).collect(Collectors.toList());
            assertEquals("one " + prefix + " jar in " + dir, 1, matches.size());
            return matches.get(0);
        }
    }

    private static ModuleDescriptor descriptor(Path jar) {
        Set<ModuleReference> modules = ModuleFinder.of(jar).findAll();
        assertEquals(jar + " holds one module", 1, modules.size());
        ModuleDescriptor descriptor = modules.iterator().next().descriptor();
        assertFalse(jar + " is a named module, not an automatic one", descriptor.isAutomatic());
        return descriptor;
    }

    @Test
    public void moduleNamesAreTheBundleSymbolicNames() throws IOException {
        for (String prefix : List.of("proc-daemon-api", "proc-daemon-core", "proc-daemon-examples")) {
            Path jar = jar(prefix);
            try (JarFile file = new JarFile(jar.toFile())) {
                String bsn = file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
                assertEquals(jar.toString(), bsn, descriptor(jar).name());
            }
        }
    }

    @Test
    public void onlyTheApiPackageIsExported() throws IOException {
        ModuleDescriptor api = descriptor(jar("proc-daemon-api"));
        assertEquals(Set.of("io.procdaemon.api"),
                api.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertFalse("the API module is not open", api.isOpen());
        assertTrue("the core exports nothing", descriptor(jar("proc-daemon-core")).exports().isEmpty());
    }

    @Test
    public void theApiLoadsAndRunsFromTheModulePath() throws Exception {
        Path jar = jar("proc-daemon-api");
        ModuleFinder finder = ModuleFinder.of(jar);
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("io.procdaemon.api"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
        Class<?> policy = layer.findLoader("io.procdaemon.api").loadClass("io.procdaemon.api.RestartPolicy");
        assertEquals("io.procdaemon.api", policy.getModule().getName());
        assertEquals("always", String.valueOf(policy.getMethod("always").invoke(null)));
    }
}
