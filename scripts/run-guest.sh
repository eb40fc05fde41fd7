#!/usr/bin/env bash
# Boots the tiny guest under QEMU (KVM only when the CPU shows vmx/svm, else TCG).
#   scripts/run-guest.sh [--kaslr] [--gdb unix:/path/sock|tcp:127.0.0.1:PORT] [--smp N] [--append 'KERNEL ARGS']
#                        WORKLOAD [N] [-- QEMU_ARGS...]
# WORKLOAD: boot | forkexec | normal | attack | bench | forever | compat (see guest/init). The serial console
# is stdio; a workload waits at "VMPBD_READY" until a line is written to it (or 60 s).
# Arguments after "--" go to QEMU as they are (e.g. -monitor unix:/tmp/mon,server=on,wait=off).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${VMPBD_GUEST_DIR:-$root/build/guest}"
kaslr=0; gdb=""; smp=1; more=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --kaslr) kaslr=1; shift ;;
        --gdb) gdb="$2"; shift 2 ;;
        --smp) smp="$2"; shift 2 ;;
        --append) more="$2"; shift 2 ;;
        *) break ;;
    esac
done
wl=boot; n=20; extra=()
[[ $# -gt 0 && "$1" != "--" ]] && { wl="$1"; shift; }
[[ $# -gt 0 && "$1" != "--" ]] && { n="$1"; shift; }
if [[ $# -gt 0 ]]; then
    [[ "$1" == "--" ]] || { echo "run-guest: unexpected argument '$1' (QEMU arguments go after --)" >&2; exit 2; }
    shift; extra=("$@")
fi
if grep -qwE 'vmx|svm' /proc/cpuinfo; then accel=(-accel kvm -cpu host); else accel=(-accel tcg -cpu qemu64); fi
kernel="$dir/vmlinux"; append="console=ttyS0 quiet panic=-1 wl=$wl n=$n"
if [[ $kaslr == 1 ]]; then kernel="$dir/vmlinuz"; else append="$append nokaslr"; fi
[[ -n "$more" ]] && append="$append $more"
args=("${accel[@]}" -m 256 -smp "$smp" -nographic -no-reboot -nodefaults -serial stdio
      -kernel "$kernel" -initrd "$dir/initramfs.cpio.gz" -append "$append")
[[ -n "$gdb" ]] && args+=(-gdb "$gdb")
args+=("${extra[@]}")
exec qemu-system-x86_64 "${args[@]}"
