#!/bin/sh
# CPACK_NSIS_EXECUTABLE when cross-building: makensis with the 64-bit Unicode stub. Debian's
# default stub is 32-bit, and the Wine the tests use runs 64-bit programs only.
exec makensis -XTarget\ amd64-unicode "$@"
