package org.vmpbd.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which keys of an image a learner builds: the image-wide model {@code (image, *)} from every
 * process, one model {@code (image, comm)} per listed program from that program's processes,
 * and/or ({@code everyProgram}) one per program as its processes appear.
 *
 * @param everyProgram learn {@code (image, comm)} for every program seen (a policy's per-program
 *                     selection): a key is started, or resumed if it is still learning, on its
 *                     program's first process (its time limit counts from then), and the image's
 *                     keys still learning are resumed when the learner starts
 */
public record LearningScope(String image, boolean imageWide, Set<String> programs, boolean everyProgram) {
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
        if (!imageWide && programs.isEmpty() && !everyProgram) {
            throw new IllegalArgumentException("learning scope of " + image + " names no model to learn");
        }
    }

    public LearningScope(String image, boolean imageWide, Set<String> programs) {
        this(image, imageWide, programs, false);
    }

    /** Only {@code (image, *)}. */
    public static LearningScope imageWide(String image) {
        return new LearningScope(image, true, Set.of());
    }

    /** Only {@code (image, program)}. */
    public static LearningScope program(String image, String program) {
        return new LearningScope(image, false, Set.of(program));
    }

    /** {@code (image, *)} and {@code (image, comm)} for every program seen. */
    public static LearningScope everyProgram(String image) {
        return new LearningScope(image, true, Set.of(), true);
    }

    /** Whether {@code comm} may name a program key of this image (not empty, not '*', a valid key part). */
    boolean canLearnProgram(String comm) {
        if (comm == null || comm.isEmpty() || comm.equals(ModelKey.ANY_PROGRAM)) {
            return false;
        }
        try {
            new ModelKey(image, comm);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The keys named up front, image-wide first, then programs by name. */
    public List<ModelKey> keys() {
        List<ModelKey> out = new ArrayList<>();
        if (imageWide) {
            out.add(ModelKey.imageWide(image));
        }
        new TreeSet<>(programs).forEach(p -> out.add(new ModelKey(image, p)));
        return out;
    }
}
