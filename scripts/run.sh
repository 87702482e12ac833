#!/usr/bin/env bash
# One command for a new user: installs what is missing, builds, and starts Portier on the
# sample config with two demo backends (the window when a display is present, portierd
# otherwise). It runs the user's copy of the sample, made in Portier's config folder the first
# time, so Save never writes into this repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${PORTIER_BUILD_DIR:-$root/build}
# The folder the window's "Open the sample" uses too (QStandardPaths::AppConfigLocation).
config_dir="${XDG_CONFIG_HOME:-$HOME/.config}/Portier/Portier"
sample="$config_dir/portier-sample.json"
if [[ ! -e "$sample" ]]; then
    mkdir -p "$config_dir"
    cp "$root/resources/samples/portier-sample.json" "$sample"
    chmod u+w "$sample"
fi

cat <<MSG

Portier is starting on $sample (your copy of the sample; edit and save it freely):
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
