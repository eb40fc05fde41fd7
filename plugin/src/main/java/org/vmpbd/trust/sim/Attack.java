package org.vmpbd.trust.sim;

/** The trojan the simulation plants (the seed's figures 3 and 4). */
public enum Attack {
    /**
     * Figure 3, "NE trojan": once installed it runs as a new key process with its own binary (inside: δ ≠ δ', one
     * application digest changed, an IRC control channel); after its incubation it scans and exploits other VMs
     * (outside: flows asking more privilege than granted, denied ports probed, sometimes a spoofed source).
     */
    NE_TROJAN,
    /**
     * Figure 4, "anti-VM attack": the same trojan also subverts the in-guest monitor, so inside measurements report
     * the baseline; only the outside measurement sees it.
     */
    ANTI_VM
}
