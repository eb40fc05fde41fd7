package org.vmpbd.detect;

import java.nio.file.Path;

/** Where the shared datasets are: system property vmpbd.shared, else ../shared beside the repo. */
final class TestData {
    private TestData() {
    }

    static Path shared() {
        String p = System.getProperty("vmpbd.shared");
        return p != null ? Path.of(p).toAbsolutePath().normalize() : Path.of("../../shared").toAbsolutePath().normalize();
    }

    static Path unm(String program) {
        return shared().resolve("datasets/unm").resolve(program);
    }

    static Path adfa() {
        return shared().resolve("datasets/adfa-ld-dev");
    }
}
