package io.procdaemon.core.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.MalformedURLException;

import org.junit.jupiter.api.Test;

class MavenCoordinatesTest {

    @Test
    void groupArtifactVersionIsAJarInTheRepositoryLayout() throws Exception {
        MavenCoordinates guava = MavenCoordinates.parse("mvn:com.google.guava/guava/33.7.2-jre");
        assertEquals(new MavenCoordinates("com.google.guava", "guava", "33.7.2-jre", "jar", null), guava);
        assertEquals("guava-33.7.2-jre.jar", guava.fileName());
        assertEquals("com/google/guava/guava/33.7.2-jre/guava-33.7.2-jre.jar", guava.repositoryPath());
        assertEquals("mvn:com.google.guava/guava/33.7.2-jre", guava.toString());
    }

    @Test
    void typeAndClassifierAsPaxUrlWritesThem() throws Exception {
        MavenCoordinates tests = MavenCoordinates.parse("mvn:org.example/app/1.0-SNAPSHOT/jar/tests");
        assertEquals("app-1.0-SNAPSHOT-tests.jar", tests.fileName());
        assertEquals("org/example/app/1.0-SNAPSHOT/app-1.0-SNAPSHOT-tests.jar", tests.repositoryPath());
        MavenCoordinates emptyType = MavenCoordinates.parse("org.example/app/1.0//tests");
        assertEquals("jar", emptyType.type());
        assertEquals("tests", emptyType.classifier());
        MavenCoordinates xml = MavenCoordinates.parse("mvn:org.example/app/1.0/xml");
        assertEquals("app-1.0.xml", xml.fileName());
        assertNull(xml.classifier());
        assertEquals("mvn:org.example/app/1.0/xml", xml.toString());
    }

    @Test
    void whatIsNotACoordinateIsRefusedWithTheUrlAndTheSyntax() {
        assertEquals("'mvn:org.example/app' is not a Maven coordinate: expected"
                + " mvn:groupId/artifactId/version[/type[/classifier]] (the version is missing)",
                assertThrows(MalformedURLException.class, () -> MavenCoordinates.parse("mvn:org.example/app")).getMessage());
        assertEquals("'mvn:a/b/c/d/e/f' is not a Maven coordinate: expected mvn:groupId/artifactId/version[/type[/classifier]]",
                assertThrows(MalformedURLException.class, () -> MavenCoordinates.parse("mvn:a/b/c/d/e/f")).getMessage());
        assertEquals("'mvn:org.example//1.0' has an empty artifactId: expected mvn:groupId/artifactId/version[/type[/classifier]]",
                assertThrows(MalformedURLException.class, () -> MavenCoordinates.parse("mvn:org.example//1.0")).getMessage());
        assertEquals("'mvn:https://repo.example!g/a/1' names a remote repository (before '!'); only the local Maven"
                + " repository and system/ are searched (offline): write mvn:groupId/artifactId/version[/type[/classifier]]",
                assertThrows(MalformedURLException.class, () -> MavenCoordinates.parse("mvn:https://repo.example!g/a/1")).getMessage());
    }
}
