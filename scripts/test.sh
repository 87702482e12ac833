#!/usr/bin/env bash
# One command for the whole suite: installs what is missing, builds, runs every test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" --test
"$root/scripts/build.sh"
build=${PORTIER_BUILD_DIR:-$root/build}
# A proxied connection takes two descriptors; the tests hold a few thousand.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
cd "$build"
ctest --output-on-failure --timeout 900 "$@"
