#!/usr/bin/env bash
# One command for a new user: installs what is missing, builds, and starts Portier on the
# bundled sample config with two demo backends (the window when a display is present,
# portierd otherwise).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${PORTIER_BUILD_DIR:-$root/build}
sample="$root/resources/samples/portier-sample.json"

cat <<MSG

Portier is starting on $sample:
  listener 127.0.0.1:30003 -> upstream group "backend" (round robin)
    127.0.0.1:7773 and 127.0.0.1:7774, two demo backends that answer each line
Try it from another terminal; each connection goes to the next backend:
  echo hi | nc -N 127.0.0.1 30003
Stop with Ctrl+C.

MSG
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -x "$build/src/app/portier" ]]; then
    exec "$build/src/app/portier" --config "$sample" --demo
fi
exec "$build/src/app/portierd" --config "$sample" --demo
