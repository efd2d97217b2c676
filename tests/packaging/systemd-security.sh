#!/usr/bin/env bash
# systemd-security.sh
#
# Rates lab-mock-server.service with `systemd-analyze security --offline=true` and fails
# above MAX (the overall exposure, 0.0 safest to 10.0). Exits 77 (skipped) without systemd.
# Usage: systemd-security.sh UNIT_FILE MAX
#
# SPDX-License-Identifier: Apache-2.0
set -euo pipefail
unit=$1 max=$2
if ! command -v systemd-analyze >/dev/null; then
    echo "systemd-analyze is not installed (package systemd): skipped"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Offline analysis reads the file as it is; ExecStart need not exist.
cp "$unit" "$work/lab-mock-server.service"
report=$(systemd-analyze security --offline=true --no-pager "$work/lab-mock-server.service" 2>&1) || true
score=$(sed -n 's/.*Overall exposure level for lab-mock-server.service: \([0-9.]*\).*/\1/p' <<<"$report")
if [ -z "$score" ]; then
    echo "FAIL: no overall exposure level in:"
    echo "$report"
    exit 1
fi
grep -E '^✗' <<<"$report" || true
if awk -v score="$score" -v max="$max" 'BEGIN { exit !(score > max) }'; then
    echo "FAIL: exposure $score is above $max"
    exit 1
fi
echo "systemd-analyze security: exposure $score (at most $max)"
