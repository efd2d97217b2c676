#!/usr/bin/env bash
# yamllint.sh
#
# Lints packaging/kubernetes with packaging/.yamllint, strictly (warnings fail too).
# Exits 77 (skipped) without yamllint.
# Usage: yamllint.sh PACKAGING_DIR
#
# SPDX-License-Identifier: Apache-2.0
set -euo pipefail
if ! command -v yamllint >/dev/null; then
    echo "yamllint is not installed (package yamllint): skipped"
    exit 77
fi
yamllint --strict -c "$1/.yamllint" "$1/kubernetes"
echo "yamllint: $1/kubernetes is clean"
