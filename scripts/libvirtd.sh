#!/usr/bin/env bash
# Starts or stops a real libvirtd (and virtlogd) without systemd, for the end-to-end tests.
#   scripts/libvirtd.sh start   start both if not running (restart libvirtd if a qemu hook was installed after it
#                               started: libvirt looks for hooks only at start), wait until qemu:///system answers
#   scripts/libvirtd.sh wait    only wait until it answers
#   scripts/libvirtd.sh stop    stop both
# On a machine where systemd runs libvirtd already, 'start' finds it answering and does nothing.
set -euo pipefail
cmd="${1:-start}"
answering() { timeout 20 virsh -c qemu:///system version >/dev/null 2>&1; }
wait_ready() {
    local deadline=$((SECONDS + ${VMPBD_LIBVIRTD_TIMEOUT:-60}))
    until answering; do
        if ((SECONDS > deadline)); then
            echo "libvirtd.sh: qemu:///system did not answer within ${VMPBD_LIBVIRTD_TIMEOUT:-60} s" >&2
            return 1
        fi
        sleep 1
    done
}
# /dev/kvm as udev leaves it on Debian (root:kvm 0660). Without udev (containers) it can be root-only: libvirt then
# finds its cached QEMU capabilities invalid at every domain start ("KVM was enabled when probing, but it is not
# available now" to libvirt-qemu) and probes QEMU again ~11 times: 45 s per start here instead of 0.8 s.
kvm_group() {
    if [ -c /dev/kvm ] && getent group kvm >/dev/null; then
        chgrp kvm /dev/kvm && chmod g+rw /dev/kvm
    fi
}
# libvirtd started before the newest hook file was installed (it looks for hooks only when it starts)
hook_newer() {
    local pid hook newest=0 t
    pid=$(pgrep -xo libvirtd) || return 1
    for hook in /etc/libvirt/hooks/qemu /etc/libvirt/hooks/qemu.d/*; do
        [ -e "$hook" ] || continue
        t=$(stat -c %Y "$hook")
        ((t > newest)) && newest=$t
    done
    ((newest > $(stat -c %Y "/proc/$pid")))
}
case "$cmd" in
    start)
        command -v libvirtd >/dev/null || { echo "libvirtd.sh: libvirtd missing (scripts/setup.sh test)" >&2; exit 1; }
        kvm_group
        pgrep -x virtlogd >/dev/null || virtlogd -d
        if hook_newer; then
            echo "libvirtd.sh: a qemu hook is newer than the running libvirtd: restarting it"
            pkill -x libvirtd
            for _ in $(seq 50); do pgrep -x libvirtd >/dev/null || break; sleep 0.2; done
        fi
        pgrep -x libvirtd >/dev/null || libvirtd -d
        wait_ready
        ;;
    wait) wait_ready ;;
    stop)
        pkill -x libvirtd || true
        pkill -x virtlogd || true
        ;;
    *) echo "usage: $0 start|wait|stop" >&2; exit 2 ;;
esac
