#!/bin/sh
# SPDX-License-Identifier: ISC
#
# freestanding-symbols.sh - libhv, as built for the firmware, needs no C
# library.
#
# Every symbol the archive leaves undefined must be one the firmware itself
# provides: memset, memcpy and memmove (which the compiler may emit calls to
# even with -fno-builtin).  Anything else (malloc, printf, abort, a stack
# protector guard, a libgcc outline atomic) would fail to link at EL2.
#
# Environment: CROSS_NM, the aarch64 nm; HV_FW_ARCHIVE, the archive.
set -eu
LC_ALL=C
export LC_ALL

allowed='memcpy memmove memset'

: "${CROSS_NM:?CROSS_NM is not set (run through make check)}"
: "${HV_FW_ARCHIVE:?HV_FW_ARCHIVE is not set (run through make check)}"

if ! test -s "$HV_FW_ARCHIVE"; then
	echo "FAIL: $HV_FW_ARCHIVE is missing or empty" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Symbols one member defines and another uses show up as undefined in the
# user: only what no member defines is really left to the firmware.
"$CROSS_NM" --defined-only "$HV_FW_ARCHIVE" |
    awk 'NF == 3 { print $3 }' | sort -u >"$tmp/defined"
"$CROSS_NM" -u "$HV_FW_ARCHIVE" |
    awk 'NF == 2 { print $2 }' | sort -u >"$tmp/undefined"
printf '%s\n' $allowed | sort -u >"$tmp/allowed"

if ! test -s "$tmp/defined"; then
	echo "FAIL: $HV_FW_ARCHIVE defines no symbol" >&2
	exit 1
fi

comm -23 "$tmp/undefined" "$tmp/defined" | comm -23 - "$tmp/allowed" \
    >"$tmp/bad"
if test -s "$tmp/bad"; then
	echo "FAIL: $HV_FW_ARCHIVE needs symbols the firmware does not provide:" >&2
	sed 's/^/  /' "$tmp/bad" >&2
	exit 1
fi
needs=$(comm -23 "$tmp/undefined" "$tmp/defined" | tr '\n' ' ')
echo "PASS: $HV_FW_ARCHIVE needs only: ${needs:-nothing}"
exit 0
