package org.vmpbd.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The domain XML fixtures under {@code src/test/resources/domains}. */
final class DomainDescriptionFixtures {
    static final String NOVA = "nova-instance.xml";
    static final String PLAIN = "plain-domain.xml";

    private DomainDescriptionFixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = DomainDescriptionFixtures.class.getResourceAsStream("/domains/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /domains/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
