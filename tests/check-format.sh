#!/usr/bin/env bash
# Fails when a C++ file of the repository differs from what .clang-format asks for.
set -euo pipefail
cd "$1"
files=()
while IFS= read -r file; do
    [ -f "$file" ] && files+=("$file") # a deletion not yet committed is still listed
done < <(git ls-files --cached --others --exclude-standard -- '*.h' '*.cpp' 2>/dev/null ||
    find core plugins tests -name '*.h' -o -name '*.cpp')
[ "${#files[@]}" -gt 0 ] || { echo "no C++ files found"; exit 1; }
clang-format --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} files checked"
