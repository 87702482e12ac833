#!/usr/bin/env bash
# Builds the Windows SDK that scripts/build-windows.sh cross-builds against, from Debian's own
# source packages: Qt 6.4.2 qtbase (Core, Gui, Widgets, Network, Test; the windows platform
# plugin; Schannel as Qt's TLS backend) and OpenSSL 3.0, for x86_64-w64-mingw32 (posix
# threads), plus the CMake toolchain file. Takes about one CPU-hour (Qt is most of it).
# Needs root (apt-get source/install) and Debian 12's deb822 sources file.
# Usage: scripts/build-win64-sdk.sh OUTDIR [WORKDIR]   then: PORTIER_WIN64_SDK=OUTDIR scripts/build-windows.sh
set -euo pipefail
OUT=$(realpath -m "${1:?usage: build-win64-sdk.sh OUTDIR [WORKDIR]}"); WORK=$(realpath -m "${2:-/tmp/win64-sdk-work}")
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends g++-mingw-w64-x86-64-posix wine nsis dpkg-dev \
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools cmake ninja-build perl >/dev/null
mkdir -p "$WORK" "$OUT"

# The toolchain file: MinGW-w64 (posix threads) with the Qt and OpenSSL beside it; Wine runs
# the cross-built tests.
cat >"$OUT/mingw-w64-x86_64.cmake" <<'EOF'
# CMake toolchain file: Debian's MinGW-w64 (posix threads) -> 64-bit Windows, with the Qt and OpenSSL
# of this SDK. Use: cmake -DCMAKE_TOOLCHAIN_FILE=<sdk>/mingw-w64-x86_64.cmake
#                         -DQT_HOST_PATH=/usr -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake ...
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR AMD64)
set(TOOLCHAIN_PREFIX x86_64-w64-mingw32)
set(CMAKE_C_COMPILER   ${TOOLCHAIN_PREFIX}-gcc-posix)
set(CMAKE_CXX_COMPILER ${TOOLCHAIN_PREFIX}-g++-posix)
set(CMAKE_RC_COMPILER  ${TOOLCHAIN_PREFIX}-windres)
set(CMAKE_AR           /usr/bin/${TOOLCHAIN_PREFIX}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB       /usr/bin/${TOOLCHAIN_PREFIX}-ranlib CACHE FILEPATH "")
set(PORTIER_WIN64_SDK_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(CMAKE_FIND_ROOT_PATH /usr/${TOOLCHAIN_PREFIX} "${PORTIER_WIN64_SDK_DIR}/openssl" "${PORTIER_WIN64_SDK_DIR}/qt6")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(OPENSSL_ROOT_DIR "${PORTIER_WIN64_SDK_DIR}/openssl" CACHE PATH "")
set(CMAKE_CROSSCOMPILING_EMULATOR /usr/bin/wine)
EOF

cd "$WORK"
# Debian's source packages (a deb-src entry beside the binary one, removed again afterwards).
src=/etc/apt/sources.list.d/win64-sdk-src.sources
sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"$src"
trap 'rm -f "$src"; apt-get update -qq || true' EXIT
apt-get update -qq
[ -d qtbase-everywhere-src-6.4.2 ] || apt-get source -q qt6-base=6.4.2+dfsg-10 >/dev/null 2>&1 || apt-get source -q qt6-base >/dev/null
ossl=$(ls -d openssl-3.0.* 2>/dev/null | head -n1); [ -n "$ossl" ] || { apt-get source -q openssl >/dev/null; ossl=$(ls -d openssl-3.0.* | head -n1); }
# OpenSSL: shared DLLs, import libraries, headers and openssl.exe.
( cd "$ossl" && ./Configure mingw64 --cross-compile-prefix=x86_64-w64-mingw32- --prefix="$OUT/openssl" --libdir=lib shared no-tests \
  && make -j"$(nproc)" build_sw && make install_sw )
# Qt: the modules Portier uses, with Debian's host Qt 6.4.2 as the host tools.
qsrc=$(ls -d qt6-base-*/ qtbase-everywhere-src-6.4.2/ 2>/dev/null | head -n1)
mkdir -p build-qtbase && cd build-qtbase
"../$qsrc/configure" -prefix "$OUT/qt6" -release -shared -xplatform win32-g++ -qt-host-path /usr \
  -nomake examples -nomake tests -no-opengl -no-dbus -no-openssl -no-icu \
  -no-feature-sql -no-feature-printsupport -no-feature-concurrent -no-feature-tabletevent -no-feature-xml \
  -qt-zlib -qt-pcre -qt-libpng -qt-libjpeg -qt-freetype -qt-harfbuzz -qt-doubleconversion \
  -- -G Ninja -DCMAKE_TOOLCHAIN_FILE="$OUT/mingw-w64-x86_64.cmake" -DQT_HOST_PATH_CMAKE_DIR=/usr/lib/x86_64-linux-gnu/cmake
cmake --build . --parallel "$(nproc)" && cmake --install .
echo "SDK in $OUT; build with: PORTIER_WIN64_SDK=$OUT scripts/build-windows.sh"
