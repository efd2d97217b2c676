#!/usr/bin/env bash
# debootstrap-test.sh
#
# Installs the .deb (built by packaging.deb-lintian in build-package/) into a fresh Debian 12
# root made with debootstrap, as a new user would with apt, and there runs
# `lab-mock-server --check`, starts the server with a secrets directory, fetches / and /readyz
# from outside the root, then purges the package and checks that nothing of it is left.
# The debootstrap base is cached as a tarball by debootstrap-base.sh (LABMOCK_DEBOOTSTRAP_CACHE,
# default ~/.cache/lab-mock-server) and unpacked afresh for each run. Needs root (chroot) and the
# Debian mirror; exits 77 (skipped) without debootstrap or root.
# Usage: debootstrap-test.sh SOURCE_DIR
#
# SPDX-License-Identifier: Apache-2.0
set -euo pipefail
source=$1
if ! command -v debootstrap >/dev/null; then
    echo "debootstrap is not installed (package debootstrap): skipped"
    exit 77
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "not root (chroot needs it): skipped"
    exit 77
fi
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
deb=$(ls "$source"/build-package/lab-mock-server_*_amd64.deb 2>/dev/null | head -1)
[ -f "$deb" ] || fail "no .deb in $source/build-package (run packaging.deb-lintian first)"

base=$(bash "$(dirname "$0")/debootstrap-base.sh") || fail "no debootstrap base"

root=$(mktemp -d)
server_pid=""
cleanup() {
    [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
    umount "$root/proc" 2>/dev/null || true
    rm -rf "$root"
}
trap cleanup EXIT
tar -C "$root" -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf"
chmod 755 "$root" # apt's download user must reach its lists
mount -t proc proc "$root/proc"

# 1. Install as a user would: apt resolves the dependencies from the mirror.
cp "$deb" "$root/tmp/lab-mock-server.deb"
chroot "$root" apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends \
    /tmp/lab-mock-server.deb >"$root.install.log" 2>&1 || {
    cat "$root.install.log"
    fail "apt-get install of $(basename "$deb")"
}
rm -f "$root.install.log" "$root/tmp/lab-mock-server.deb"

# 2. --check: ready with only the original variables, the password from a secrets directory.
mkdir -p "$root/srv/secrets"
printf 'from-a-file\n' >"$root/srv/secrets/POSTGRES_PASSWORD"
vars=(PATH=/usr/sbin:/usr/bin:/sbin:/bin POSTGRES_USER=lab POSTGRES_HOST=db POSTGRES_PORT=5432 POSTGRES_DB=lab REDIS_HOST=cache REDIS_PORT=6379
    CSRF_SECRET=csrf)
chroot "$root" env -i "${vars[@]}" lab-mock-server --define secrets.dirs=/srv/secrets --check ||
    fail "lab-mock-server --check in the fresh root"

# 3. Serve on a free loopback port (the root shares this host's network) and fetch from outside.
log=$(mktemp)
chroot "$root" env -i "${vars[@]}" lab-mock-server --define secrets.dirs=/srv/secrets --address=127.0.0.1 \
    --port=0 2>"$log" &
server_pid=$!
port=""
for _ in $(seq 300); do # the start-up line names the port; 30 s at most
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log")
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$port" ] || {
    cat "$log"
    fail "the server in the root did not start"
}
python3 - "$port" <<'PY' || fail "/ or /readyz from outside the root"
import sys, urllib.request
port = sys.argv[1]
page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
body = page.read().decode()
assert page.status == 200 and "POSTGRES_PASSWORD" in body and "from-a-file" not in body, body[:200]
ready = urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10)
assert ready.status == 200, ready.status
print(f"served / ({len(body)} bytes) and /readyz 200 on port {port}")
PY
kill "$server_pid"
wait "$server_pid" || true
server_pid=""
rm -f "$log"

# 4. Purge: nothing of the package is left (its dependencies may stay, as apt leaves them).
DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get purge -y -qq lab-mock-server >/dev/null 2>&1 ||
    fail "apt-get purge"
rm -rf "$root/srv/secrets"
left=$(find "$root" -xdev \( -path "$root/proc" -prune \) -o \( -iname '*lab-mock-server*' -o -iname '*labmock*' \) -print)
[ -z "$left" ] || fail "left after purge: $left"
echo "debootstrap: installed, checked, served, purged; nothing left"
