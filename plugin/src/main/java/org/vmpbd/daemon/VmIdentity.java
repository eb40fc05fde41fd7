package org.vmpbd.daemon;

import java.util.Objects;

/**
 * Who a VM is, as the daemon needs it: libvirt's name and UUID, and from Nova's metadata (when the VM is Nova's)
 * the project, user and root image. The image names the VM's models; a VM without Nova metadata uses its name.
 *
 * @param projectId   Nova project UUID, or null
 * @param projectName Nova project name, or null
 * @param userId      Nova user UUID, or null
 * @param image       Nova root image UUID, or null
 * @param nova        whether the domain carries Nova's metadata
 */
public record VmIdentity(String name, String uuid, String projectId, String projectName, String userId, String image,
                         boolean nova) {
    public VmIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }

    /** The image whose models apply: Nova's root image, else the domain's name (per-VM models). */
    public String modelImage() {
        return image != null && !image.isBlank() ? image : name;
    }

    @Override
    public String toString() {
        return name + " (" + uuid + (projectId != null ? ", project " + projectId : "") + ")";
    }
}
