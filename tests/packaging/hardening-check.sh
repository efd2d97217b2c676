#!/usr/bin/env bash
# hardening-check.sh
#
# Installs what the server package ships (component runtime) into a temporary root and runs
# Debian's hardening-check (package devscripts) on every ELF file there: the binary, the SDK
# library and each plugin must have stack protector, fortified functions, PIE, full RELRO
# and BIND_NOW. Three verdicts are read as Debian's lintian reads them:
# - "Fortify Source functions: no, only unprotected functions found" passes when those are
#   only memcpy, memset, memmove and their wide forms, which lintian ignores as false
#   positives (calls whose sizes the compiler cannot know get nothing to check), or read,
#   which glibc calls unchecked where the compiler proves the length fits the buffer (the
#   json-groups plugin reads into a fixed buffer of its own size);
# - "Stack protected: no" passes for a library with no function that needs a canary (the SDK
#   library), which lintian does not flag either; the server binary must have it;
# - "Control flow integrity" (-x): Debian 12's glibc start files carry no CET property, so
#   the linker marks no program on it IBT/SHSTK; instead each file must hold endbr64
#   instructions, which -fcf-protection emits.
# Exits 77 (skipped) without hardening-check.
# Usage: hardening-check.sh CMAKE BUILD_DIR
#
# SPDX-License-Identifier: Apache-2.0
set -euo pipefail
cmake=$1 build=$2
if ! command -v hardening-check >/dev/null; then
    echo "hardening-check is not installed (package devscripts): skipped"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
DESTDIR=$work "$cmake" --install "$build" --component runtime >/dev/null

count=0 failed=0
while IFS= read -r -d '' file; do
    [ "$(head -c 4 "$file" | od -An -tx1 | tr -d ' ')" = "7f454c46" ] || continue
    count=$((count + 1))
    name=${file#"$work"}
    status=0
    hardening-check -x --verbose "$file" >"$work/report" 2>&1 || status=$?
    bad=$(grep -E ': no,|: no$' "$work/report" | grep -v '(ignored)' || true)
    unprotected=$(sed -n 's/^[[:space:]]*unprotected: //p' "$work/report" | sort -u | tr '\n' ' ')
    note=""
    if [ -n "$(tr ' ' '\n' <<<"$unprotected" | grep -vxE 'w?mem(cpy|set|move)|read|' || true)" ]; then
        : # a fortifiable function called unprotected: a real failure
    elif [[ "$name" == *.so* ]]; then
        bad=$(grep -vxF -e ' Fortify Source functions: no, only unprotected functions found!' \
            -e ' Stack protected: no, not found!' <<<"$bad" || true)
    else
        bad=$(grep -vxF ' Fortify Source functions: no, only unprotected functions found!' <<<"$bad" || true)
    fi
    if [ "$status" -ne 0 ] && [ -z "$bad" ]; then
        status=0
        note=" (accepted as lintian does: $(grep -E ': no,' "$work/report" | grep -v '(ignored)' | sed 's/^ //; s/!$//' | paste -sd ';'))"
    fi
    if ! grep -q endbr64 < <(objdump -d --no-show-raw-insn "$file"); then
        status=1
        echo " Control flow protection: no endbr64 instruction found" >>"$work/report"
    fi
    if [ "$status" -ne 0 ]; then
        failed=$((failed + 1))
        sed "s|$work||" "$work/report"
    else
        echo "ok  $name$note"
    fi
done < <(find "$work" -type f -print0)
[ "$count" -gt 0 ] || {
    echo "FAIL: no ELF file was installed"
    exit 1
}
if [ "$failed" -gt 0 ]; then
    echo "FAIL: $failed of $count ELF files are not fully hardened"
    exit 1
fi
echo "hardening-check: all $count ELF files pass"
