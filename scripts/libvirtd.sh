#!/usr/bin/env bash
# Starts or stops a real libvirtd (and virtlogd) without systemd, for the end-to-end tests.
#   scripts/libvirtd.sh start   start both if not running, wait until qemu:///system answers (≤ 60 s)
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
case "$cmd" in
    start)
        command -v libvirtd >/dev/null || { echo "libvirtd.sh: libvirtd missing (scripts/setup.sh test)" >&2; exit 1; }
        pgrep -x virtlogd >/dev/null || virtlogd -d
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
