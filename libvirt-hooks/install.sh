#!/bin/sh
# Installs (or removes) the vmpbd libvirt qemu hook; see README.md in this directory.
#
#   install.sh [--prefix DIR] [--uninstall]
#
# Installs ./qemu as DIR/etc/libvirt/hooks/qemu.d/vmpbd (mode 0755; libvirt >= 6.5 runs every executable
# in hooks/qemu.d/) and creates DIR/etc/vmpbd/ if missing. Running it again changes nothing.
# libvirtd looks for hooks only when it starts: if it is running and had no qemu hook at all, this says
# that it must be restarted. Exit status: 0 done, 1 failed, 2 bad usage.
# VMPBD_LIBVIRTD_RUNNING=yes|no|auto (default auto: look for a libvirtd or virtqemud process) is for tests.
set -eu

prog=$(basename "$0")
here=$(cd "$(dirname "$0")" && pwd)
src=$here/qemu

usage() {
    cat <<EOF
usage: $prog [--prefix DIR] [--uninstall]
  Installs the vmpbd hook as DIR/etc/libvirt/hooks/qemu.d/vmpbd (mode 0755) and creates DIR/etc/vmpbd/.
  --prefix DIR   install under DIR instead of / (DIR must exist)
  --uninstall    remove the hook; DIR/etc/vmpbd/ and its configuration stay
EOF
}

usage_error() {
    printf '%s: %s\n' "$prog" "$*" >&2
    exit 2
}

fail() {
    printf '%s: %s\n' "$prog" "$*" >&2
    exit 1
}

prefix=
action=install
while [ $# -gt 0 ]; do
    case $1 in
        --prefix)
            [ $# -ge 2 ] && [ -n "$2" ] || usage_error "--prefix needs a directory"
            prefix=$2
            shift 2 ;;
        --prefix=*)
            prefix=${1#--prefix=}
            [ -n "$prefix" ] || usage_error "--prefix needs a directory"
            shift ;;
        --uninstall)
            action=uninstall
            shift ;;
        -h | --help)
            usage
            exit 0 ;;
        *)
            usage_error "unknown argument '$1' (see --help)" ;;
    esac
done

libvirtd=${VMPBD_LIBVIRTD_RUNNING:-auto}
case $libvirtd in
    yes | no | auto) ;;
    *) usage_error "VMPBD_LIBVIRTD_RUNNING must be yes, no or auto, not '$libvirtd'" ;;
esac

if [ -n "$prefix" ]; then
    [ -d "$prefix" ] || usage_error "--prefix $prefix is not a directory"
    prefix=$(cd "$prefix" && pwd)
    [ "$prefix" = / ] && prefix=
elif [ "$(id -u)" != 0 ]; then
    fail "installing into /etc needs root (or use --prefix DIR)"
fi

hooks=$prefix/etc/libvirt/hooks
hookd=$hooks/qemu.d
target=$hookd/vmpbd
confdir=$prefix/etc/vmpbd

# Whether libvirtd would find a qemu hook: an executable hooks/qemu or any executable file in hooks/qemu.d/.
qemu_hook_present() {
    if [ -f "$hooks/qemu" ] && [ -x "$hooks/qemu" ]; then
        return 0
    fi
    [ -d "$hookd" ] || return 1
    for f in "$hookd"/* "$hookd"/.[!.]*; do
        if [ -f "$f" ] && [ -x "$f" ]; then
            return 0
        fi
    done
    return 1
}

libvirtd_running() {
    case $libvirtd in
        yes) return 0 ;;
        no) return 1 ;;
    esac
    for comm in /proc/[0-9]*/comm; do
        { read -r name <"$comm"; } 2>/dev/null || continue
        case $name in
            libvirtd | virtqemud) return 0 ;;
        esac
    done
    return 1
}

install_hook() {
    [ -f "$src" ] || fail "the hook script $src is missing"
    perl -c "$src" >/dev/null 2>&1 || fail "the hook script $src does not compile (see: perl -c $src)"
    present_before=no
    if qemu_hook_present; then
        present_before=yes
    fi

    mkdir -p "$hookd" || fail "cannot create $hookd"
    if [ -f "$target" ] && [ ! -L "$target" ] && cmp -s "$src" "$target" && [ "$(stat -c %a "$target")" = 755 ]; then
        echo "unchanged: $target"
    else
        # staged outside qemu.d (libvirt runs every executable there), then renamed into place
        tmp=$hooks/.vmpbd-hook.$$
        trap 'rm -f "$tmp"' EXIT
        cp "$src" "$tmp" && chmod 0755 "$tmp" && mv -f "$tmp" "$target" || fail "cannot install $target"
        trap - EXIT
        echo "installed $target"
    fi

    if [ ! -d "$confdir" ]; then
        mkdir -p "$confdir" || fail "cannot create $confdir"
        echo "created $confdir (hook.conf there is optional: see the README)"
    fi

    if [ "$present_before" = no ] && libvirtd_running; then
        echo "libvirtd is running and had no qemu hook when it started: restart it (systemctl restart libvirtd)"
        echo "so that it runs $target"
    fi
}

uninstall_hook() {
    if [ -e "$target" ] || [ -L "$target" ]; then
        rm -f "$target" || fail "cannot remove $target"
        echo "removed $target"
    else
        echo "not installed: $target"
    fi
    if [ -d "$confdir" ]; then
        echo "kept $confdir"
    fi
}

case $action in
    install) install_hook ;;
    uninstall) uninstall_hook ;;
esac
