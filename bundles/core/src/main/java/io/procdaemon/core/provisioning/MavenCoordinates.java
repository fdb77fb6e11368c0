package io.procdaemon.core.provisioning;

import java.net.MalformedURLException;

/**
 * A Maven artifact named by an {@code mvn:} URL, as Pax URL and Apache Karaf write it:
 * {@code mvn:groupId/artifactId/version[/type[/classifier]]}, e.g.
 * {@code mvn:com.google.guava/guava/33.7.2-jre} or {@code mvn:org.example/app/1.0/jar/tests}.
 *
 * <p>The type defaults to {@code jar} (an empty type segment too, as in {@code mvn:g/a/v//tests});
 * the version is required: nothing here consults a repository's metadata, so there is no
 * {@code LATEST}. Pax URL's remote repository prefix ({@code mvn:https://repo!g/a/v}) is refused,
 * because resolution is offline by design. Every error quotes the URL and the syntax.
 */
public record MavenCoordinates(String groupId, String artifactId, String version, String type, String classifier) {

    static final String SYNTAX = "mvn:groupId/artifactId/version[/type[/classifier]]";

    /**
     * @param url the whole URL ({@code mvn:...}) or the part after {@code mvn:}
     * @throws MalformedURLException naming the URL, what is wrong, and the syntax
     */
    public static MavenCoordinates parse(String url) throws MalformedURLException {
        String spec = url.startsWith("mvn:") ? url.substring("mvn:".length()) : url;
        String quoted = "'mvn:" + spec + "'";
        if (spec.contains("!")) {
            throw new MalformedURLException(quoted + " names a remote repository (before '!'); only the local Maven"
                    + " repository and system/ are searched (offline): write " + SYNTAX);
        }
        String[] parts = spec.split("/", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw new MalformedURLException(quoted + " is not a Maven coordinate: expected " + SYNTAX
                    + (parts.length == 2 ? " (the version is missing)" : ""));
        }
        for (int i = 0; i < 3; i++) {
            if (parts[i].isBlank()) {
                throw new MalformedURLException(quoted + " has an empty " + new String[] {"groupId", "artifactId", "version"}[i]
                        + ": expected " + SYNTAX);
            }
        }
        String type = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "jar";
        String classifier = parts.length > 4 && !parts[4].isEmpty() ? parts[4] : null;
        return new MavenCoordinates(parts[0], parts[1], parts[2], type, classifier);
    }

    /** @return the artifact's file name in a Maven repository: {@code artifactId-version[-classifier].type} */
    public String fileName() {
        return artifactId + "-" + version + (classifier == null ? "" : "-" + classifier) + "." + type;
    }

    /** @return its path in a Maven repository: {@code group/as/folders/artifactId/version/fileName} */
    public String repositoryPath() {
        return groupFolder() + "/" + artifactId + "/" + version + "/" + fileName();
    }

    /** @return the folder of its versions in a Maven repository: {@code group/as/folders/artifactId} */
    String versionsFolder() {
        return groupFolder() + "/" + artifactId;
    }

    private String groupFolder() {
        return groupId.replace('.', '/');
    }

    @Override
    public String toString() {
        return "mvn:" + groupId + "/" + artifactId + "/" + version
                + (classifier != null ? "/" + type + "/" + classifier : "jar".equals(type) ? "" : "/" + type);
    }
}
