#!/usr/bin/env bash
# Renders the SVG sources in this folder into the PNGs the program embeds (png/, under
# :/icons/ by src/gui/CMakeLists.txt) and the Windows icon (portier.ico). Run it after changing an SVG and commit the
# results: the program does not depend on Qt's SVG module at run time (the Windows SDK has
# qtbase only), and a build needs no rsvg-convert for them.
# Needs rsvg-convert (Debian: librsvg2-bin) and python3.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf png
mkdir -p png
app_sizes="16 22 24 32 48 64 128 256"
page_sizes="16 22 24 32 48 64"
for svg in portier.svg tray-*.svg; do
    for size in $app_sizes; do
        rsvg-convert -w "$size" -h "$size" -o "png/${svg%.svg}-$size.png" "$svg"
    done
done
for svg in page-*.svg; do
    for size in $page_sizes; do
        rsvg-convert -w "$size" -h "$size" -o "png/${svg%.svg}-$size.png" "$svg"
    done
done
cp png/portier-256.png portier.png

# The Windows icon: PNG-compressed entries (Windows Vista and later read them at every size).
python3 - <<'PY'
import struct
sizes = [16, 24, 32, 48, 64, 128, 256]
images = [open(f'png/portier-{s}.png', 'rb').read() for s in sizes]
header = struct.pack('<HHH', 0, 1, len(images))
offset = 6 + 16 * len(images)
entries = b''
for size, data in zip(sizes, images):
    side = 0 if size == 256 else size  # 0 means 256
    entries += struct.pack('<BBBBHHII', side, side, 0, 0, 1, 32, len(data), offset)
    offset += len(data)
with open('portier.ico', 'wb') as f:
    f.write(header + entries + b''.join(images))
PY

