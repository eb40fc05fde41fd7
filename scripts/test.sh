#!/usr/bin/env bash
# The test suite: installs what is missing (scripts/setup.sh), then builds and runs every test.
# Tests that need ../shared/datasets skip with a visible reason when it is absent.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh test
exec mvn -B -ntp verify "$@"
