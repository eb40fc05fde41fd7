package org.vmpbd.model;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which keys of an image a learner builds: the image-wide model {@code (image, *)} from every
 * process, and/or one model per listed program {@code (image, comm)} from that program's processes.
 */
public record LearningScope(String image, boolean imageWide, Set<String> programs) {
    public LearningScope {
        Objects.requireNonNull(image, "image");
        programs = Set.copyOf(new TreeSet<>(programs));
        ModelKey.imageWide(image);
        for (String p : programs) {
            if (p.equals(ModelKey.ANY_PROGRAM)) {
                throw new IllegalArgumentException("learning scope: list the image-wide model as imageWide, not as '*'");
            }
            new ModelKey(image, p);
        }
        if (!imageWide && programs.isEmpty()) {
            throw new IllegalArgumentException("learning scope of " + image + " names no model to learn");
        }
    }

    /** Only {@code (image, *)}. */
    public static LearningScope imageWide(String image) {
        return new LearningScope(image, true, Set.of());
    }

    /** Only {@code (image, program)}. */
    public static LearningScope program(String image, String program) {
        return new LearningScope(image, false, Set.of(program));
    }

    /** The keys learnt, image-wide first, then programs by name. */
    public java.util.List<ModelKey> keys() {
        java.util.List<ModelKey> out = new java.util.ArrayList<>();
        if (imageWide) {
            out.add(ModelKey.imageWide(image));
        }
        new TreeSet<>(programs).forEach(p -> out.add(new ModelKey(image, p)));
        return out;
    }
}
