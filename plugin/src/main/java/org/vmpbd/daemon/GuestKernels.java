package org.vmpbd.daemon;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the guest kernels' vmlinux files are (for BTF: task pid and comm), per image, with {@code *} for
 * every other image. Configured in the daemon's settings.
 */
public final class GuestKernels {
    private final Map<String, Path> byImage;

    public GuestKernels(Map<String, Path> byImage) {
        this.byImage = Map.copyOf(byImage);
    }

    public Optional<Path> vmlinux(String image) {
        Path p = byImage.get(image);
        return Optional.ofNullable(p != null ? p : byImage.get("*"));
    }
}
