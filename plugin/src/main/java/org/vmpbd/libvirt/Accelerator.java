package org.vmpbd.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * KVM or TCG for a guest vmpbd starts: KVM only when the CPU shows {@code vmx} or {@code svm}.
 * The presence of {@code /dev/kvm} proves nothing: a PVM host has it, yet no stock guest boots on it.
 */
public enum Accelerator {
    KVM("kvm"),
    TCG("qemu");

    private static final Pattern VIRT_FLAG = Pattern.compile("^flags\\s*:.*\\b(vmx|svm)\\b", Pattern.MULTILINE);
    private final String domainType;

    Accelerator(String domainType) {
        this.domainType = domainType;
    }

    /** The libvirt {@code <domain type=...>}: {@code kvm} or {@code qemu}. */
    public String domainType() {
        return domainType;
    }

    /** Probes {@code /proc/cpuinfo}. */
    public static Accelerator probe() {
        return probe(Path.of("/proc/cpuinfo"));
    }

    static Accelerator probe(Path cpuinfo) {
        try {
            return VIRT_FLAG.matcher(Files.readString(cpuinfo)).find() ? KVM : TCG;
        } catch (IOException e) {
            return TCG;
        }
    }
}
