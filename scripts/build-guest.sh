#!/usr/bin/env bash
# Builds vmpbd's tiny test guest from Debian packages, without installing the kernel:
#   build/guest/vmlinux            the Debian kernel, uncompressed ELF (boots PVH: no KASLR, fast)
#   build/guest/vmlinuz            the same kernel as bzImage (KASLR on)
#   build/guest/initramfs.cpio.gz  busybox-static + vmpbd's workloads (guest/workload/*.c) + guest/init
#   build/guest/manifest.txt       versions and digests
# The kernel .deb is cached in build/guest/cache; rebuilding is skipped when nothing changed.
# Needs: scripts/setup.sh test (qemu-system-x86, busybox-static, cpio, libc6-dev), gcc, xz, python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${VMPBD_GUEST_DIR:-$root/build/guest}"
cache="$out/cache"
mkdir -p "$cache"

kpkg="${VMPBD_GUEST_KERNEL_PKG:-$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')}"
[[ -n "$kpkg" ]] || { echo "build-guest: cannot resolve the Debian kernel package (run apt-get update)" >&2; exit 1; }
deb=$(ls "$cache"/"${kpkg}"_*.deb 2>/dev/null | head -1 || true)
if [[ -z "$deb" ]]; then
    echo "build-guest: downloading $kpkg" >&2
    (cd "$cache" && apt-get download "$kpkg" >/dev/null)
    deb=$(ls "$cache"/"${kpkg}"_*.deb | head -1)
fi

stamp="$out/.stamp"
inputs_digest=$( (sha256sum "$deb" "$root"/guest/init "$root"/guest/workload/*.c "$0" /bin/busybox 2>/dev/null || true) | sha256sum | cut -c1-16)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$inputs_digest" && -f "$out/initramfs.cpio.gz" && -f "$out/vmlinux" ]]; then
    echo "build-guest: up to date ($out)" >&2
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards './boot/vmlinuz-*'
cp "$work"/boot/vmlinuz-* "$out/vmlinuz"
python3 - "$out/vmlinuz" "$work/vmlinux.xz" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
i = d.find(b'\xfd7zXZ\x00')
if i < 0:
    sys.exit("build-guest: no xz payload in " + sys.argv[1])
open(sys.argv[2], 'wb').write(d[i:])
PY
xz -dc "$work/vmlinux.xz" > "$out/vmlinux" 2>/dev/null || true   # trailing data after the stream is expected
[[ $(head -c 4 "$out/vmlinux" | od -An -tx1 | tr -d ' ') == "7f454c46" ]] || { echo "build-guest: extracted vmlinux is not ELF" >&2; exit 1; }

ird="$work/initramfs"
mkdir -p "$ird"/{bin,dev,proc,sys,tmp,etc,root}
cp /bin/busybox "$ird/bin/busybox"
ln -s busybox "$ird/bin/sh"
for prog in sysloop spawn marker attack; do
    gcc -O2 -static -o "$ird/bin/$prog" "$root/guest/workload/$prog.c"
done
# 32-bit, without libc (needs no i386 libraries, only gcc's -m32 code generation)
gcc -m32 -static -nostdlib -ffreestanding -fno-pic -no-pie -fno-stack-protector -O1 \
    -o "$ird/bin/sys32" "$root/guest/workload/sys32.c"
cp "$root/guest/init" "$ird/init"
chmod +x "$ird/init"
(cd "$ird" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1 > "$out/initramfs.cpio.gz")

kver=$(dpkg-deb -f "$deb" Version)
{
    echo "kernel_package=$kpkg"
    echo "kernel_version=$kver"
    echo "kernel_release=$(ls "$work"/boot/ | sed -n 's/^vmlinuz-//p')"
    echo "busybox=$(dpkg-query -W -f='${Version}' busybox-static 2>/dev/null || echo unknown)"
    echo "vmlinux_sha256=$(sha256sum "$out/vmlinux" | cut -d' ' -f1)"
    echo "initramfs_sha256=$(sha256sum "$out/initramfs.cpio.gz" | cut -d' ' -f1)"
} > "$out/manifest.txt"
echo "$inputs_digest" > "$stamp"
echo "build-guest: built $out ($kpkg $kver)" >&2
