#!/usr/bin/env bash
# debootstrap-base.sh
#
# Makes (once) and names the cached Debian 12 root the packaging tests start from: a
# `debootstrap --variant=minbase bookworm` tarball from the mirror this machine's apt uses,
# kept in LABMOCK_DEBOOTSTRAP_CACHE (default ~/.cache/lab-mock-server). Prints its path.
# Run by debootstrap-test.sh and container-test.sh, which have checked for root and
# debootstrap; exits 1 with the log's tail when debootstrap fails.
# Usage: base=$(bash debootstrap-base.sh)
#
# SPDX-License-Identifier: Apache-2.0
set -euo pipefail
cache=${LABMOCK_DEBOOTSTRAP_CACHE:-${HOME:-/root}/.cache/lab-mock-server}
base=$cache/bookworm-minbase.tar
mkdir -p "$cache"
if [ ! -f "$base" ]; then
    echo "making the debootstrap base (once): $base" >&2
    staging=$(mktemp -d)
    # The mirror this machine's apt uses (deb822 sources or the classic list).
    mirror=$(sed -n 's/^URIs: *\([^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
    [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $2 ~ /\/debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
    if [ -z "$mirror" ]; then
        echo "FAIL: no Debian mirror found in the apt sources" >&2
        exit 1
    fi
    if ! debootstrap --variant=minbase bookworm "$staging" "$mirror" >"$cache/debootstrap.log" 2>&1; then
        tail -20 "$cache/debootstrap.log" >&2
        rm -rf "$staging"
        echo "FAIL: debootstrap" >&2
        exit 1
    fi
    # Written aside and renamed: a test running beside this one never sees half a tarball.
    tar -C "$staging" -cf "$base.$$" . && mv "$base.$$" "$base"
    rm -rf "$staging"
fi
echo "$base"
