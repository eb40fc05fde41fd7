package org.vmpbd.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Policy files for tests: the repository's {@code policies/} and small directories written into a temp dir. */
final class PolicyFixtures {
    /** The repository's policies directory (tests run in {@code plugin/}). */
    static final Path REPO_POLICIES = Path.of("..", "policies");

    private PolicyFixtures() {
    }

    static PolicyLoader loader() {
        return new PolicyLoader(new PolicySchema());
    }

    /** Writes {@code text} to {@code dir/relative}, creating directories. */
    static Path write(Path dir, String relative, String text) throws IOException {
        Path f = dir.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    /** A tenant file for project name {@code name} with {@code body} after the match. */
    static String tenant(String name, String body) {
        return "version: 1\nmatch:\n  projectNames: [" + name + "]\n" + body;
    }
}
