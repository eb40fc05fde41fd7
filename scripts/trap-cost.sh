#!/usr/bin/env bash
# Measures the cost per trapped guest system call (gdbstub driver, and tcglog when present) on the
# tiny test guest under QEMU: untrapped ns/call (sysloop 200000), trapped ns/call (sysloop N), ratio.
#   scripts/trap-cost.sh [N]        N trapped calls (default 2000; ~3 ms each under TCG)
# Needs build/guest (scripts/build-guest.sh) and qemu-system-x86_64. MAVEN_ARGS go to mvn (e.g. -o).
# Prints the results and appends them to plugin/target/trap-cost.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f build/guest/initramfs.cpio.gz ]] || scripts/build-guest.sh
rm -f plugin/target/trap-cost.txt
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! mvn -q -B ${MAVEN_ARGS:-} -pl plugin test -Dtest='TrapCostTest' -Dvmpbd.trapcost=true \
    -Dvmpbd.trapcost.n="${1:-2000}" -Dsurefire.failIfNoSpecifiedTests=false -Dstyle.color=never >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
echo "host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); $(qemu-system-x86_64 --version | head -1)"
cat plugin/target/trap-cost.txt
