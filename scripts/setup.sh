#!/usr/bin/env bash
# Installs what vmpbd needs on a Debian 12 machine that already has JDK 17 and Maven: the packages
# in scripts/packages.txt that are missing (with 'test': also scripts/packages-test.txt), in one apt
# transaction. Idempotent.
#   scripts/setup.sh          what running vmpbd needs
#   scripts/setup.sh test     what the tests need too
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

command -v java >/dev/null || { echo "setup: java not found: install JDK 17 (openjdk-17-jdk)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "setup: mvn not found: install Maven (maven)" >&2; exit 1; }
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [[ "${java_major%%.*}" -lt 17 ]]; then
    echo "setup: Java $java_major found, vmpbd needs 17 or newer" >&2
    exit 1
fi

lists=("$here/packages.txt")
[[ "${1:-}" == "test" ]] && lists+=("$here/packages-test.txt")
mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "${lists[@]}" | grep -v '^$')
missing=()
for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    sudo_cmd=""
    [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
