#!/usr/bin/env bash
# The test suite: installs what is missing (scripts/setup.sh test), installs vmpbd's libvirt hook, builds the tiny
# test guest, starts a real libvirtd in the background while Maven compiles, then builds and runs every test.
# Tests that need ../shared/datasets skip with a visible reason when it is absent; with
# VMPBD_REQUIRE_E2E=1 (CI) a missing guest, QEMU or libvirtd fails the end-to-end tests instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh test
mkdir -p build
libvirt-hooks/install.sh > build/hook-install.log   # before libvirtd starts: it looks for hooks only then
scripts/libvirtd.sh start > build/libvirtd-start.log 2>&1 &
scripts/build-guest.sh
mvn -B -ntp verify "$@"
