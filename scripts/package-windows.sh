#!/usr/bin/env bash
# Makes the Windows installer (NSIS) and the portable ZIP from a cross-built tree, into that
# build folder, then checks that the ZIP carries every DLL it needs.
#   scripts/package-windows.sh BUILD_DIR     (scripts/build-windows.sh calls it at its end)
# Needs: nsis (makensis), unzip, binutils-mingw-w64-x86-64 (objdump for the DLL check).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: scripts/package-windows.sh BUILD_DIR}" && pwd)
[[ -f "$build/CPackConfig.cmake" ]] || { echo "package-windows: $build is not a configured build folder" >&2; exit 1; }
grep -q 'CPACK_SYSTEM_NAME "win64"' "$build/CPackConfig.cmake" \
    || { echo "package-windows: $build is not a Windows build (configure it with scripts/build-windows.sh)" >&2; exit 1; }
command -v makensis >/dev/null || { echo "package-windows: needs makensis (apt-get install nsis)" >&2; exit 1; }

cd "$build"
rm -f portier-*-win64.exe portier-*-win64.zip
cpack --config CPackConfig.cmake -G "NSIS;ZIP" >cpack.log 2>&1 || { cat cpack.log >&2; echo "package-windows: cpack failed (log above)" >&2; exit 1; }
installer=$(ls portier-*-win64.exe)
zip=$(ls portier-*-win64.zip)
"$root/tests/windows/package-contents.sh" "$build/$zip"
echo "package-windows: $build/$installer"
echo "package-windows: $build/$zip"
