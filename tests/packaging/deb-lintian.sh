#!/usr/bin/env bash
# deb-lintian.sh
#
# Builds both .deb files with `cmake --workflow --preset package` (the package preset's own
# build folder, build-package/) and runs lintian on them: no error and no warning may be left
# (overrides, each with its reason, live in packaging/debian/*.lintian-overrides). Also checks
# what a fresh install gets: an empty groups.d, the examples as documentation, the private SDK
# library. Exits 77 (skipped) without lintian or dpkg-deb.
# Usage: deb-lintian.sh SOURCE_DIR
#
# SPDX-License-Identifier: Apache-2.0
set -euo pipefail
source=$1
for tool in lintian dpkg-deb; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is not installed (package ${tool/dpkg-deb/dpkg}): skipped"
        exit 77
    fi
done
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$source"
rm -f build-package/*.deb
cmake --workflow --preset package >"$work/workflow.log" 2>&1 || {
    tail -40 "$work/workflow.log"
    fail "cmake --workflow --preset package"
}
shopt -s nullglob
debs=(build-package/*.deb)
[ "${#debs[@]}" -eq 2 ] || fail "expected 2 packages, got: ${debs[*]}"

server=$(ls build-package/lab-mock-server_*.deb)
dpkg-deb --contents "$server" | awk '{print $NF}' >"$work/contents"
grep -qx './etc/lab-mock-server/groups.d/' "$work/contents" || fail "no /etc/lab-mock-server/groups.d in the package"
if grep -q '^./etc/lab-mock-server/groups.d/.' "$work/contents"; then
    fail "groups.d is not empty: $(grep '^./etc/lab-mock-server/groups.d/.' "$work/contents")"
fi
grep -q '^./usr/share/doc/lab-mock-server/examples/object-store.json$' "$work/contents" ||
    fail "the example group is not in /usr/share/doc/lab-mock-server/examples"
grep -qE '^./usr/lib/[^/]+/lab-mock-server/liblabmock-sdk\.so\.[0-9.]+$' "$work/contents" ||
    fail "the SDK library is not in the private folder <libdir>/lab-mock-server"

# --fail-on error,warning: exit 2 on either; the tags are printed in any case.
status=0
lintian --fail-on error,warning --display-info --tag-display-limit 0 "${debs[@]}" >"$work/lintian.txt" 2>&1 || status=$?
sed '/running with root privileges/d' "$work/lintian.txt"
errors=$(grep -c '^E: ' "$work/lintian.txt" || true)
warnings=$(grep -c '^W: ' "$work/lintian.txt" || true)
[ "$status" -eq 0 ] && [ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ] ||
    fail "lintian (exit $status): $errors errors, $warnings warnings"
echo "lintian: $(basename -a "${debs[@]}" | tr '\n' ' ')— 0 errors, 0 warnings"
