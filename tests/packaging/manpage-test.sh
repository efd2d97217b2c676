#!/usr/bin/env bash
# manpage-test.sh
#
# Keeps lab-mock-server(1) honest: the long and short options it names are exactly those of
# `lab-mock-server --help`, and man(1) renders it without a warning (as lintian checks).
# Usage: manpage-test.sh BINARY MANPAGE
#
# SPDX-License-Identifier: Apache-2.0
set -euo pipefail
binary=$1 page=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

"$binary" --help >"$work/help.txt"
# Long options: every --name anywhere in the text. Short ones: "-x, --name" / "-xARG, --name".
grep -oE -- '--[a-z][a-z0-9-]*' "$work/help.txt" | sort -u >"$work/help-long"
grep -oE -- '(^|[[:space:]])-[a-zA-Z][A-Za-z=]*, --[a-z][a-z0-9-]*' "$work/help.txt" |
    sed -E 's/^[[:space:]]*-([a-zA-Z])[^,]*, --(.*)$/-\1 --\2/' | sort -u >"$work/help-short"
# The options the page documents: the tag line of each item (the line after .TP) of its
# OPTIONS section. Any other option it names outside EXAMPLES (which show other commands)
# must exist too. The roff source writes a dash as \-.
awk '/^\.SH /{section=$2} section=="OPTIONS" && tag {print} {tag=/^\.TP/}' "$page" |
    sed 's/\\-/-/g' >"$work/items.txt"
awk '/^\.SH /{section=$2} section!="EXAMPLES"' "$page" | sed 's/\\-/-/g' >"$work/page.txt"
grep -oE -- '--[a-z][a-z0-9-]*' "$work/items.txt" | sort -u >"$work/man-long"
grep -oE -- '-[a-zA-Z] ", " --[a-z][a-z0-9-]*' "$work/items.txt" | sed 's/ ", " / /' | sort -u >"$work/man-short"
unknown=$(grep -oE -- '--[a-z][a-z0-9-]*' "$work/page.txt" | sort -u | comm -23 - "$work/help-long")
[ -z "$unknown" ] || fail "the manual page names options that --help does not know: $unknown"
[ -s "$work/help-long" ] || fail "no option found in --help"
if ! diff -u --label "--help" --label "$(basename "$page")" "$work/help-long" "$work/man-long"; then
    fail "the long options of the manual page and of --help differ (- only in --help, + only in the page)"
fi
if ! diff -u --label "--help" --label "$(basename "$page")" "$work/help-short" "$work/man-short"; then
    fail "the short options of the manual page and of --help differ"
fi
if command -v man >/dev/null; then
    LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" >/dev/null 2>"$work/warnings"
    [ ! -s "$work/warnings" ] || fail "man --warnings: $(cat "$work/warnings")"
fi
echo "packaging.manpage: $(wc -l <"$work/help-long") long and $(wc -l <"$work/help-short") short options agree with --help"
