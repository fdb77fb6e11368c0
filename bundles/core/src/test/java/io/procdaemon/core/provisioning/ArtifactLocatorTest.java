package io.procdaemon.core.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactLocatorTest {

    @TempDir
    Path temp;

    private Path file(String relative) throws IOException {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, relative);
    }

    @Test
    void systemFirstByFileNameThenTheLocalRepositoryByItsLayout() throws Exception {
        Path shipped = file("home/system/guava-33.7.2-jre.jar");
        file("m2/com/google/guava/guava/33.7.2-jre/guava-33.7.2-jre.jar");
        Path onlyInRepository = file("m2/com/google/guava/guava/33.6.0-jre/guava-33.6.0-jre.jar");
        ArtifactLocator locator = new ArtifactLocator(temp.resolve("home/system"),
                () -> new LocalRepository(temp.resolve("m2"), "test"));
        assertEquals(shipped, locator.locate(MavenCoordinates.parse("mvn:com.google.guava/guava/33.7.2-jre")));
        assertEquals(onlyInRepository, locator.locate(MavenCoordinates.parse("mvn:com.google.guava/guava/33.6.0-jre")));
    }

    @Test
    void whatIsMissingNamesTheUrlBothPlacesAndTheVersionsHeld() throws Exception {
        file("m2/com/google/guava/guava/33.6.0-jre/guava-33.6.0-jre.jar");
        file("m2/com/google/guava/guava/33.7.2-jre/guava-33.7.2-jre.jar");
        Files.createDirectories(temp.resolve("m2/com/google/guava/guava/33.8.0-jre")); // a pom only, no jar
        Files.createDirectories(temp.resolve("home/system"));
        ArtifactLocator locator = new ArtifactLocator(temp.resolve("home/system"),
                () -> new LocalRepository(temp.resolve("m2"), "procdaemon.maven.repo.local = m2"));
        String message = assertThrows(FileNotFoundException.class,
                () -> locator.locate(MavenCoordinates.parse("mvn:com.google.guava/guava/99"))).getMessage();
        assertEquals("mvn:com.google.guava/guava/99 not found (offline; nothing is downloaded): looked for guava-99.jar in system/ ("
                + temp.resolve("home/system") + ") and for com/google/guava/guava/99/guava-99.jar in the local Maven repository "
                + temp.resolve("m2") + " (procdaemon.maven.repo.local = m2). Versions of com.google.guava/guava it holds:"
                + " 33.6.0-jre, 33.7.2-jre.", message);

        String none = assertThrows(FileNotFoundException.class,
                () -> locator.locate(MavenCoordinates.parse("mvn:org.example/app/1.0/jar/tests"))).getMessage();
        assertEquals(true, none.endsWith(" It holds no version of org.example/app; fetch one with Maven (mvn dependency:get"
                + " -Dartifact=org.example:app:1.0:jar:tests) or copy it into system/."), none);
    }

    @Test
    void theLocalRepositoryFromThePropertyThenMavensSettingsThenTheDefault() throws Exception {
        Path user = Files.createDirectories(temp.resolve("user"));
        assertEquals(new LocalRepository(Path.of("/srv/m2"), "procdaemon.maven.repo.local = /srv/m2"),
                LocalRepository.find(" /srv/m2 ", user, Map.of()));
        LocalRepository fallback = LocalRepository.find(null, user, Map.of());
        assertEquals(user.resolve(".m2/repository"), fallback.folder());
        assertEquals("Maven's default; procdaemon.maven.repo.local in etc/config.properties names another", fallback.source());

        Path settings = file("user/.m2/settings.xml");
        Files.writeString(settings, """
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <localRepository>${env.CACHE}/m2-${user.home}</localRepository>
                </settings>
                """);
        LocalRepository configured = LocalRepository.find("", user, Map.of("CACHE", "/cache"));
        assertEquals(Path.of("/cache/m2-" + user), configured.folder());
        assertEquals("<localRepository> of " + settings, configured.source());

        Files.writeString(settings, "<settings><localRepository>");
        LocalRepository broken = LocalRepository.find(null, user, Map.of());
        assertEquals(user.resolve(".m2/repository"), broken.folder());
        assertEquals(true, broken.source().startsWith("Maven's default: " + settings + " could not be read ("), broken.source());
    }
}
