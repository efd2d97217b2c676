#!/usr/bin/env bash
# systemd-verify.sh
#
# Checks lab-mock-server.service with `systemd-analyze verify`, its ExecStart pointed at a
# built binary (verify insists that the binary exists) and MANPATH at the source tree's
# manual pages (verify runs man(1) for Documentation=man:…). Exits 77 (skipped) without systemd.
# Usage: systemd-verify.sh UNIT_FILE BINARY MANDIR
#
# SPDX-License-Identifier: Apache-2.0
set -euo pipefail
unit=$1
binary=$2
export MANPATH=$3
if ! command -v systemd-analyze >/dev/null; then
    echo "systemd-analyze is not installed (package systemd): skipped"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sed "s|^ExecStart=/usr/bin/lab-mock-server\$|ExecStart=$binary|" "$unit" >"$work/lab-mock-server.service"
grep -qxF "ExecStart=$binary" "$work/lab-mock-server.service" || {
    echo "FAIL: no line ExecStart=/usr/bin/lab-mock-server in $unit"
    exit 1
}
# The server tells systemd when it is ready and pets the watchdog (SystemdNotifier): the unit
# must ask for both, or a busy port loops and a wedged server is never restarted.
for line in Type=notify NotifyAccess=main; do
    grep -qx "$line" "$unit" || {
        echo "FAIL: no line $line in $unit"
        exit 1
    }
done
grep -qE '^WatchdogSec=[1-9]' "$unit" || {
    echo "FAIL: no WatchdogSec= in $unit"
    exit 1
}
# verify exits 0 after many complaints (an unknown setting or a bad value is "ignored"):
# any output at all is a failure.
status=0
output=$(systemd-analyze verify "$work/lab-mock-server.service" 2>&1) || status=$?
if [ "$status" -ne 0 ] || [ -n "$output" ]; then
    echo "FAIL: systemd-analyze verify (exit $status):"
    echo "$output"
    exit 1
fi
echo "systemd-analyze verify: $(basename "$unit") ok"
