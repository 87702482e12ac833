#!/usr/bin/env bash
# Cross-builds Portier for 64-bit Windows on Debian: portier.exe, portierd.exe and the test
# executables, into build-win/ (or $PORTIER_WIN_BUILD_DIR), then the installer and the ZIP
# when scripts/package-windows.sh is there.
#
# The Windows Qt and OpenSSL come from an SDK folder (see its README): $PORTIER_WIN64_SDK, by
# default ../shared/win64-sdk beside this checkout when it exists. scripts/build-win64-sdk.sh
# builds one from Debian's sources (about one CPU-hour).
# Extra arguments go to CMake's configure step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" --windows

sdk=${PORTIER_WIN64_SDK:-}
if [[ -z "$sdk" && -d "$root/../shared/win64-sdk" ]]; then
    sdk=$root/../shared/win64-sdk
fi
if [[ -z "$sdk" || ! -f "$sdk/mingw-w64-x86_64.cmake" || ! -d "$sdk/qt6" ]]; then
    cat >&2 <<MSG
build-windows: no Windows SDK found${sdk:+ at '$sdk' (it has no mingw-w64-x86_64.cmake or qt6/)}.
  Set PORTIER_WIN64_SDK to the folder holding the Windows Qt/OpenSSL SDK
  (mingw-w64-x86_64.cmake, qt6/, openssl/), or build one from Debian's sources with
    scripts/build-win64-sdk.sh /path/to/win64-sdk      (about one CPU-hour)
  and then run: PORTIER_WIN64_SDK=/path/to/win64-sdk scripts/build-windows.sh
MSG
    exit 1
fi
sdk=$(cd "$sdk" && pwd)
build=${PORTIER_WIN_BUILD_DIR:-$root/build-win}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${PORTIER_BUILD_TYPE:-Release} \
    -DCMAKE_TOOLCHAIN_FILE="$sdk/mingw-w64-x86_64.cmake" \
    -DCMAKE_PREFIX_PATH="$sdk/qt6" \
    -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake \
    "$@" >/dev/null
cmake --build "$build" --parallel "$(nproc 2>/dev/null || echo 2)"

if [[ -x "$root/scripts/package-windows.sh" || -f "$root/scripts/package-windows.sh" ]]; then
    PORTIER_WIN64_SDK="$sdk" bash "$root/scripts/package-windows.sh" "$build"
fi
